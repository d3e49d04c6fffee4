// Package card builds the filter chain of a placeholder card: an animatic
// card generated inside the render graph, a slowly moving gradient with the
// scene's text (laid out by pipeline/text), at any size and length, no media
// needed.
package card

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
// placeholder card of the given size and colour, starting at pts 0, with
// the text of the ASS script at script drawn by libass (pipeline/text
// writes it), and returns its label. seed makes each scene's motion
// different but deterministic. The text reaches FFmpeg only through the
// file, so any user text is drawn literally; script "" draws no text.
func Placeholder(g *ffmpeg.Graph, script, color string, seed int, w, h int, fps frac.Rational, from, to int64) string {
	out := g.Label("card")
	size := strconv.Itoa(w) + "x" + strconv.Itoa(h)
	fs := []ffmpeg.Filter{
		ffmpeg.F("gradients", "s", size, "r", fps.String(), "c0", color, "c1", "#0b0b12",
			"speed", "0.015", "seed", strconv.Itoa(seed)),
		ffmpeg.F("trim", "start_pts", strconv.FormatInt(from, 10), "end_pts", strconv.FormatInt(to, 10)),
		ffmpeg.F("setpts", "", "PTS-STARTPTS"),
	}
	if script != "" {
		fs = append(fs, ffmpeg.F("ass", "filename", script))
	}
	g.Chain(nil, fs, []string{out})
	return out
}
