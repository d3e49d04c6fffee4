package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
)

// derivedYAML is a film of two 1 s scenes (160x90, 30 fps) into out/ with
// a GIF teaser at fps, a poster at 1.5 s and thumbnails every 0.5 s.
func derivedYAML(second string, fps int) string {
	return "outputs:\n  - {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}\n" +
		"  - {path: out/teaser.gif, size: 80x46, fps: " + strconv.Itoa(fps) + ", range: {start: 0.5s, duration: 1s}}\n" +
		"poster: {at: 1.5s, path: out/poster.jpg}\nthumbnails: {every: 0.5s, width: 40, columns: 3, path: out/thumbs.jpg}\n" +
		"scenes:\n  - source: red.mp4\n  - source: " + second + "\n"
}

// derivedRun renders the project yaml in dir through the cache and returns
// its plan, the jobs that ran (not cache hits), sorted, and the warnings.
func derivedRun(t *testing.T, dir, yaml string) (*plan.Plan, []string, []string) {
	t.Helper()
	p, ran, warns, err := derivedTry(t, dir, yaml, nil)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return p, ran, warns
}

// derivedTry is derivedRun with the plan changed by change (when not nil)
// before it runs, returning the render's error.
func derivedTry(t *testing.T, dir, yaml string, change func(*plan.Plan)) (*plan.Plan, []string, []string, error) {
	t.Helper()
	prep, err := prepare(context.Background(), dir, writeProject(t, dir, yaml))
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if change != nil {
		change(prep.Plan)
	}
	st, err := exec.Run(context.Background(), prep.Plan, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2})
	if err != nil {
		return prep.Plan, nil, nil, err
	}
	ran := ranJobs(st)
	return prep.Plan, ran, st.Warnings, nil
}

// entryFile is the file in the cache entry that job id delivers to path.
func entryFile(t *testing.T, p *plan.Plan, id, path string) string {
	t.Helper()
	for _, f := range p.Deliver {
		if f.Job == id && filepath.Base(f.Path) == path {
			if !strings.Contains(f.From, string(filepath.Separator)+"jobs"+string(filepath.Separator)) {
				t.Fatalf("%s is delivered from %s, not from a cache entry", path, f.From)
			}
			return f.From
		}
	}
	t.Fatalf("job %s delivers no %s: %+v", id, path, p.Deliver)
	return ""
}

// TestDerivedCached: the jobs made from the film (a GIF, the poster, the
// thumbnails and their index) are cached like any other, keyed on the
// film's content key. A re-render with nothing changed runs only the
// film's join; changing the GIF's rate runs the GIF alone; changing a
// scene runs them all (the film changed). Each delivered file is a copy
// of its own (editing it leaves the cache entry valid, and the next render
// puts the stored one back), and a damaged entry is found when it is
// delivered, reported, and rendered again.
func TestDerivedCached(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", Color: "blue", Audio: true, Freq: 660})
	fftest.Make(t, dir, fftest.Clip{Name: "green.mp4", Color: "lime", Audio: true, Freq: 660})
	out := filepath.Join(dir, "out")
	derived := []string{"derived-teaser", "poster", "thumbnails"}

	p1, ran, _ := derivedRun(t, dir, derivedYAML("blue.mp4", 10))
	for _, id := range append([]string{"mux-film"}, derived...) {
		if !slices.Contains(ran, id) {
			t.Errorf("the first render did not run %s (ran %v)", id, ran)
		}
	}
	for _, id := range derived {
		if j := p1.Job(id); j.Key == "" || !j.Cached() {
			t.Errorf("job %s has no key or entry", id)
		}
	}
	if p1.Job("mux-film").Key == "" || p1.Job("mux-film").Cached() {
		t.Errorf("the film's join: key %q, cached %v; want a key and no entry", p1.Job("mux-film").Key, p1.Job("mux-film").Cached())
	}
	vtt1, _ := os.ReadFile(filepath.Join(out, "thumbs.vtt"))

	// Nothing changed: only the join runs.
	p2, ran, _ := derivedRun(t, dir, derivedYAML("blue.mp4", 10))
	if got := strings.Join(ran, " "); got != "mux-film" {
		t.Errorf("a re-render with nothing changed ran %s, want mux-film alone", got)
	}
	if n := fftest.FrameCount(t, filepath.Join(out, "teaser.gif")); n != 10 {
		t.Errorf("the teaser has %d frames, want 10", n)
	}
	if vtt2, _ := os.ReadFile(filepath.Join(out, "thumbs.vtt")); !bytes.Equal(vtt1, vtt2) || !bytes.HasPrefix(vtt2, []byte("WEBVTT\n")) {
		t.Errorf("the index from the cache: %q, want %q", vtt2, vtt1)
	}
	for _, name := range []string{"teaser.gif", "poster.jpg", "thumbs.jpg", "thumbs.vtt"} {
		id := map[string]string{"teaser.gif": "derived-teaser", "poster.jpg": "poster", "thumbs.jpg": "thumbnails", "thumbs.vtt": "thumbnails"}[name]
		assertOwnCopy(t, filepath.Join(out, name), entryFile(t, p2, id, name))
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// The user edits the delivered poster in place: the entry stays valid,
	// and the next render (a hit) delivers the stored poster again.
	poster, stored := filepath.Join(out, "poster.jpg"), entryFile(t, p2, "poster", "poster.jpg")
	f, err := os.OpenFile(poster, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("edited by hand"), 100)
	f.Close()
	if err := cache.Verify(filepath.Dir(stored)); err != nil {
		t.Errorf("editing the delivered poster damaged its cache entry: %v", err)
	}
	_, ran, _ = derivedRun(t, dir, derivedYAML("blue.mp4", 10))
	if slices.Contains(ran, "poster") {
		t.Errorf("the poster ran again after its delivered copy was edited (ran %v)", ran)
	}
	assertSameBytes(t, poster, stored)

	// A damaged entry (same size, same time) is found when it is copied
	// out, reported, and rendered again; the delivered poster is sound.
	corruptMiddle(t, stored, 0.5)
	_, ran, warns := derivedRun(t, dir, derivedYAML("blue.mp4", 10))
	if got := strings.Join(ran, " "); got != "mux-film poster" {
		t.Errorf("with the poster's entry damaged, ran %s, want mux-film poster", got)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "job poster") || !strings.Contains(warns[0], "poster.jpg has changed since it was stored") {
		t.Errorf("warnings %q, want one naming the poster's damaged entry", warns)
	}
	if err := cache.Verify(filepath.Dir(stored)); err != nil {
		t.Errorf("the poster's entry after the render: %v", err)
	}
	if c := fftest.MeanRGB(t, poster, 0, 0.5); c[2] < 200 || c[0] > 40 {
		t.Errorf("the poster at 1.5 s is %v, want the blue scene", c)
	}
	assertSameBytes(t, poster, stored)

	// The index is an output of the thumbnails' entry like the sheet: damaged,
	// it is found and made again.
	vttStored := entryFile(t, p2, "thumbnails", "thumbs.vtt")
	corruptMiddle(t, vttStored, 0.3)
	_, ran, warns = derivedRun(t, dir, derivedYAML("blue.mp4", 10))
	if got := strings.Join(ran, " "); got != "mux-film thumbnails" || len(warns) != 1 || !strings.Contains(warns[0], "thumbnails.vtt has changed") {
		t.Errorf("with the index's entry damaged, ran %s, warned %q", got, warns)
	}
	if vtt, _ := os.ReadFile(filepath.Join(out, "thumbs.vtt")); !bytes.Equal(vtt, vtt1) {
		t.Errorf("the index after its entry was redone: %q", vtt)
	}

	// All or nothing with copies out of the cache: the teaser and the
	// poster are hits, copied to their temporaries; the thumbnails (asked
	// wider: a miss) fail. Nothing new lands, nothing temporary is left.
	before := map[string][]byte{}
	for _, n := range []string{"film.mp4", "teaser.gif", "poster.jpg", "thumbs.jpg", "thumbs.vtt"} {
		before[n], _ = os.ReadFile(filepath.Join(out, n))
	}
	wider := strings.Replace(derivedYAML("blue.mp4", 10), "width: 40", "width: 48", 1)
	_, _, _, err = derivedTry(t, dir, wider, func(p *plan.Plan) {
		j := p.Job("thumbnails")
		j.Args = append(j.Args[:len(j.Args)-1], "-no_such_option", "1", j.Args[len(j.Args)-1])
	})
	if err == nil {
		t.Fatal("the render with failing thumbnails succeeded")
	}
	for n, b := range before {
		if now, _ := os.ReadFile(filepath.Join(out, n)); !bytes.Equal(now, b) {
			t.Errorf("the failed render changed %s", n)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
		t.Errorf("the failed render left %v", left)
	}

	// The GIF's rate alone: the GIF alone runs (and the join).
	_, ran, _ = derivedRun(t, dir, derivedYAML("blue.mp4", 5))
	if got := strings.Join(ran, " "); got != "derived-teaser mux-film" {
		t.Errorf("changing the GIF's rate ran %s, want derived-teaser mux-film", got)
	}
	if n := fftest.FrameCount(t, filepath.Join(out, "teaser.gif")); n != 5 {
		t.Errorf("the teaser has %d frames, want 5", n)
	}

	// A scene: the film changed, so does everything made from it.
	_, ran, _ = derivedRun(t, dir, derivedYAML("green.mp4", 5))
	for _, id := range append([]string{"mux-film"}, derived...) {
		if !slices.Contains(ran, id) {
			t.Errorf("changing a scene did not run %s (ran %v)", id, ran)
		}
	}
	if slices.Contains(ran, "s01-scene-1") {
		t.Errorf("changing the second scene ran the first (ran %v)", ran)
	}
	if c := fftest.MeanRGB(t, poster, 0, 0.5); c[1] < 200 || c[2] > 40 {
		t.Errorf("the poster at 1.5 s is %v, want the green scene", c)
	}
}

// assertOwnCopy checks that the delivered file is a regular file of its
// own (not a link to the cache entry's file, not a symlink) with the same
// bytes.
func assertOwnCopy(t *testing.T, delivered, stored string) {
	t.Helper()
	fi, err := os.Lstat(delivered)
	if err != nil {
		t.Fatal(err)
	}
	se, _ := os.Stat(stored)
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.Mode().IsRegular() || !ok || st.Nlink != 1 || os.SameFile(fi, se) {
		t.Errorf("%s is not a file of its own (mode %v, links %d, same as the entry's: %v)", delivered, fi.Mode(), st.Nlink, os.SameFile(fi, se))
	}
	assertSameBytes(t, delivered, stored)
}

func assertSameBytes(t *testing.T, a, b string) {
	t.Helper()
	x, err1 := os.ReadFile(a)
	y, err2 := os.ReadFile(b)
	if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
		t.Errorf("%s and %s differ (%v, %v)", a, b, err1, err2)
	}
}

// TestRenderOutputMadeFromTheFilm renders through the engine with
// --output choosing only what is made from the film (a GIF teaser, then
// the poster, then the sheet by its index's path): each render writes
// only the chosen files, no film at the film's path, and the cache makes
// the full render that follows run no job made from the film again.
func TestRenderOutputMadeFromTheFilm(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", Color: "blue", Audio: true, Freq: 660})
	path := writeProject(t, dir, derivedYAML("blue.mp4", 10))
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Dir: filepath.Join(dir, "cache")})
	out := filepath.Join(dir, "out")
	render := func(outputs ...string) []string {
		t.Helper()
		res, err := eng.Render(context.Background(), pipeline.Request{Path: path, WorkRoot: filepath.Join(dir, "work"), Jobs: 2, Outputs: outputs})
		if err != nil {
			t.Fatalf("render --output %v: %v", outputs, err)
		}
		ran := ranJobs(res.Stats)
		return ran
	}
	files := func() string {
		var names []string
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".manifest.json") { // each output's provenance manifest
				names = append(names, e.Name())
			}
		}
		return strings.Join(names, " ")
	}

	ran := render("teaser")
	if got := files(); got != "teaser.gif" {
		t.Errorf("--output teaser wrote %s", got)
	}
	if !slices.Contains(ran, "mux-reel-film") || slices.Contains(ran, "mux-film") {
		t.Errorf("--output teaser ran %v", ran)
	}
	if n := fftest.FrameCount(t, filepath.Join(out, "teaser.gif")); n != 10 {
		t.Errorf("the teaser has %d frames, want 10", n)
	}
	if got := strings.Join(render(filepath.Join(out, "poster.jpg")), " "); got != "mux-reel-film poster" {
		t.Errorf("--output poster.jpg ran %s", got)
	}
	if got := strings.Join(render(filepath.Join(out, "thumbs.vtt")), " "); got != "mux-reel-film thumbnails" {
		t.Errorf("--output thumbs.vtt ran %s", got)
	}
	if got := files(); got != "poster.jpg teaser.gif thumbs.jpg thumbs.vtt" {
		t.Errorf("out holds %s", got)
	}
	if c := fftest.MeanRGB(t, filepath.Join(out, "poster.jpg"), 0, 0.5); c[2] < 200 || c[0] > 40 {
		t.Errorf("the poster at 1.5 s is %v, want the blue scene", c)
	}
	if got := strings.Join(render(), " "); got != "mux-film" {
		t.Errorf("the full render after them ran %s, want mux-film alone", got)
	}
}
