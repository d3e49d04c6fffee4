package probe_test

import (
	"math"
	"testing"

	"github.com/reel-film/reel/pipeline/probe"
)

// TestFirstSkip reads the first decoded frame's time against the stream's
// start: a Vorbis stream written at 2 s starts at 1.997333 and decodes
// from 2; times before the start, equal or far after it are no skip.
func TestFirstSkip(t *testing.T) {
	for _, tt := range []struct {
		out   string
		start float64
		want  float64
	}{
		{"2.000000\n2.012000\n", 1.997333, 0.002667},
		{"2.000000,\n", 1.997333, 0.002667},
		{"0.000000\n", -0.007, 0.007},
		{"0.493000\n0.507000\n", 0.486, 0.007},
		{"3.000000\n", 3, 0},
		{"2.978000\n", 2.978, 0},
		{"5.000000\n", 3, 0}, // two seconds: not a decoder's skip
		{"1.000000\n", 2, 0},
		{"N/A\n0.5\n", 0.49, 0.01},
		{"", 0, 0},
	} {
		if got := probe.FirstSkip(tt.out, tt.start); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("FirstSkip(%q, %g) = %g, want %g", tt.out, tt.start, got, tt.want)
		}
	}
}
