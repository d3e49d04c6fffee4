package plan

import (
	"math"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/transitions"
)

// TestLengthLimits checks that a scene whose file claims an absurd length,
// and scenes that add up to more than 24 hours, are project errors, not
// overflowing frame and sample counts.
func TestLengthLimits(t *testing.T) {
	cat, err := transitions.FromXFadeNames([]string{"fade"})
	if err != nil {
		t.Fatal(err)
	}
	huge := &probe.Info{Duration: 1e15, Video: &probe.Video{Width: 160, Height: 90, FPS: frac.New(25, 1),
		TimeBase: frac.New(1, 12800), Duration: 1e15, SAR: frac.New(1, 1)}}
	tests := []struct{ name, src, want string }{
		{"huge clip", "scenes:\n  - source: huge.mp4\n", `scene "scene-1" (scenes[0]) lasts more than 24 hours`},
		{"infinite clip", "scenes:\n  - source: inf.mp4\n", `scene "scene-1" (scenes[0]) lasts more than 24 hours`},
		{"long film", "output: {fps: 240}\nscenes:\n" + strings.Repeat("  - {placeholder: {}, duration: 10h}\n", 3),
			"the scenes add up to more than 24 hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := config.Parse([]byte(tt.src), "project.yaml", t.TempDir(), config.Options{SkipFileChecks: true})
			if err != nil {
				t.Fatal(err)
			}
			inf := *huge
			v := *huge.Video
			v.Duration, inf.Duration = math.Inf(1), math.Inf(1)
			inf.Video = &v
			media := map[string]*probe.Info{p.Dir + "/huge.mp4": huge, p.Dir + "/inf.mp4": &inf}
			_, err = Build(Input{Spec: &spec.Spec{Project: p, Film: p, Media: media, Catalogue: cat}, WorkDir: t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build: %v, want an error with %q", err, tt.want)
			}
		})
	}
	ok := "output: {fps: 240}\nscenes:\n  - {placeholder: {}, duration: 12h}\n  - {placeholder: {}, duration: 12h}\n"
	p, err := config.Parse([]byte(ok), "project.yaml", t.TempDir(), config.Options{SkipFileChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := Build(Input{Spec: &spec.Spec{Project: p, Film: p, Catalogue: cat}, WorkDir: t.TempDir()})
	if err != nil {
		t.Fatalf("24 hours at 240 fps: %v", err)
	}
	if pl.Frames != 20_736_000 || pl.Samples != 24*3600*48000 {
		t.Errorf("24 hours at 240 fps = %d frames, %d samples; want 20736000 and %d", pl.Frames, pl.Samples, 24*3600*48000)
	}
}
