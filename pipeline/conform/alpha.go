package conform

import (
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/probe"
)

// flatten returns the filters that composite a picture with an alpha
// channel over black, the background of the cover, contain and stretch
// fits (and of the blur fit's blurred copy): nothing for an opaque source.
// Over black is the colour multiplied by its alpha (premultiply), done in
// planar RGB with alpha; a YUV source is converted with its own matrix and
// range. The alpha channel stays, opaque in effect, until Finish drops it.
func flatten(v *probe.Video) []ffmpeg.Filter {
	if v == nil || !v.Alpha {
		return nil
	}
	return []ffmpeg.Filter{
		ffmpeg.F("scale", "in_color_matrix", inMatrix(v), "in_range", inRange(v)),
		ffmpeg.F("format", "pix_fmts", "gbrap"),
		ffmpeg.F("premultiply", "inplace", "1"),
	}
}
