package plan

import "github.com/reel-film/reel/internal/ffmpeg"

// GIF palette settings, measured on 160x90 clips against the film (mean
// error, levels of 0-255): in a clip of a still grey ramp, a colour
// gradient and moving testsrc2, stats_mode=full keeps the ramp within 2.3
// per pixel, diff (which counts only what moves, and so starves what
// stands still) 5.5; on a colour gradient with more colours than a palette
// holds, per 4x4 block, sierra2_4a 1.8 and floyd_steinberg 2.0 against
// 5.5 for bayer and 9.6 for none, which band (TestDerivedGIF). See
// docs/project-file.md.
const (
	gifStats  = "full"
	gifDither = "sierra2_4a"
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
