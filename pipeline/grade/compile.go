// Package grade is reel's colour grading: the compilation of looks
// (package looks: looks as data, presets, .cube files) to the cheapest
// FFmpeg filters that reproduce them (Ops, working in Y'CbCr so a grade
// costs about 2 ms per 720p frame), the export of any look as a .cube,
// colour maths (BT.709, CIELAB, delta E) and shot matching (Stats →
// Correction). It is pure: nothing here runs FFmpeg.
package grade

import (
	"math"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/looks"
)

// Ops is a compiled grade: what the render runs, in this order, on 8-bit
// BT.709 TV-range 4:2:0 frames.
//
//  1. lutyuv: one 1D table per plane (luma curve; chroma scale and the shot
//     match correction). A plane the grade leaves alone keeps "val".
//  2. colorcorrect: chroma offsets that follow luma linearly (white balance,
//     split toning): at code Y the offset is L + (Y/255)·(H − L), in units
//     of 255 codes. Zero when there is no tone.
//
// Both filters work in Y'CbCr on integers: about 2 ms per 720p frame
// together, against about 10 ms for a trip through RGB alone.
type Ops struct {
	Y, U, V Table
	Tone    Tone
}

// Tone is the options of colorcorrect: the Cb (blue) and Cr (red) offsets at
// black (L) and white (H) of the 0..255 code range.
type Tone struct{ BL, RL, BH, RH float64 }

// ccScale converts a normalized chroma offset (-0.5..0.5 of the 224-code
// range) to colorcorrect's units (fractions of 255 codes).
const ccScale = 224.0 / 255

// IsIdentity reports whether o changes nothing.
func (o Ops) IsIdentity() bool {
	return o.Y.IsIdentity() && o.U.IsIdentity() && o.V.IsIdentity() && o.Tone == Tone{}
}

// Compile turns a look at an intensity (0..1) into its operations, after an
// optional shot-matching correction (nil: none). Intensity blends every
// operation toward the identity; 0 gives the identity.
func Compile(l looks.Look, intensity float64, corr *Correction) Ops {
	i := clamp01(intensity)
	luma := lumaCurve(l)
	sat := 1 + i*l.Saturation
	o := Ops{
		Y: newTable(func(v float64) float64 {
			y := (v - 16) / 219
			return 16 + 219*(clamp01(y)+i*(luma(clamp01(y))-clamp01(y)))
		}, 16, 235),
		U:    newTable(func(v float64) float64 { return 128 + sat*(v-128) }, 16, 240),
		V:    newTable(func(v float64) float64 { return 128 + sat*(v-128) }, 16, 240),
		Tone: tone(l, i),
	}
	if i == 0 || !tonal(l) {
		o.Y = identityTable()
	}
	if i == 0 || l.Saturation == 0 {
		o.U, o.V = identityTable(), identityTable()
	}
	if corr != nil {
		o.Y = o.Y.compose(corr.Y)
		o.U = o.U.compose(corr.U)
		o.V = o.V.compose(corr.V)
	}
	return o
}

// tonal reports whether l changes luma at all.
func tonal(l looks.Look) bool {
	return l.Exposure != 0 || l.Contrast != 0 || l.Lift != 0 || l.Gamma != 0 || l.Gain != 0 || len(l.Curve) > 0
}

// lumaCurve is the tonal part of l on normalized luma (0..1): exposure,
// lift and gain, gamma, contrast, then the curve.
func lumaCurve(l looks.Look) func(float64) float64 {
	curve := newSpline(l.Curve)
	p := 1 + l.Contrast
	return func(y float64) float64 {
		y *= math.Exp2(l.Exposure)
		y = (1 + l.Gain) * (y + l.Lift*(1-y))
		y = math.Pow(clamp01(y), 1/(1+l.Gamma))
		if p != 1 && y > 0 && y < 1 {
			a, b := math.Pow(y, p), math.Pow(1-y, p)
			y = a / (a + b)
		}
		return clamp01(curve(y))
	}
}

// tone is the colour that follows luma: shadows at black; highlights,
// temperature and tint at white; scaled by the intensity i.
func tone(l looks.Look, i float64) Tone {
	wb := [3]float64{
		0.1*l.Temperature + 0.05*l.Tint + l.Highlights[0],
		-0.1*l.Tint + l.Highlights[1],
		-0.1*l.Temperature + 0.05*l.Tint + l.Highlights[2],
	}
	sb, sr := chromaOf(l.Shadows)
	hb, hr := chromaOf(wb)
	// colorcorrect interpolates on t = Y/255; black and white are at
	// t0 = 16/255 and t1 = 235/255. Solve for its options at t = 0 and 1.
	t0, t1 := 16.0/255, 235.0/255
	at := func(s, h float64) (lo, hi float64) {
		s, h = i*s*ccScale, i*h*ccScale
		d := (h - s) / (t1 - t0)
		lo = s - t0*d
		return lo, lo + d
	}
	var t Tone
	t.BL, t.BH = at(sb, hb)
	t.RL, t.RH = at(sr, hr)
	return Tone{BL: round6(t.BL), RL: round6(t.RL), BH: round6(t.BH), RH: round6(t.RH)}
}

// Eval applies o to one pixel, as the filters do (without their integer
// rounding): the model behind the exported .cube.
func (o Ops) Eval(p YCbCr) YCbCr {
	y, u, v := o.Y.Eval(p.Y), o.U.Eval(p.Cb), o.V.Eval(p.Cr)
	t := clamp(math.Round(y), 0, 255) / 255 // colorcorrect reads the stored 8-bit luma
	u += 255 * (o.Tone.BL + t*(o.Tone.BH-o.Tone.BL))
	v += 255 * (o.Tone.RL + t*(o.Tone.RH-o.Tone.RL))
	return YCbCr{Y: y, Cb: clamp(u, 0, 255), Cr: clamp(v, 0, 255)}
}

// Filters are the FFmpeg filters of o, cheapest form: none for the
// identity. The input must be 8-bit BT.709 TV-range Y'CbCr; the first filter
// makes sure of the layout (a no-op on the usual yuv420p).
func (o Ops) Filters() []ffmpeg.Filter {
	if o.IsIdentity() {
		return nil
	}
	fs := []ffmpeg.Filter{ffmpeg.F("format", "pix_fmts", "yuv420p")}
	if !(o.Y.IsIdentity() && o.U.IsIdentity() && o.V.IsIdentity()) {
		fs = append(fs, ffmpeg.F("lutyuv", "y", o.Y.Expr(), "u", o.U.Expr(), "v", o.V.Expr()))
	}
	if o.Tone != (Tone{}) {
		// colorcorrect truncates: half a code on every offset rounds instead.
		const half = 0.5 / 255
		t := o.Tone
		fs = append(fs, ffmpeg.F("colorcorrect", "rl", num(t.RL+half), "bl", num(t.BL+half),
			"rh", num(t.RH+half), "bh", num(t.BH+half)))
	}
	return fs
}
