package probe

import "github.com/reel-film/reel/internal/frac"

// Origin is where a clip's time zero lies among the file's own timestamps,
// in seconds: the start of its moving pictures when it has them, else the
// start of its sound (its first decoded sample: Audio.Skip), else 0. The picture reel shows at a clip's time t and
// the sound it plays at time t are both found at Origin + t, whatever the
// streams' start times, the container's start, edit lists or AAC priming
// (ffmpeg's muxers express all of these as stream start times), so a clip's
// sound stays in sync with its pictures.
func (i *Info) Origin() float64 {
	switch {
	case i.Video != nil && !i.Video.Still:
		return start(i.Video.StartPTS, i.Video.TimeBase, i.Video.StartTime)
	case i.Audio != nil:
		return start(i.Audio.StartPTS, i.Audio.TimeBase, i.Audio.StartTime) + i.Audio.Skip
	}
	return 0
}

// SeekBase is how far the clip's time zero lies after the point ffmpeg's
// input -ss counts from (the container's start, normally the earliest
// stream's): a clip time t is `-ss SeekBase()+t`. It is negative only in a
// file whose container claims to start after its pictures.
func (i *Info) SeekBase() float64 {
	return i.Origin() - i.StartTime
}

// start is a stream's start in seconds: exactly from its first timestamp
// and time base, else ffprobe's start_time.
func start(pts int64, tb frac.Rational, seconds float64) float64 {
	if tb.IsZero() {
		return seconds
	}
	return float64(pts) * float64(tb.Num) / float64(tb.Den)
}

// SoundAfterOrigin is how many seconds of sound the clip holds from its
// Origin on (0 without audio): sound that starts before the pictures is not
// part of the clip.
func (i *Info) SoundAfterOrigin() float64 {
	a := i.Audio
	if a == nil {
		return 0
	}
	d := a.Duration
	if d <= 0 {
		d = i.Duration
	}
	return max(0, start(a.StartPTS, a.TimeBase, a.StartTime)+d-i.Origin())
}
