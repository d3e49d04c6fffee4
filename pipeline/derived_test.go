package pipeline_test

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/transitions"
)

// derivedSpec prepares a film of a red and a blue second (160x90, 30 fps)
// into out/film.mkv and returns its spec with a GIF teaser, a poster and
// thumbnails made from it, all under out.
func derivedSpec(t *testing.T, dir, out string) *spec.Spec {
	t.Helper()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", Color: "blue", Audio: true})
	proj := writeProject(t, dir, "output: {path: "+out+"/film.mkv, size: 160x90, fps: 30}\nscenes:\n  - source: red.mp4\n  - source: blue.mp4\n")
	prep, err := pipeline.NewEngine(tools(), pipeline.Cache{Off: true}).Plan(context.Background(), request(dir, proj))
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	cat, err := transitions.Discover(context.Background(), fftest.FFmpeg())
	if err != nil {
		t.Fatal(err)
	}
	d := timecode.MustParse("1s")
	o := filepath.Join(dir, out)
	teaser := config.Output{Name: "teaser", Path: filepath.Join(o, "teaser.gif"), Container: "gif", Codec: "gif", CRF: -1,
		Width: 80, Height: 46, FPS: frac.New(10, 1), Fit: "cover",
		Range: &config.Range{Start: timecode.MustParse("0.5s"), Duration: &d}}
	return &spec.Spec{Project: prep.Project, Film: prep.Project, Media: prep.Media, Catalogue: cat,
		Renditions: []config.Output{prep.Project.Output, teaser},
		Poster:     &config.Poster{At: timecode.MustParse("1.5s"), Path: filepath.Join(o, "poster.jpg")},
		Thumbnails: &config.Thumbnails{Every: timecode.MustParse("0.5s"), Width: 40, Columns: 3, Path: filepath.Join(o, "thumbs.jpg"), VTT: filepath.Join(o, "thumbs.vtt")}}
}

// TestDerivedOutputs renders a film with a GIF teaser, a poster and
// thumbnails made from it: the plan lists their jobs after the film's
// (Matroska: through an MP4 copy of the film in the work directory), every
// output is in place with what it should show, and nothing temporary is
// left. A render whose poster fails leaves nothing at any output path and
// keeps what was there.
func TestDerivedOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sp := derivedSpec(t, dir, "out")
	pl, err := plan.Build(plan.Input{Spec: sp, WorkDir: filepath.Join(dir, "work"), TempTag: "9"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, j := range pl.Jobs {
		ids = append(ids, j.ID)
	}
	if got := strings.Join(ids[len(ids)-5:], " "); got != "mux-film mux-reel-film derived-teaser poster thumbnails" {
		t.Errorf("the last jobs are %s", got)
	}
	if len(pl.Deliver) != 5 {
		t.Errorf("the plan delivers %+v", pl.Deliver)
	}
	if _, err := exec.Run(context.Background(), pl, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2}); err != nil {
		t.Fatalf("render: %v", err)
	}
	out := filepath.Join(dir, "out")
	if n := fftest.FrameCount(t, filepath.Join(out, "teaser.gif")); n != 10 {
		t.Errorf("the teaser has %d frames, want 10", n)
	}
	if c := fftest.MeanRGB(t, filepath.Join(out, "poster.jpg"), 0, 0.5); c[2] < 200 || c[0] > 40 {
		t.Errorf("the poster at 1.5 s is %v, want the blue scene", c)
	}
	sheet := fftest.Frame(t, filepath.Join(out, "thumbs.jpg"), 0)
	if got := sheet.Bounds().Size(); got != image.Pt(120, 44) { // 4 tiles of 40x22 in 3 columns
		t.Errorf("the sheet is %v, want 120x44", got)
	}
	vtt, err := os.ReadFile(filepath.Join(out, "thumbs.vtt"))
	if err != nil || !strings.HasSuffix(string(vtt), "00:00:01.500 --> 00:00:02.000\nthumbs.jpg#xywh=0,22,40,22\n") {
		t.Errorf("the index: %q, %v", vtt, err)
	}
	left, _ := filepath.Glob(filepath.Join(out, ".*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// A failing poster: nothing new anywhere, the old GIF kept.
	sp2 := derivedSpec(t, dir, "out2")
	pl2, err := plan.Build(plan.Input{Spec: sp2, WorkDir: filepath.Join(dir, "work2"), TempTag: "9"})
	if err != nil {
		t.Fatal(err)
	}
	p := pl2.Job("poster")
	p.Args = append(p.Args[:len(p.Args)-1], "-no_such_option", "1", p.Args[len(p.Args)-1])
	out2 := filepath.Join(dir, "out2")
	os.MkdirAll(out2, 0o755)
	os.WriteFile(filepath.Join(out2, "teaser.gif"), []byte("old"), 0o644)
	if _, err := exec.Run(context.Background(), pl2, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2}); err == nil {
		t.Fatal("the render with a failing poster succeeded")
	}
	files, _ := os.ReadDir(out2)
	if len(files) != 1 || files[0].Name() != "teaser.gif" {
		t.Errorf("after a failed render out2 holds %v", files)
	}
	if b, _ := os.ReadFile(filepath.Join(out2, "teaser.gif")); string(b) != "old" {
		t.Errorf("the old teaser was replaced")
	}
}

// TestDerivedProject renders a project file whose outputs include a
// teaser at another rate, a GIF, a poster and thumbnails: the plan lists
// their jobs, and each file lands at its path with the frames it should
// have.
func TestDerivedProject(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", Color: "blue", Audio: true})
	yaml := `outputs:
  - {path: out/film.mp4, size: 160x90, fps: 30}
  - {path: out/teaser.mp4, fps: 24, range: {start: 0.5s, duration: 1s}}
  - {path: out/teaser.gif, size: 80x46, fps: 10, range: {start: 0.5s, end: 1.5s}}
poster: {at: 1.5s, path: out/poster.jpg}
thumbnails: {every: 0.5s, width: 40, columns: 3, path: out/thumbs.jpg}
scenes:
  - source: red.mp4
  - source: blue.mp4
`
	pl := render(t, dir, yaml)
	var ids []string
	for _, j := range pl.Jobs {
		ids = append(ids, j.ID)
	}
	if got := strings.Join(ids[len(ids)-4:], " "); got != "derived-teaser.mp4 derived-teaser.gif poster thumbnails" {
		t.Errorf("the last jobs are %s", got)
	}
	out := filepath.Join(dir, "out")
	for path, frames := range map[string]int{"film.mp4": 60, "teaser.mp4": 24, "teaser.gif": 10} {
		if n := fftest.FrameCount(t, filepath.Join(out, path)); n != frames {
			t.Errorf("%s has %d frames, want %d", path, n, frames)
		}
	}
	if c := fftest.MeanRGB(t, filepath.Join(out, "teaser.mp4"), 23, 0.5); c[2] < 200 {
		t.Errorf("the teaser's last frame (1.458 s) is %v, want blue", c)
	}
	if c := fftest.MeanRGB(t, filepath.Join(out, "poster.jpg"), 0, 0.5); c[2] < 200 || c[0] > 40 {
		t.Errorf("the poster at 1.5 s is %v, want blue", c)
	}
	if _, err := os.Stat(filepath.Join(out, "thumbs.vtt")); err != nil {
		t.Error(err)
	}
}

// TestDerivedAddedLater adds a GIF and a poster to a film already rendered:
// the scene and audio jobs are cache hits, and only the film's join and the
// new outputs' jobs run.
func TestDerivedAddedLater(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", Color: "blue", Audio: true})
	base := "outputs:\n  - {path: out/film.mp4, size: 160x90, fps: 30}\n"
	scenes := "scenes:\n  - source: red.mp4\n  - source: blue.mp4\n"
	run := func(yaml string) (*plan.Plan, *exec.Stats) {
		t.Helper()
		prep, err := prepare(context.Background(), dir, writeProject(t, dir, yaml))
		if err != nil {
			t.Fatalf("prepare: %v", err)
		}
		st, err := exec.Run(context.Background(), prep.Plan, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2})
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		return prep.Plan, st
	}
	run(base + scenes)
	pl, st := run(base + "  - {path: out/teaser.gif, size: 80x46, fps: 10, range: {start: 0.5s, duration: 1s}}\nposter: {at: 1.2s, path: out/poster.jpg}\n" + scenes)
	var ran []string
	for _, j := range st.Jobs {
		if !j.Cached {
			ran = append(ran, j.Job)
		}
		if k := pl.Job(j.Job).Kind; j.Cached == (k == plan.KindMux || k == plan.KindDerived) {
			t.Errorf("job %s (%s): cached %v", j.Job, k, j.Cached)
		}
	}
	slices.Sort(ran)
	if got := strings.Join(ran, " "); got != "derived-teaser mux-film poster" {
		t.Errorf("ran %s, want the film's join, the teaser and the poster", got)
	}
	if n := fftest.FrameCount(t, filepath.Join(dir, "out", "teaser.gif")); n != 10 {
		t.Errorf("the teaser has %d frames, want 10", n)
	}
}

// TestDerivedPreview: a preview drafts the film alone; it writes no
// poster or thumbnails, which would replace the real ones with drafts.
func TestDerivedPreview(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red"})
	yaml := "outputs:\n  - {path: out/film.mp4, size: 160x90}\n  - {path: out/teaser.gif, range: {start: 0s, duration: 0.5s}}\n" +
		"poster: {at: 0.5s, path: out/poster.jpg}\nthumbnails: {every: 0.5s, width: 40, path: out/thumbs.jpg}\nscenes:\n  - source: red.mp4\n"
	req := request(dir, writeProject(t, dir, yaml))
	req.Preview = true
	prep, err := pipeline.NewEngine(tools(), pipeline.Cache{Off: true}).Plan(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range prep.Plan.Jobs {
		if j.Kind == plan.KindDerived {
			t.Errorf("a preview runs %s", j.ID)
		}
	}
	if len(prep.Plan.Deliver) != 1 {
		t.Errorf("a preview delivers %+v", prep.Plan.Deliver)
	}
}
