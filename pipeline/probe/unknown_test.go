package probe_test

import (
	"context"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestScanAnimatedPNG: FFmpeg's apng demuxer states no duration and no
// frame count; the scan gives them, so an animation is neither 0 s long
// nor a still, and a one-frame APNG is a still.
func TestScanAnimatedPNG(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	tests := []struct {
		name     string
		rate     string
		frames   int
		still    bool
		duration float64
	}{
		{"ten.apng", "10", 10, false, 1},
		{"seven.apng", "25", 7, false, 0.28},
		{"one.apng", "10", 1, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if out, err := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
				"testsrc2=s=32x18:r="+tt.rate, "-frames:v", fmtInt(tt.frames), "-plays", "0", path).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			info, err := probe.Probe(context.Background(), fftest.FFprobe(), path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := probe.Scan(context.Background(), fftest.FFprobe(), path, info); err != nil {
				t.Fatal(err)
			}
			v := info.Video
			if v.Still != tt.still || v.Frames != int64(tt.frames) || !near(v.Duration, tt.duration, 1e-6) {
				t.Errorf("still %v, %d frames, %.3fs; want still %v, %d frames, %.3fs",
					v.Still, v.Frames, v.Duration, tt.still, tt.frames, tt.duration)
			}
		})
	}
}

func fmtInt(n int) string { return fmt.Sprint(n) }

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
