package card

import (
	"context"
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/frac"
)

// TestPlaceholderFrames renders cards for several frame ranges and rates
// and checks the frame count, the size, that a range starting later shows
// the same frames as the whole card from that frame on (the motion depends
// only on the seed and the frame), and that another seed moves differently.
func TestPlaceholderFrames(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	tests := []struct {
		fps      string
		from, to int64
	}{
		{"25", 12, 30},
		{"30000/1001", 7, 22},
	}
	for _, tt := range tests {
		fps, err := frac.Parse(tt.fps)
		if err != nil {
			t.Fatal(err)
		}
		whole := render(t, dir, "whole", DefaultColor(2), 3, fps, 0, tt.to)
		part := render(t, dir, "part", DefaultColor(2), 3, fps, tt.from, tt.to)
		if n := fftest.FrameCount(t, part); int64(n) != tt.to-tt.from {
			t.Errorf("%s [%d, %d): %d frames", tt.fps, tt.from, tt.to, n)
		}
		if b := fftest.Frame(t, part, 0).Bounds(); b.Dx() != 160 || b.Dy() != 90 {
			t.Errorf("%s: frame is %v, want 160x90", tt.fps, b)
		}
		for _, k := range []int{0, int(tt.to-tt.from) - 1} {
			want, got := fftest.Frame(t, whole, int(tt.from)+k), fftest.Frame(t, part, k)
			if d := diff(want, got); d > 0.01 {
				t.Errorf("%s [%d, %d): frame %d differs from the whole card's frame %d by %.3f per channel", tt.fps, tt.from, tt.to, k, int(tt.from)+k, d)
			}
			if tt.from > 0 && diff(fftest.Frame(t, whole, k), got) < 0.05 {
				t.Errorf("%s [%d, %d): frame %d is the whole card's frame %d: the range does not start at %d", tt.fps, tt.from, tt.to, k, k, tt.from)
			}
		}
	}
	fps := frac.New(25, 1)
	a, b := render(t, dir, "seed1", DefaultColor(0), 1, fps, 0, 30), render(t, dir, "seed2", DefaultColor(0), 2, fps, 0, 30)
	if d := diff(fftest.Frame(t, a, 29), fftest.Frame(t, b, 29)); d < 0.05 {
		t.Errorf("seeds 1 and 2 give the same picture (distance %.2f)", d)
	}
}

// render writes frames [from, to) of a card without text to dir/name.mkv.
func render(t *testing.T, dir, name, color string, seed int, fps frac.Rational, from, to int64) string {
	t.Helper()
	g := ffmpeg.NewGraph()
	out := Placeholder(g, "", color, seed, 160, 90, fps, from, to)
	path := filepath.Join(dir, name+".mkv")
	args := []string{"-nostdin", "-v", "error", "-y", "-filter_complex", g.String(), "-map", "[" + out + "]",
		"-c:v", "ffv1", "-pix_fmt", "rgb24", path}
	if _, err := ffmpeg.Run(context.Background(), fftest.FFmpeg(), args, ffmpeg.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	return path
}

// diff is the mean absolute difference of two pictures' RGB values.
func diff(a, b *image.RGBA) float64 {
	var sum float64
	for i := range a.Pix {
		if i%4 != 3 {
			sum += math.Abs(float64(a.Pix[i]) - float64(b.Pix[i]))
		}
	}
	return sum / float64(len(a.Pix)/4*3)
}
