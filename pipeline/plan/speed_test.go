package plan_test

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestSpeedStretch: a clip's sound at another speed is stretched by
// rubberband when the engine's FFmpeg has it, else by atempo factors
// within 0.5..2 (chained beyond); at speed 1 by neither.
func TestSpeedStretch(t *testing.T) {
	media := map[string]*probe.Info{"a.mp4": clip(frac.New(30, 1), 4, withSound)}
	tests := []struct {
		speed      string
		rubberband bool
		want       []string
		notWant    string
	}{
		{"2", true, []string{"rubberband=tempo=2:window=short"}, "atempo"},
		{"0.25", true, []string{"rubberband=tempo=0.25:window=short"}, "atempo"},
		{"2", false, []string{"atempo=tempo=2"}, "rubberband"},
		{"5", false, []string{"atempo=tempo=2,atempo=tempo=2,atempo=tempo=1.25"}, "rubberband"},
		{"0.2", false, []string{"atempo=tempo=0.5,atempo=tempo=0.5,atempo=tempo=0.8"}, "rubberband"},
		{"1", true, nil, "rubberband"},
	}
	for _, tt := range tests {
		sp, err := plantest.Spec([]byte(film30+"scenes:\n  - {source: a.mp4, speed: "+tt.speed+"}\n"), media, nil)
		if err != nil {
			t.Fatal(err)
		}
		sp.Rubberband = tt.rubberband
		p, err := plan.Build(plan.Input{Spec: sp, WorkDir: plantest.WorkDir})
		if err != nil {
			t.Fatal(err)
		}
		var args string
		for _, j := range p.Jobs {
			if j.ID == "audio" {
				args = strings.Join(j.Args, " ")
			}
		}
		for _, w := range tt.want {
			wantIn(t, "speed "+tt.speed+" audio", args, w)
		}
		wantNotIn(t, "speed "+tt.speed+" audio", args, tt.notWant)
		if tt.speed == "1" {
			wantNotIn(t, "speed 1 audio", args, "atempo")
		}
	}
}
