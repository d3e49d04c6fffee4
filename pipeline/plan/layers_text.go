package plan

import "github.com/reel-film/reel/internal/ffmpeg"

// drawText draws the text layers ls (in order, later over earlier) on the
// segment of frames frames starting at film frame from, and returns the
// label of the result.
func (b *builder) drawText(g *ffmpeg.Graph, in *inputs, lbl string, ls []layer, from, frames int64) string {
	return lbl // text layers: issue 12
}
