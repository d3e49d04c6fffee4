package plan

import "github.com/reel-film/reel/internal/ffmpeg"

// drawOverlay draws image or video layer l on the segment of frames frames
// starting at film frame from, and returns the label of the result.
func (b *builder) drawOverlay(g *ffmpeg.Graph, in *inputs, lbl string, l layer, from, frames int64) string {
	return lbl // image and video layers: issue 12
}
