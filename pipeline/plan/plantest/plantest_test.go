package plantest

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestGraphLines: one filter a line, labels on the first and last line of
// their chain, and escaped or quoted separators kept inside their filter.
func TestGraphLines(t *testing.T) {
	g := `[0:v:0]scale=w=160:h=90,crop=w=160:h=90[fit0];anullsrc=r=48000,atrim=end_sample=10[a0];` +
		`[a0][a1]concat=n=2:v=0:a=1[mix0][mix1];[x]ass=filename=/w/a\,b\;c\[1\].ass,drawtext=text='a,b;c[d]'[y]`
	want := []string{
		"[0:v:0] scale=w=160:h=90",
		"  crop=w=160:h=90 [fit0]",
		"anullsrc=r=48000",
		"  atrim=end_sample=10 [a0]",
		"[a0][a1] concat=n=2:v=0:a=1 [mix0][mix1]",
		`[x] ass=filename=/w/a\,b\;c\[1\].ass`,
		"  drawtext=text='a,b;c[d]' [y]",
	}
	if got := GraphLines(g); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("GraphLines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestArchiveRoundTrip: a txtar archive reads into its comment and files
// and writes back the same; Set replaces a section or adds it.
func TestArchiveRoundTrip(t *testing.T) {
	src := "a case\n-- project.yaml --\nscenes: []\n-- plan --\nold\n"
	a := ParseArchive([]byte(src))
	if string(a.Comment) != "a case\n" || len(a.Files) != 2 || string(a.Files[0].Data) != "scenes: []\n" {
		t.Fatalf("parsed %+v", a)
	}
	if string(a.Format()) != src {
		t.Errorf("round trip:\n%s", a.Format())
	}
	a.Set("plan", []byte("new"))
	a.Set("media.json", []byte("{}\n"))
	if got := string(a.Format()); got != "a case\n-- project.yaml --\nscenes: []\n-- plan --\nnew\n-- media.json --\n{}\n" {
		t.Errorf("after Set:\n%s", got)
	}
}

// TestCheckFindsBrokenPlans: Check passes a sound plan and names what is
// wrong in broken copies of it, so the property tests can fail.
func TestCheckFindsBrokenPlans(t *testing.T) {
	project := []byte("output: {path: out.mp4, size: 160x90, fps: 30}\nscenes:\n" +
		"  - {id: a, source: a.mp4, transition: {type: fade, duration: 10f}}\n  - {id: b, source: a.mp4}\n")
	media := map[string]*probe.Info{"a.mp4": {Format: "mov,mp4,m4a,3gp,3g2,mj2", Duration: 2, Video: &probe.Video{
		Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(1, 1), FPS: frac.New(30, 1),
		Duration: 2, TimeBase: frac.New(1, 15360), PixFmt: "yuv420p"}}}
	fresh := func() *plan.Plan {
		p, err := Build(project, media, nil)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if errs := Check(fresh()); len(errs) > 0 {
		t.Fatalf("a sound plan: %v", errs)
	}
	tests := []struct {
		name   string
		mutate func(p *plan.Plan)
		want   string
	}{
		{"a segment a frame short", func(p *plan.Plan) { p.Segments[0].Frames-- }, "segments add up to 109 frames, the film has 110"},
		{"a lost dependency", func(p *plan.Plan) { p.Job("t-fade-a-b").Deps = p.Job("t-fade-a-b").Deps[:1] }, "job t-fade-a-b reads s02-b-head.nut of job s02-b without depending on it"},
		{"frames that disagree", func(p *plan.Plan) { p.Jobs[0].Frames = 7 }, "job s01-a: first -frames:v 50, Frames 7"},
		{"a longer timeline", func(p *plan.Plan) { p.Timeline.Scenes[1].Start++ }, "scene b at 51"},
		{"an unread output", func(p *plan.Plan) { p.Jobs[0].Outputs = append(p.Jobs[0].Outputs, "/work/extra.nut") }, "job s01-a writes extra.nut, which no job reads"},
		{"sound not cut", func(p *plan.Plan) {
			a := p.Job("audio")
			for i, arg := range a.Args {
				a.Args[i] = strings.ReplaceAll(arg, "atrim=end_sample=96000", "atrim=end_sample=96001")
			}
		}, "the sound of scene a is not cut to its 96000 samples"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fresh()
			tt.mutate(p)
			var msgs []string
			for _, e := range Check(p) {
				msgs = append(msgs, e.Error())
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tt.want) {
				t.Errorf("Check = %q, want one with %q", msgs, tt.want)
			}
		})
	}
}
