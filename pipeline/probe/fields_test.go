package probe_test

import (
	"testing"

	"github.com/reel-film/reel/pipeline/probe"
)

// TestFrameFieldOrder reads the first frame's flags as ffprobe prints
// them (compact, no keys; some versions end the line with a separator).
func TestFrameFieldOrder(t *testing.T) {
	for _, tt := range []struct{ out, want string }{
		{"1|1\n", "tt"}, {"1|0\n", "bb"}, {"1|1|\n", "tt"}, {"1|0|\n\n", "bb"},
		{"0|0\n", ""}, {"0|1\n", ""}, {"", ""}, {"garbage", ""},
		{"1|1\n0|0\n", "tt"}, // only the first frame counts
	} {
		if got := probe.FrameFieldOrder(tt.out); got != tt.want {
			t.Errorf("FrameFieldOrder(%q) = %q, want %q", tt.out, got, tt.want)
		}
	}
}
