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

// Deinterlacing is what deinterlacing adds to a clip's scene job.
type Deinterlacing struct {
	// Filters come first, before Timing.
	Filters []ffmpeg.Filter
	// Ticks is the factor by which Filters multiply the stream's timestamps:
	// bwdif halves the time base (its timestamps count fields), so an origin
	// in the stream's ticks must be multiplied by it. 1 without Filters.
	Ticks int64
}

// Deinterlace returns the deinterlacing of a clip, or none (Ticks 1).
//
// With auto, a clip flagged interlaced is deinterlaced frame by frame where
// the frames say they are interlaced (deint=interlaced); with on, every
// frame (for a file flagged wrongly). When the output's frame rate is
// above the clip's, bwdif makes one frame per field (25i gives 50p motion
// for a 50 fps film); otherwise one per frame. The field order comes from
// each frame (parity auto).
func Deinterlace(mode string, v *probe.Video, out frac.Rational) Deinterlacing {
	var deint string
	switch {
	case v == nil || v.Still || mode == DeinterlaceOff:
		return Deinterlacing{Ticks: 1}
	case mode == DeinterlaceOn:
		deint = "all"
	case v.Interlaced():
		deint = "interlaced"
	default:
		return Deinterlacing{Ticks: 1}
	}
	rate := "send_frame"
	if !v.FPS.IsZero() && out.Float() > v.FPS.Float()*1.001 {
		rate = "send_field"
	}
	d := Deinterlacing{Filters: []ffmpeg.Filter{ffmpeg.F("bwdif", "mode", rate, "parity", "auto", "deint", deint)}, Ticks: 2}
	// FFmpeg turns a clip with a display rotation before the graph sees it,
	// but fields are rows of the stored picture (a quarter turn makes them
	// columns, a half turn swaps their order): turn it back, deinterlace,
	// and turn it again. (-noautorotate would keep the turn in the output's
	// display matrix.)
	if back := rotate((360 - v.Rotation) % 360); back != nil {
		d.Filters = append(append(back, d.Filters...), rotate(v.Rotation)...)
	}
	return d
}

// rotate returns the filters that turn a picture clockwise by deg, as
// FFmpeg's autorotate does: nil for 0.
func rotate(deg int) []ffmpeg.Filter {
	switch deg {
	case 90:
		return []ffmpeg.Filter{ffmpeg.F("transpose", "dir", "clock")}
	case 180:
		return []ffmpeg.Filter{ffmpeg.F("hflip"), ffmpeg.F("vflip")}
	case 270:
		return []ffmpeg.Filter{ffmpeg.F("transpose", "dir", "cclock")}
	}
	return nil
}
