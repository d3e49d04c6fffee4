package plan

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/text"
)

// drawText draws the text layers ls (in order, later over earlier) on the
// segment of frames frames starting at film frame from, and returns the
// label of the result. The layers are one ASS script (pipeline/text
// writes it) drawn by one libass pass; layers whose font files lie in
// different directories take a pass per directory, since libass reads
// font files from one directory per pass. While libass draws, film frame
// F is timed at (F+1)/text.FrameRate seconds, so every event starts and
// ends on the frame the plan says; the frames are then timed back.
func (b *builder) drawText(g *ffmpeg.Graph, in *inputs, lbl string, ls []layer, from, frames int64) string {
	c := text.Canvas{W: b.target.Width, H: b.target.Height, FPS: b.target.FPS, PxScale: b.pxScale}
	for _, run := range byFontDir(ls) {
		placed := make([]text.Placed, len(run))
		fontFile := ""
		for i, l := range run {
			placed[i] = text.Placed{Layer: l.cfg, From: l.from, To: l.to}
			if l.cfg.FontFile != "" {
				fontFile = l.cfg.FontFile
			}
		}
		name := fmt.Sprintf("text-%06d-%d.ass", from, len(in.writes))
		opts := []string{"filename", in.write(File{Path: filepath.Join(b.workDir, name), Content: text.LayerScript(placed, from, frames, c, b.fonts)})}
		if fontFile != "" {
			opts = append(opts, "fontsdir", InDir(in.ref(fontFile)))
		}
		out := g.Label("text")
		g.Chain([]string{lbl}, []ffmpeg.Filter{
			ffmpeg.F("settb", "expr", "1/"+strconv.Itoa(text.FrameRate)),
			ffmpeg.F("setpts", "", fmt.Sprintf("N+%d", from+1)),
			ffmpeg.F("ass", opts...),
			ffmpeg.F("settb", "expr", b.target.FPS.Inv().String()),
			ffmpeg.F("setpts", "", "N"),
		}, []string{out})
		lbl = out
	}
	return lbl
}

// byFontDir splits consecutive text layers into runs that libass can draw
// in one pass: the font files of a run's layers share a directory.
func byFontDir(ls []layer) [][]layer {
	var runs [][]layer
	dir := ""
	for _, l := range ls {
		d := ""
		if l.cfg.FontFile != "" {
			d = filepath.Dir(l.cfg.FontFile)
		}
		if len(runs) == 0 || d != "" && dir != "" && d != dir {
			runs = append(runs, nil)
			dir = ""
		}
		if d != "" {
			dir = d
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], l)
	}
	return runs
}

// textWarnings are the layout problems of the text layers, each said once
// at its layer (not at every segment it touches).
func (b *builder) textWarnings() []string {
	c := text.Canvas{W: b.target.Width, H: b.target.Height, FPS: b.target.FPS, PxScale: b.pxScale}
	var out []string
	for _, l := range b.layers {
		if l.cfg.Kind != config.LayerText {
			continue
		}
		for _, w := range text.LayerWarnings(text.Placed{Layer: l.cfg, From: l.from, To: l.to}, c, b.fonts) {
			out = append(out, l.cfg.Pos.Errorf("%s", w).Error())
		}
	}
	return out
}
