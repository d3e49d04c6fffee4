package pipeline

import (
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

// TestRequestAtSpeed: a prompt scene at another speed asks its generator
// for the clip time that plays for its duration (4s at speed 0.5: 2s of
// clip), so the clip is neither too short nor wasted.
func TestRequestAtSpeed(t *testing.T) {
	t.Parallel()
	p := &config.Project{Output: config.Output{FPS: frac.New(30, 1), Width: 160, Height: 90}}
	d := timecode.MustParse("4s")
	for _, tt := range []struct {
		speed   float64
		seconds string
		frames  int64
	}{{1, "4", 120}, {0, "4", 120}, {0.5, "2", 60}, {2, "8", 240}} {
		s := &config.Scene{Duration: &d, Speed: tt.speed, Prompt: &config.Prompt{Text: "x"}}
		r := request(p, s)
		if r.Seconds != tt.seconds || r.Frames != tt.frames {
			t.Errorf("speed %g: %s s, %d frames; want %s s, %d frames", tt.speed, r.Seconds, r.Frames, tt.seconds, tt.frames)
		}
	}
}
