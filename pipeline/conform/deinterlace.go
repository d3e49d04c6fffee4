package conform

import (
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/probe"
)

// Deinterlace modes of a scene (config.Deinterlaces).
const (
	DeinterlaceAuto = "auto" // the clips flagged interlaced (field order tt, bb, tb or bt); "" too
	DeinterlaceOn   = "on"   // every frame, whatever the flags say
	DeinterlaceOff  = "off"  // never
)

// Deinterlace returns the filter that deinterlaces a clip before Timing,
// or nil, and the factor by which it multiplies the stream's timestamps:
// bwdif halves the time base (its timestamps count fields), so an origin
// in the stream's ticks must be multiplied by it (1 without the filter).
//
// With auto, a clip flagged interlaced is deinterlaced frame by frame where
// the frames say they are interlaced (deint=interlaced); with on, every
// frame (for a file flagged wrongly). When the output's frame rate is
// above the clip's, bwdif makes one frame per field (25i gives 50p motion
// for a 50 fps film); otherwise one per frame. The field order comes from
// each frame (parity auto).
func Deinterlace(mode string, v *probe.Video, out frac.Rational) ([]ffmpeg.Filter, int64) {
	var deint string
	switch {
	case v == nil || v.Still || mode == DeinterlaceOff:
		return nil, 1
	case mode == DeinterlaceOn:
		deint = "all"
	case v.Interlaced():
		deint = "interlaced"
	default:
		return nil, 1
	}
	rate := "send_frame"
	if !v.FPS.IsZero() && out.Float() > v.FPS.Float()*1.001 {
		rate = "send_field"
	}
	return []ffmpeg.Filter{ffmpeg.F("bwdif", "mode", rate, "parity", "auto", "deint", deint)}, 2
}
