package pipeline

import (
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

// TestChunkFrames: a request's chunk length becomes the nearest whole
// number of the film's frames, at least one; 0 is no chunks.
func TestChunkFrames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seconds float64
		fps     frac.Rational
		want    int64
	}{
		{0, frac.New(30, 1), 0},
		{1, frac.New(30, 1), 30},
		{0.5, frac.New(25, 1), 13}, // 12.5: half up
		{10, frac.New(30000, 1001), 300},
		{2, frac.New(24000, 1001), 48},
		{0.001, frac.New(30, 1), 1},
	}
	for _, tt := range tests {
		if got := chunkFrames(tt.seconds, tt.fps); got != tt.want {
			t.Errorf("%gs at %s: %d frames, want %d", tt.seconds, tt.fps, got, tt.want)
		}
	}
}
