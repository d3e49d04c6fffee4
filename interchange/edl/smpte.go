package edl

import (
	"fmt"

	"github.com/reel-film/reel/internal/frac"
)

// Timecode is an SMPTE timecode as written: hours, minutes, seconds and
// frames, with Drop set for drop-frame (written with ';').
type Timecode struct {
	H, M, S, F int64
	Drop       bool
}

// nominal returns the whole rate a timecode at fps counts in (30 for
// 29.97) and the frame numbers drop-frame skips each minute (2 at 29.97,
// 4 at 59.94; 0 for rates without drop-frame).
func nominal(fps frac.Rational) (base, drop int64) {
	if fps.Den == 1001 {
		base = (fps.Num + 500) / 1000
	} else {
		base = (fps.Num + fps.Den/2) / fps.Den
	}
	switch {
	case fps.Den == 1001 && base%30 == 0:
		drop = base / 15
	}
	return base, drop
}

// CanDrop reports whether fps has drop-frame timecode (29.97, 59.94).
func CanDrop(fps frac.Rational) bool {
	_, d := nominal(fps)
	return d > 0
}

// ParseTimecode reads HH:MM:SS:FF, or HH:MM:SS;FF (also with '.' or ','
// before the frames) for drop-frame.
func ParseTimecode(s string) (Timecode, error) {
	var tc Timecode
	if len(s) != 11 || s[2] != ':' || s[5] != ':' {
		return tc, fmt.Errorf("%q is not a timecode (HH:MM:SS:FF)", s)
	}
	switch s[8] {
	case ':':
	case ';', '.', ',':
		tc.Drop = true
	default:
		return tc, fmt.Errorf("%q is not a timecode (HH:MM:SS:FF)", s)
	}
	for i, p := range []*int64{&tc.H, &tc.M, &tc.S, &tc.F} {
		a, b := s[i*3], s[i*3+1]
		if a < '0' || a > '9' || b < '0' || b > '9' {
			return tc, fmt.Errorf("%q is not a timecode (HH:MM:SS:FF)", s)
		}
		*p = int64(a-'0')*10 + int64(b-'0')
	}
	if tc.M > 59 || tc.S > 59 {
		return tc, fmt.Errorf("%q has minutes or seconds above 59", s)
	}
	return tc, nil
}

// Frames returns the frame the timecode labels at fps. A drop-frame
// timecode at a rate without drop-frame, a frame number at or above the
// rate, and a label drop-frame skips are errors.
func (tc Timecode) Frames(fps frac.Rational) (int64, error) {
	base, drop := nominal(fps)
	if base <= 0 {
		return 0, fmt.Errorf("frame rate %v is not positive", fps)
	}
	if tc.F >= base {
		return 0, fmt.Errorf("%s: frame %d at %v fps (frames go from 0 to %d)", tc, tc.F, fps, base-1)
	}
	f := (tc.H*3600+tc.M*60+tc.S)*base + tc.F
	if !tc.Drop {
		return f, nil
	}
	if drop == 0 {
		return 0, fmt.Errorf("%s is drop-frame, which %v fps does not have (only 29.97 and 59.94 do)", tc, fps)
	}
	if tc.S == 0 && tc.M%10 != 0 && tc.F < drop {
		return 0, fmt.Errorf("%s does not exist in drop-frame timecode (frames 0 to %d of each minute but every tenth are skipped)", tc, drop-1)
	}
	minutes := tc.H*60 + tc.M
	return f - drop*(minutes-minutes/10), nil
}

// FromFrames returns the timecode of frame f at fps, drop-frame when drop
// is set and fps has it.
func FromFrames(f int64, fps frac.Rational, drop bool) Timecode {
	base, d := nominal(fps)
	if base <= 0 {
		base = 30
	}
	if drop && d > 0 {
		per10 := base*600 - d*9
		perMin := base*60 - d
		tens, rem := f/per10, f%per10
		f += d * 9 * tens
		if rem > d {
			f += d * ((rem - d) / perMin)
		}
	} else {
		drop = false
	}
	return Timecode{H: f / (base * 3600), M: f / (base * 60) % 60, S: f / base % 60, F: f % base, Drop: drop}
}

// String writes HH:MM:SS:FF (HH:MM:SS;FF for drop-frame).
func (tc Timecode) String() string {
	sep := ':'
	if tc.Drop {
		sep = ';'
	}
	return fmt.Sprintf("%02d:%02d:%02d%c%02d", tc.H, tc.M, tc.S, sep, tc.F)
}
