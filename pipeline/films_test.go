package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/cache"
)

// TestReuseFilms renders one film to three paths with ReuseFilms (as the
// render service does): the second render starts no ffmpeg at all (every
// job a hit, the film copied from the first delivery and verified), and
// delivers the same bytes; once the last delivery has been edited in
// place (same size, other bytes), the third render joins the film again
// and delivers the right one. Without ReuseFilms the join runs as before.
func TestReuseFilms(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Color: "red", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", Color: "blue", Audio: true, Freq: 660})
	proj := writeProject(t, dir, "output: {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}\n"+
		"transition: {type: fade, duration: 0.5s}\nscenes:\n  - source: red.mp4\n  - source: blue.mp4\n")
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Dir: filepath.Join(dir, "cache")})
	render := func(out string, reuse bool) []string {
		t.Helper()
		res, err := eng.Render(context.Background(), pipeline.Request{Path: proj, Outputs: []string{out}, ReuseFilms: reuse, Jobs: 2})
		if err != nil {
			t.Fatalf("render %s: %v", out, err)
		}
		ran := ranJobs(res.Stats)
		return ran
	}
	a, b, c, d := filepath.Join(dir, "a.mp4"), filepath.Join(dir, "b.mp4"), filepath.Join(dir, "c.mp4"), filepath.Join(dir, "d.mp4")
	if ran := render(a, true); !slices.Contains(ran, "mux-film") {
		t.Fatalf("the first render ran %v, want the join among them", ran)
	}
	if ran := render(b, true); len(ran) != 0 {
		t.Errorf("the same film to another path ran %v, want nothing (the film reused)", ran)
	}
	assertSameBytes(t, a, b)
	if n := fftest.FrameCount(t, b); n != 45 {
		t.Errorf("the reused film has %d frames, want 45", n)
	}
	// The record names the last delivery (b): edit it in place.
	sumA, size, _ := cache.HashFile(a)
	f, err := os.OpenFile(b, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("damaged!"), size/2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if ran := render(c, true); !slices.Equal(ran, []string{"mux-film"}) {
		t.Errorf("with the recorded film edited, ran %v, want the join alone", ran)
	}
	if sum, _, _ := cache.HashFile(c); sum != sumA {
		t.Errorf("the film joined again differs from the first delivery")
	}
	if ran := render(d, false); !slices.Equal(ran, []string{"mux-film"}) {
		t.Errorf("without reuse, ran %v, want the join alone", ran)
	}
}
