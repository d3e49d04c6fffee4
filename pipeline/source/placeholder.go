// Package source describes where a scene's pictures come from. A placeholder
// is an animatic card generated inside the render graph: a slowly moving
// gradient with the scene's text, at any size and length, no media needed.
package source

import (
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
)

// palette gives each placeholder scene a distinct base colour by index.
var palette = []string{"#1f3b73", "#7a2e3a", "#2f6b4f", "#6b4f2f", "#4b2f6b", "#2f5f6b", "#6b2f5a", "#5a6b2f"}

// DefaultColor is the base colour of the placeholder of the scene at index i.
func DefaultColor(i int) string { return palette[i%len(palette)] }

// Placeholder adds to g a source chain producing frames [from, to) of a
// placeholder card of the given size, colour and text, starting at pts 0, and
// returns its label. seed makes each scene's motion different but
// deterministic. Text is escaped by the builder and drawn literally
// (expansion=none), so any user text is safe.
func Placeholder(g *ffmpeg.Graph, text, color string, seed int, w, h int, fps frac.Rational, from, to int64) string {
	out := g.Label("card")
	size := strconv.Itoa(w) + "x" + strconv.Itoa(h)
	fontSize := strconv.Itoa(fitFont(text, w, h))
	g.Chain(nil, []ffmpeg.Filter{
		ffmpeg.F("gradients", "s", size, "r", fps.String(), "c0", color, "c1", "#0b0b12",
			"speed", "0.015", "seed", strconv.Itoa(seed)),
		ffmpeg.F("trim", "start_pts", strconv.FormatInt(from, 10), "end_pts", strconv.FormatInt(to, 10)),
		ffmpeg.F("setpts", "", "PTS-STARTPTS"),
		ffmpeg.F("drawtext", "text", text, "expansion", "none", "fontsize", fontSize,
			"fontcolor", "white", "shadowcolor", "black@0.6", "shadowx", "2", "shadowy", "2",
			"x", "(w-text_w)/2", "y", "(h-text_h)/2"),
	}, []string{out})
	return out
}

// fitFont picks a font size that keeps text on one line inside the card:
// a tenth of the height, smaller for long text (a glyph is about 0.6 of the
// size wide).
func fitFont(text string, w, h int) int {
	size := h / 10
	if n := len([]rune(text)); n > 0 {
		size = min(size, int(float64(w)*0.9/(0.6*float64(n))))
	}
	return max(size, 8)
}
