package plan

import "github.com/reel-film/reel/internal/ffmpeg"

// GIF palette settings, measured on a clip of a grey ramp, a colour
// gradient and testsrc2 (160x90, 12 fps; mean error of 10x10 blocks
// against the film, 0-255): stats_mode=full 0.42 on the ramp against 0.72
// for diff, which counts only what moves and so starves a still
// gradient; error diffusion (sierra2_4a 4.2 on the colour gradient,
// floyd_steinberg 4.2) against 7.2 for bayer and 7.4 for none, which
// band. See docs/project-file.md.
const (
	maxGIFRate = 50 // frames a second: a GIF's shortest frame that plays as written is 2/100 s
	gifStats   = "full"
	gifDither  = "sierra2_4a"
)

// gifPalette adds to g the palette pass of a GIF and returns the label of
// its frames: the clip is made RGB (from the film's BT.709 TV range),
// split, one copy makes a palette of the whole clip (palettegen, 256
// colours, none kept for transparency: a film has none) and the other is
// mapped to it (paletteuse) with error diffusion. palettegen sees every
// frame before paletteuse maps the first, so the clip's frames are held in
// memory: a GIF is short and small.
func gifPalette(g *ffmpeg.Graph, in string) string {
	a, b, pal, out := g.Label("gif"), g.Label("gif"), g.Label("palette"), g.Label("v")
	g.Chain([]string{in}, []ffmpeg.Filter{
		ffmpeg.F("setsar", "", "1"),
		ffmpeg.F("scale", "in_color_matrix", "bt709", "in_range", "tv"),
		ffmpeg.F("format", "pix_fmts", "rgb32"),
		ffmpeg.F("split", "", "2"),
	}, []string{a, b})
	g.Chain([]string{a}, []ffmpeg.Filter{
		ffmpeg.F("palettegen", "stats_mode", gifStats, "reserve_transparent", "0"),
	}, []string{pal})
	g.Chain([]string{b, pal}, []ffmpeg.Filter{
		ffmpeg.F("paletteuse", "dither", gifDither),
	}, []string{out})
	return out
}
