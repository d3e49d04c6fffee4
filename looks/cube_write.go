package looks

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Write writes c as a .cube file (six decimals: a round trip is exact to 1e-6).
func (c *Cube) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if c.Title != "" {
		fmt.Fprintf(bw, "TITLE %q\n", c.Title)
	}
	kw := "LUT_3D_SIZE"
	if c.Dim == 1 {
		kw = "LUT_1D_SIZE"
	}
	fmt.Fprintf(bw, "%s %d\n", kw, c.Size)
	fmt.Fprintf(bw, "DOMAIN_MIN %s %s %s\n", f6(c.DomainMin[0]), f6(c.DomainMin[1]), f6(c.DomainMin[2]))
	fmt.Fprintf(bw, "DOMAIN_MAX %s %s %s\n", f6(c.DomainMax[0]), f6(c.DomainMax[1]), f6(c.DomainMax[2]))
	for _, v := range c.Data {
		fmt.Fprintf(bw, "%s %s %s\n", f6(v[0]), f6(v[1]), f6(v[2]))
	}
	return bw.Flush()
}

func f6(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

// Apply maps a colour through the LUT: trilinear interpolation for 3D,
// linear per channel for 1D, inputs clamped to the domain.
func (c *Cube) Apply(in [3]float64) [3]float64 {
	var pos [3]float64
	for i := range pos {
		t := (in[i] - c.DomainMin[i]) / (c.DomainMax[i] - c.DomainMin[i])
		pos[i] = math.Max(0, math.Min(1, t)) * float64(c.Size-1)
	}
	if c.Dim == 1 {
		var out [3]float64
		for i := range out {
			lo := int(math.Floor(pos[i]))
			hi := min(lo+1, c.Size-1)
			f := pos[i] - float64(lo)
			out[i] = c.Data[lo][i]*(1-f) + c.Data[hi][i]*f
		}
		return out
	}
	return c.trilinear(pos)
}

// trilinear interpolates the 3D table at grid position pos.
func (c *Cube) trilinear(pos [3]float64) [3]float64 {
	var lo, hi [3]int
	var f [3]float64
	for i := range pos {
		lo[i] = int(math.Floor(pos[i]))
		hi[i] = min(lo[i]+1, c.Size-1)
		f[i] = pos[i] - float64(lo[i])
	}
	at := func(r, g, b int) [3]float64 { return c.Data[(b*c.Size+g)*c.Size+r] }
	var out [3]float64
	for k := 0; k < 8; k++ {
		r, wr := lo[0], 1-f[0]
		if k&1 != 0 {
			r, wr = hi[0], f[0]
		}
		g, wg := lo[1], 1-f[1]
		if k&2 != 0 {
			g, wg = hi[1], f[1]
		}
		b, wb := lo[2], 1-f[2]
		if k&4 != 0 {
			b, wb = hi[2], f[2]
		}
		v, w := at(r, g, b), wr*wg*wb
		out[0], out[1], out[2] = out[0]+w*v[0], out[1]+w*v[1], out[2]+w*v[2]
	}
	return out
}
