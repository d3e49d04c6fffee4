package pipeline

import (
	"slices"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestShotArgsSeekFromPictures: shot matching measures the part of the clip
// the scene shows, counted from the clip's first picture; ffmpeg's -ss
// counts from the container's start, which is earlier when the sound
// starts first (or the container starts before its video).
func TestShotArgsSeekFromPictures(t *testing.T) {
	t.Parallel()
	start := timecode.Duration{Sec: frac.New(1, 1)}
	scene := &config.Scene{Source: "a.mp4", Trim: &config.Trim{Start: &start}}
	tests := []struct {
		name           string
		container, vid float64
		want           string
	}{
		{"streams start together", 0, 0, "1.000"},
		{"sound 0.5s first", 0, 0.5, "1.500"},
		{"container at 10s, video at 10.021s", 10, 10.021, "1.021"},
	}
	for _, tt := range tests {
		info := &probe.Info{StartTime: tt.container, Duration: 5, Video: &probe.Video{
			Duration: 4, StartTime: tt.vid, TimeBase: frac.New(1, 1000), StartPTS: int64(tt.vid * 1000), FPS: frac.New(30, 1)}}
		args := shotArgs(scene, info, frac.New(30, 1))
		i := slices.Index(args, "-ss")
		if i < 0 || args[i+1] != tt.want {
			t.Errorf("%s: args %q, want -ss %s", tt.name, args, tt.want)
		}
	}
}
