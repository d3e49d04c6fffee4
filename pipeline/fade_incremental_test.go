package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// fadeScenes is a film of 69 frames: a [0,30) fades into b over [25,30),
// b [25,45) wipes into c over [39,45), c [39,69) (its body [45,69)).
const fadeScenes = `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
transition: {type: fade, duration: 5f}
FADES
scenes:
  - {id: a, source: a.mp4}
  - {id: b, placeholder: {text: B}, duration: 20f, transition: {type: wipeleft, duration: 6f}}
  - {id: c, source: c.mp4}
`

// TestFadeIncremental changes the film's fades between renders: only the
// jobs of the segments a fade touches (before or after the change) run
// again, with the audio mix (when the sound changes) and the join; the transitions beside a faded
// body keep their cache entries, since the raw frames they read do not
// change.
func TestFadeIncremental(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	ctx := context.Background()
	write := func(fades string) string {
		return writeProject(t, dir, strings.Replace(fadeScenes, "FADES", fades, 1))
	}
	p, ran, err := run(t, ctx, dir, write("fade_out: 10f"), nil)
	if err != nil || len(ran) != len(p.Jobs) {
		t.Fatalf("cold render: err %v, ran %v of %d jobs", err, ran, len(p.Jobs))
	}
	steps := []struct {
		name, fades string
		want        []string
		last        float64 // grey level of the last frame
	}{
		{"longer fade_out within c's body", "fade_out: 12f", []string{"audio", "mux", "s03-c"}, 0},
		{"fade_out colour (the sound is the same)", "fade_out: {duration: 12f, color: white}", []string{"mux", "s03-c"}, 255},
		{"fade_out across the wipe", "fade_out: 30f", []string{"audio", "mux", "s03-c", "t-wipeleft-b-c"}, 0},
		{"back to the first", "fade_out: 10f", []string{"mux"}, 0},
		{"fade_in on a's body", "fade_in: 3f\nfade_out: 10f", []string{"audio", "mux", "s01-a"}, 0},
		{"fade_in across the first transition", "fade_in: 28f\nfade_out: 10f", []string{"audio", "mux", "s01-a", "t-fade-a-b"}, 0},
	}
	for _, st := range steps {
		p, ran, err := run(t, ctx, dir, write(st.fades), nil)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if strings.Join(ran, " ") != strings.Join(st.want, " ") {
			t.Errorf("%s: ran %v, want %v", st.name, ran, st.want)
		}
		assertStreams(t, p, 160, 90, "30")
		m := fftest.MeanRGB(t, p.Output, int(p.Frames)-1)
		if grey := (m[0] + m[1] + m[2]) / 3; grey < st.last-3 || grey > st.last+3 {
			t.Errorf("%s: last frame %.1f, want %.0f", st.name, grey, st.last)
		}
	}
}
