package timecode

import (
	"math"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

// TestLimits checks the range of every form: clock fields below 60, at most
// 24 hours, at most 9 decimals, and no overflow anywhere.
func TestLimits(t *testing.T) {
	bad := []struct{ in, want string }{
		{"00:99:00", "99 minutes is not a clock time"},
		{"99:00", "99 minutes is not a clock time"},
		{"00:00:60", "60 seconds is not a clock time"},
		{"1:60", "60 seconds is not a clock time"},
		{"25:00:00", "at most 24 hours"},
		{"999999999999999999999999:00:00", "at most 24 hours"},
		{"999999999999h", "at most 24 hours"},
		{"99999999999999999999999999h", "at most 24 hours"},
		{"24.001h", "at most 24 hours"},
		{"1441min", "at most 24 hours"},
		{"86401s", "at most 24 hours"},
		{"86400001ms", "at most 24 hours"},
		{"20736001f", "at most 20736000f"},
		{"99999999999999999999f", "at most 20736000f"},
		{"1.0000000001s", "more than 9 decimals"},
		{"00:00:01.0000000001", "more than 9 decimals"},
		{strings.Repeat("9", 200_000) + "s", "is not a duration"},
	}
	for _, tt := range bad {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%.30q) = %v, want an error with %q", tt.in, err, tt.want)
		}
		if err != nil && len(err.Error()) > 200 {
			t.Errorf("Parse(%.30q): a message of %d bytes", tt.in, len(err.Error()))
		}
	}
	fastest := frac.New(240, 1)
	good := []struct {
		in     string
		frames int64 // at 240 fps
	}{
		{"24h", MaxFrames},
		{"23:59:59.999999999", MaxFrames},
		{"00:59:59", 3599 * 240},
		{"1440min", MaxFrames},
		{"86400000ms", MaxFrames},
		{"20736000f", MaxFrames},
		{"0.000000001s", 0},
	}
	for _, tt := range good {
		d, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := d.Frames(fastest); got != tt.frames {
			t.Errorf("Parse(%q).Frames(240) = %d, want %d", tt.in, got, tt.frames)
		}
	}
}

// TestFramesNoOverflow checks conversions whose products exceed int64.
func TestFramesNoOverflow(t *testing.T) {
	d := Duration{Sec: frac.New(math.MaxInt64/3, 1<<40)}
	if got := d.Frames(frac.New(1<<40, 1<<30)); got <= 0 {
		t.Errorf("Frames of a large duration = %d, want a positive count", got)
	}
	for _, sec := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -5, 1e300, 5e-324} {
		d := Seconds(sec)
		if s := d.Sec.Float(); s < 0 || s > MaxSeconds || d.Sec.Den <= 0 {
			t.Errorf("Seconds(%g) = %v, want within [0, %d]", sec, d.Sec, MaxSeconds)
		}
	}
}
