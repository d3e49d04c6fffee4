package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/spec"
)

// renderChosen prepares the project at path, lets choose pick what the
// render writes (as render --output does), plans it through the cache and
// runs it; it returns the plan and the jobs that ran, sorted.
func renderChosen(t *testing.T, path string, choose func(sp *spec.Spec)) (*plan.Plan, []string) {
	t.Helper()
	dir := filepath.Dir(path)
	eng := NewEngine(Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, Cache{Dir: filepath.Join(dir, "cache")})
	prep, err := eng.Plan(context.Background(), Request{Path: path, WorkRoot: filepath.Join(dir, "work")})
	if err != nil {
		t.Fatal(err)
	}
	sp := *prep.Spec
	choose(&sp)
	dirs := eng.cache.For(dir)
	pl, err := buildPlan(&sp, nil, prep.Plan.WorkDir, "", 0, dirs, eng.ffmpegVersion(context.Background(), dirs))
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	st, err := exec.Run(context.Background(), pl, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	var ran []string
	for _, j := range st.Jobs {
		if !j.Cached {
			ran = append(ran, j.Job)
		}
	}
	slices.Sort(ran)
	return pl, ran
}

// deliveredNames lists the base names of what p delivers.
func deliveredNames(p *plan.Plan) string {
	var out []string
	for _, f := range p.Deliver {
		out = append(out, filepath.Base(f.Path))
	}
	return strings.Join(out, " ")
}

// TestDerivedWithoutTheFilm renders outputs made from the film without the
// film's own output (render --output teaser): the film's segments are
// rendered (or taken from the cache) and joined into the work directory
// (mux-reel-film), which delivers nothing; only the chosen files land.
// The film joined there has the same content key as the delivered one, so
// the teaser made alone is a cache hit in the full render, and the other
// way round. The same holds for the poster alone, and for a chosen
// rendition of another shape, which the derived jobs must not read as the
// film.
func TestDerivedWithoutTheFilm(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", Color: "blue", Audio: true, Freq: 660})
	path := filepath.Join(dir, "film.yaml")
	yaml := "outputs:\n  - {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}\n" +
		"  - {path: out/teaser.gif, size: 80x46, fps: 10, range: {start: 0.5s, duration: 1s}}\n" +
		"poster: {at: 1.5s, path: out/poster.jpg}\nthumbnails: {every: 0.5s, width: 40, columns: 3, path: out/thumbs.jpg}\n" +
		"scenes:\n  - source: red.mp4\n  - source: blue.mp4\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	only := func(outs ...int) func(sp *spec.Spec) {
		return func(sp *spec.Spec) {
			sp.Renditions, sp.Poster, sp.Thumbnails = nil, nil, nil
			for _, k := range outs {
				sp.Renditions = append(sp.Renditions, sp.Project.Outputs[k])
			}
		}
	}

	// The teaser alone.
	pl, ran := renderChosen(t, path, only(1))
	if got := deliveredNames(pl); got != "teaser.gif" {
		t.Errorf("delivers %s, want teaser.gif alone", got)
	}
	film := pl.Job("mux-reel-film")
	if film == nil || pl.Job("mux-film") != nil || filepath.Dir(film.Outputs[0]) != pl.WorkDir {
		t.Fatalf("the film is not joined into the work directory alone: %v", ran)
	}
	if in := pl.Job("derived-teaser").Inputs; len(in) != 1 || in[0] != film.Outputs[0] {
		t.Errorf("the teaser reads %v, want the film in the work directory", in)
	}
	if pl.Output != filepath.Join(out, "teaser.gif") {
		t.Errorf("the plan's output is %s", pl.Output)
	}
	if got := strings.Join(ran, " "); got != "audio derived-teaser mux-reel-film s01-scene-1 s02-scene-2" {
		t.Errorf("ran %s", got)
	}
	if n := fftest.FrameCount(t, filepath.Join(out, "teaser.gif")); n != 10 {
		t.Errorf("the teaser has %d frames, want 10", n)
	}
	for n, want := range map[int]int{0: 0, 9: 2} { // 0.5 s is red, 1.4 s blue (R, G, B)
		if c := fftest.MeanRGB(t, filepath.Join(out, "teaser.gif"), n, 0.5); c[want] < 200 {
			t.Errorf("the teaser's frame %d is %v", n, c)
		}
	}
	files, _ := os.ReadDir(out)
	if len(files) != 1 {
		t.Errorf("out holds %v, want the teaser alone", files)
	}

	// Everything: the teaser made alone is a hit (the same film key).
	_, ran = renderChosen(t, path, func(sp *spec.Spec) {})
	if got := strings.Join(ran, " "); got != "mux-film poster thumbnails" {
		t.Errorf("the full render after the teaser alone ran %s, want mux-film poster thumbnails", got)
	}

	// The poster alone: a hit, joined from the cached segments.
	pl, ran = renderChosen(t, path, func(sp *spec.Spec) { sp.Renditions, sp.Thumbnails = nil, nil })
	if got := deliveredNames(pl); got != "poster.jpg" || pl.Output != filepath.Join(out, "poster.jpg") {
		t.Errorf("delivers %s (output %s), want poster.jpg alone", got, pl.Output)
	}
	if got := strings.Join(ran, " "); got != "mux-reel-film" {
		t.Errorf("the poster alone ran %s, want mux-reel-film", got)
	}

	// A vertical rendition and the teaser: the teaser is made from the
	// film (joined in the work directory), not from the vertical.
	vertical := func(sp *spec.Spec) {
		v := rendition(sp.Project.Outputs[0], "vertical", "mp4", "h264", 46, 80)
		v.Fit = "cover"
		sp.Renditions, sp.Poster, sp.Thumbnails = []config.Output{v, sp.Project.Outputs[1]}, nil, nil
	}
	pl, ran = renderChosen(t, path, vertical)
	if got := deliveredNames(pl); got != "vertical.mp4 teaser.gif" {
		t.Errorf("delivers %s", got)
	}
	if in := pl.Job("derived-teaser").Inputs; len(in) != 1 || in[0] != pl.Job("mux-reel-film").Outputs[0] {
		t.Errorf("the teaser reads %v, want the film", in)
	}
	if slices.Contains(ran, "derived-teaser") {
		t.Errorf("the teaser ran again beside a vertical rendition (ran %v)", ran)
	}
	if info := fftest.Info(t, filepath.Join(out, "teaser.gif")); info.Video.Width != 80 || info.Video.Height != 46 {
		t.Errorf("the teaser is %dx%d", info.Video.Width, info.Video.Height)
	}
}
