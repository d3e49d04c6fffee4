package grade

import (
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/looks"
)

// Sheet adds to g a contact sheet of the picture at in (already w×h, BT.709
// TV-range Y'CbCr): the picture as it is, then under every preset, each
// tile labelled, cols tiles a row. It returns the label of the sheet.
func Sheet(g *ffmpeg.Graph, in string, presets []looks.Preset, w, h, cols int) string {
	n := len(presets) + 1
	rows := (n + cols - 1) / cols
	tiles := make([]string, n)
	for i := range tiles {
		tiles[i] = g.Label("tile")
	}
	g.Chain([]string{in}, []ffmpeg.Filter{ffmpeg.F("format", "pix_fmts", "yuv420p"), ffmpeg.F("split", "", strconv.Itoa(n))}, tiles)
	var stack []string
	var layout []string
	for i := 0; i < rows*cols; i++ {
		out := g.Label("cell")
		switch {
		case i == 0:
			g.Chain([]string{tiles[0]}, []ffmpeg.Filter{label("original", h)}, []string{out})
		case i < n:
			p := presets[i-1]
			fs := append(Compile(p.Look, 1, nil).Filters(), label(p.Name, h))
			g.Chain([]string{tiles[i]}, fs, []string{out})
		default: // an empty cell completes the grid
			g.Chain(nil, []ffmpeg.Filter{ffmpeg.F("color", "c", "black", "s", strconv.Itoa(w)+"x"+strconv.Itoa(h), "d", "1"),
				ffmpeg.F("format", "pix_fmts", "yuv420p")}, []string{out})
		}
		stack = append(stack, out)
		layout = append(layout, strconv.Itoa(i%cols*w)+"_"+strconv.Itoa(i/cols*h))
	}
	sheet := g.Label("sheet")
	g.Chain(stack, []ffmpeg.Filter{ffmpeg.F("xstack", "inputs", strconv.Itoa(len(stack)), "layout", strings.Join(layout, "|"))}, []string{sheet})
	return sheet
}

// label draws a tile's name in its bottom-left corner.
func label(text string, h int) ffmpeg.Filter {
	size := strconv.Itoa(max(10, h/12))
	return ffmpeg.F("drawtext", "text", text, "expansion", "none", "fontsize", size, "fontcolor", "white",
		"box", "1", "boxcolor", "black@0.55", "boxborderw", "4", "x", "8", "y", "h-text_h-8")
}
