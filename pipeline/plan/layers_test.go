package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/timeline"
	"github.com/reel-film/reel/transitions"
)

// TestResolveLayers places film and scene layers on a timeline of three
// scenes (60, 90, 60 frames at 30 fps, a 15-frame transition between the
// first two): times, cuts at the scene's or film's end, drawing order, and
// the layers that start too late.
func TestResolveLayers(t *testing.T) {
	src := `
layers:
  - {text: film-all}
  - {text: film-mid, start: 1s, duration: 2s}
  - {text: film-long, start: 6s, end: 100s}
  - {text: film-late, start: 6.5s}
scenes:
  - {placeholder: {text: a}, duration: 2s, transition: {type: fade, duration: 0.5s},
     layers: [{text: s1-all}, {text: s1-long, start: 1s, duration: 10s}]}
  - {placeholder: {text: b}, duration: 3s, layers: [{text: s2, start: 0.5s, end: 1s}, {text: s2-late, start: 3s}]}
  - {placeholder: {text: c}, duration: 2s}
`
	cat, err := transitions.FromXFadeNames([]string{"fade"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := config.Parse([]byte(src), "project.yaml", "/project", config.Options{Transitions: cat, SkipFileChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	tl, _, err := timeline.Build(frac.New(30, 1), []string{"scene-1", "scene-2", "scene-3"}, []int64{60, 90, 60}, []int64{15, 0})
	if err != nil {
		t.Fatal(err)
	}
	// The film is 60+90+60-15 = 195 frames; scene 2 starts at 45.
	ls, errs := resolveLayers(p, tl)
	var got []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%s:%d-%d@%d", l.cfg.Text, l.from, l.to, l.scene))
	}
	want := "s1-all:0-60@0 s1-long:30-60@0 s2:60-75@1 film-all:0-195@-1 film-mid:30-90@-1 film-long:180-195@-1"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("layers\ngot  %s\nwant %s", g, want)
	}
	wantErrs := "project.yaml:6: layers[3]: the layer starts at 6.5s, at or after the end of the film (6.500s, 195 frames long); start it earlier\n" +
		"project.yaml:10: scenes[1].layers[1]: the layer starts at 3s, at or after the end of scene scene-2 (3.000s, 90 frames long); start it earlier"
	if errs.Error() != wantErrs {
		t.Errorf("errors\ngot  %s\nwant %s", errs, wantErrs)
	}
}

// TestCrowdedText warns about text layers at the same place at the same
// time (by a style's place or a written one), once per hidden pair, and not
// about layers apart in time or place, images, or burned captions.
func TestCrowdedText(t *testing.T) {
	src := `
layers:
  - {text: sale, start: 0s, end: 3s}
  - {text: late, start: 4s, position: center}
  - {text: corner, position: top-left}
  - {text: point, position: {x: 10%, y: 20%}}
  - {text: point2, position: {x: 10%, y: 20%}, start: 1s, duration: 1s}
  - {image: logo.png, position: center}
  - {text: other point, position: {x: 10%, y: 21%}}
scenes:
  - {placeholder: {text: a}, duration: 5s, layers: [{text: "Chapter 1", style: title, duration: 2s}, {text: name, style: lower-third, start: 3s}]}
`
	cat, err := transitions.FromXFadeNames([]string{"fade"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := config.Parse([]byte(src), "project.yaml", "/project", config.Options{Transitions: cat, SkipFileChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	tl, _, err := timeline.Build(frac.New(30, 1), []string{"scene-1"}, []int64{150}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ls, errs := resolveLayers(p, tl)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := "project.yaml:3: layers[0]: this text is drawn over scenes[0].layers[0] (line 11) at the same place (center) from 0.000s to 2.000s, hiding it: give one of them another position\n" +
		"project.yaml:7: layers[4]: this text is drawn over layers[3] (line 6) at the same place (x 10%, y 20%) from 1.000s to 2.000s, hiding it: give one of them another position"
	if got := crowdedText(ls, tl); got.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
