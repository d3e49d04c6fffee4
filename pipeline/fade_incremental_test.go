package pipeline_test

import (
	"context"
	"sort"
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
	t.Parallel()
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
		{"longer fade_out within c's body", "fade_out: 12f", []string{"audio", "mux-out", "s03-c"}, 0},
		{"fade_out colour (the sound is the same)", "fade_out: {duration: 12f, color: white}", []string{"mux-out", "s03-c"}, 255},
		{"fade_out across the wipe", "fade_out: 30f", []string{"audio", "mux-out", "s03-c", "t-wipeleft-b-c"}, 0},
		{"fade_in across the first transition", "fade_in: 28f\nfade_out: 10f", []string{"audio", "mux-out", "s01-a", "t-fade-a-b"}, 0},
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

// TestFadeKeys plans placeholder films whose fades differ and compares the
// jobs' content keys: a job's key changes exactly when a fade touches one
// of its encoded segments before or after the change (or the sound
// changes, for the audio mix), never for a transition beside a faded body.
func TestFadeKeys(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	const film = `
output: {path: out.mp4, size: 160x90, fps: 25}
FADES
scenes:
  - {id: a, placeholder: {}, duration: 1s, transition: {type: fade, duration: 5f}}
  - {id: b, placeholder: {}, duration: 1s, transition: {type: wipeleft, duration: 5f}}
  - {id: c, placeholder: {}, duration: 1s}
`
	// a [0,25), b [20,45), c [40,65); windows [20,25) and [40,45).
	dir := t.TempDir()
	keys := func(fades string) map[string]string {
		t.Helper()
		path := writeProject(t, dir, strings.Replace(film, "FADES", fades, 1))
		prep, err := prepare(context.Background(), dir, path)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, j := range prep.Plan.Jobs {
			out[j.ID] = j.Key
		}
		return out
	}
	prev := keys("")
	// Each step is compared with the one before it.
	tests := []struct {
		fades   string
		changed []string
	}{
		{"fade_out: 10f", []string{"audio", "s03-c"}},
		{"fade_out: {duration: 10f, color: white}", []string{"s03-c"}},
		{"fade_out: {duration: 10f, color: white, curve: qsin}", []string{"audio"}},
		{"fade_out: 20f", []string{"audio", "s03-c"}},
		{"fade_out: 21f", []string{"audio", "s03-c", "t-wipeleft-b-c"}},
		{"fade_out: 26f", []string{"audio", "s02-b", "s03-c", "t-wipeleft-b-c"}},
		{"", []string{"audio", "s02-b", "s03-c", "t-wipeleft-b-c"}},
		{"fade_in: 20f", []string{"audio", "s01-a"}},
		{"fade_in: 21f", []string{"audio", "s01-a", "t-fade-a-b"}},
		{"fade_in: 21f\nfade_out: 10f", []string{"audio", "s03-c"}},
	}
	for _, tc := range tests {
		now := keys(tc.fades)
		var changed []string
		for id, k := range now {
			if !isMux(id) && k != prev[id] {
				changed = append(changed, id)
			}
		}
		prev = now
		sort.Strings(changed)
		if strings.Join(changed, " ") != strings.Join(tc.changed, " ") {
			t.Errorf("%q: keys changed for %v, want %v", tc.fades, changed, tc.changed)
		}
	}
}
