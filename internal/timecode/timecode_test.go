package timecode

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

func TestParseFrames(t *testing.T) {
	fps30, ntsc := frac.New(30, 1), frac.New(30000, 1001)
	tests := []struct {
		in       string
		fps      frac.Rational
		frames   int64
		inFrames bool
	}{
		{"1.5s", fps30, 45, false},
		{"1500ms", fps30, 45, false},
		{"00:00:01.500", fps30, 45, false},
		{"01:30", fps30, 2700, false},
		{"1:00:00", fps30, 108000, false},
		{"45f", fps30, 45, true},
		{"45f", ntsc, 45, true},
		{"1.001s", ntsc, 30, false},
		{"2m", fps30, 3600, false},
		{".5s", fps30, 15, false},
		{"0.5 s", fps30, 15, false},
		{"1s", ntsc, 30, false}, // 29.97 frames rounds to 30
	}
	for _, tt := range tests {
		d, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := d.Frames(tt.fps); got != tt.frames || d.InFrames != tt.inFrames {
			t.Errorf("Parse(%q).Frames(%v) = %d (frames unit %v), want %d (%v)", tt.in, tt.fps, got, d.InFrames, tt.frames, tt.inFrames)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"5", `"5" has no unit (write 5s, 5ms or 5f)`},
		{"", "empty duration"},
		{"fast", `"fast" is not a duration`},
		{"1.5f", "whole number"},
		{"-1s", "is not a duration"},
		{"1x", "is not a duration"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestExactSeconds(t *testing.T) {
	d := MustParse("00:00:01.500")
	if d.Sec != frac.New(3, 2) {
		t.Errorf("00:00:01.500 = %v s, want exactly 3/2", d.Sec)
	}
	if got := d.String(); got != "00:00:01.500" {
		t.Errorf("String() = %q, want the text as written", got)
	}
}
