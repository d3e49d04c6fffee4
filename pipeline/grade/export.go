package grade

import "github.com/reel-film/reel/looks"

// ExportSize is the side of the 3D LUT `reel grades export` writes: 33 is
// what Resolve and Premiere ship and load fastest.
const ExportSize = 33

// Export samples compiled operations over an RGB grid: the .cube of a look.
// Each point goes RGB → BT.709 TV-range Y'CbCr → ops → RGB, as the render
// and a player do, so the LUT reproduces the render.
func Export(ops Ops, title string, size int) *looks.Cube {
	c := &looks.Cube{Title: title, Dim: 3, Size: size, DomainMax: [3]float64{1, 1, 1}, Data: make([][3]float64, 0, size*size*size)}
	step := 1 / float64(size-1)
	for b := 0; b < size; b++ {
		for g := 0; g < size; g++ {
			for r := 0; r < size; r++ {
				in := RGB{float64(r) * step, float64(g) * step, float64(b) * step}
				c.Data = append(c.Data, ops.Eval(in.ToYCbCr()).RGB())
			}
		}
	}
	return c
}
