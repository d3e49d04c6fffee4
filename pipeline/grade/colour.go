package grade

import "math"

// BT.709 luma coefficients.
const (
	kr = 0.2126
	kb = 0.0722
	kg = 1 - kr - kb
)

// YCbCr is a BT.709 TV-range 8-bit video value as real numbers: Y in
// 16..235, Cb and Cr in 16..240 around 128. The grade works on these.
type YCbCr struct{ Y, Cb, Cr float64 }

// RGB is a non-linear (gamma-encoded) BT.709/sRGB colour with components in 0..1.
type RGB [3]float64

// ToYCbCr converts c to BT.709 TV-range code values (not rounded).
func (c RGB) ToYCbCr() YCbCr {
	y := kr*c[0] + kg*c[1] + kb*c[2]
	return YCbCr{
		Y:  16 + 219*y,
		Cb: 128 + 224*(c[2]-y)/(2*(1-kb)),
		Cr: 128 + 224*(c[0]-y)/(2*(1-kr)),
	}
}

// RGB converts v back to RGB, clipped to 0..1 as a display would.
func (v YCbCr) RGB() RGB {
	y := (v.Y - 16) / 219
	cb, cr := (v.Cb-128)/224, (v.Cr-128)/224
	r := y + 2*(1-kr)*cr
	b := y + 2*(1-kb)*cb
	g := (y - kr*r - kb*b) / kg
	return RGB{clamp01(r), clamp01(g), clamp01(b)}
}

// chromaOf returns the Cb, Cr (normalized: -0.5..0.5) of an RGB difference
// vector, dropping its luma: the colour part of an offset.
func chromaOf(d [3]float64) (cb, cr float64) {
	y := kr*d[0] + kg*d[1] + kb*d[2]
	return (d[2] - y) / (2 * (1 - kb)), (d[0] - y) / (2 * (1 - kr))
}

// Lab is a CIELAB colour (D65 white).
type Lab struct{ L, A, B float64 }

// Lab converts c (sRGB transfer, BT.709 primaries, D65) to CIELAB.
func (c RGB) Lab() Lab {
	var lin [3]float64
	for i, v := range c {
		if v <= 0.04045 {
			lin[i] = v / 12.92
		} else {
			lin[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	x := 0.4124564*lin[0] + 0.3575761*lin[1] + 0.1804375*lin[2]
	y := 0.2126729*lin[0] + 0.7151522*lin[1] + 0.0721750*lin[2]
	z := 0.0193339*lin[0] + 0.1191920*lin[1] + 0.9503041*lin[2]
	fx, fy, fz := labF(x/0.95047), labF(y), labF(z/1.08883)
	return Lab{L: 116*fy - 16, A: 500 * (fx - fy), B: 200 * (fy - fz)}
}

func labF(t float64) float64 {
	const d = 6.0 / 29
	if t > d*d*d {
		return math.Cbrt(t)
	}
	return t/(3*d*d) + 4.0/29
}

// DeltaE is the CIE76 colour difference of two colours (1 is about the
// smallest difference people notice side by side).
func DeltaE(a, b RGB) float64 {
	p, q := a.Lab(), b.Lab()
	return math.Sqrt((p.L-q.L)*(p.L-q.L) + (p.A-q.A)*(p.A-q.A) + (p.B-q.B)*(p.B-q.B))
}

// RGB8 makes an RGB from 0..255 components.
func RGB8(r, g, b float64) RGB { return RGB{r / 255, g / 255, b / 255} }

func clamp01(v float64) float64 { return clamp(v, 0, 1) }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
