package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/owned"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/event"
)

// TestRenderCallbacksAndWorkDir: Render calls OnPlan once before any job
// and OnEvent for every job, leaves its work root empty (or the kept
// directory, released, with KeepWork), and a render cancelled through ctx
// leaves no output, no temporary file and no work directory.
func TestRenderCallbacksAndWorkDir(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := writeProject(t, dir, "output: {path: out/film.mp4, size: 160x90, fps: 10}\nscenes:\n"+
		"  - {placeholder: {text: one}, duration: 1s, transition: {type: fade, duration: 0.4s}}\n  - {placeholder: {text: two}, duration: 1s}\n")
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	work := filepath.Join(dir, "work")
	out := filepath.Join(dir, "out", "film.mp4")

	var planned int
	done := map[string]bool{}
	req := pipeline.Request{Path: path, WorkRoot: work, Jobs: 2,
		OnPlan: func(p *pipeline.Prepared) {
			planned++
			if len(done) > 0 {
				t.Errorf("OnPlan after %d jobs", len(done))
			}
		},
		OnEvent: func(ev event.Event) {
			if ev.State == "done" {
				done[ev.Job] = true
			}
		}}
	res, err := eng.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if planned != 1 || len(done) != len(res.Plan.Jobs) || res.Stats.Cached != 0 {
		t.Errorf("OnPlan called %d times, %d of %d jobs reported done", planned, len(done), len(res.Plan.Jobs))
	}
	if n := fftest.FrameCount(t, out); n != 16 || len(res.Outputs) != 1 || res.Outputs[0] != out {
		t.Errorf("%s has %d frames (want 16); outputs %q", out, n, res.Outputs)
	}
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Errorf("the work root holds %v after the render", entries)
	}

	req.KeepWork, req.OnPlan, req.OnEvent = true, nil, nil
	res, err = eng.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(res.Plan.Segments[0].Path); err != nil {
		t.Errorf("KeepWork: %v", err)
	}
	if _, err := os.Stat(filepath.Join(res.Plan.WorkDir, owned.Marker)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a kept work directory still names its owner (a later render would remove it): %v", err)
	}
	os.RemoveAll(res.Plan.WorkDir)

	os.Remove(out)
	os.Remove(out + ".manifest.json") // the earlier render's provenance manifest
	ctx, cancel := context.WithCancel(context.Background())
	req.KeepWork = false
	req.OnEvent = func(ev event.Event) {
		if ev.State == "start" {
			cancel()
		}
	}
	if _, err := eng.Render(ctx, req); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled render returned %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("a cancelled render left %v in the output directory", entries)
	}
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Errorf("a cancelled render left %v in the work root", entries)
	}
}

// TestRenderReportsOnlyWhatItWrote: a render of several outputs reports
// in Result.Outputs the files it made, each present after it and none left
// from before.
func TestRenderReportsOnlyWhatItWrote(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := writeProject(t, dir, "outputs:\n  - {path: out/master.mp4, size: 160x90, fps: 10}\n  - {path: out/vertical.mp4, size: 90x160}\n"+
		"poster: {at: 0.5s, path: out/poster.jpg}\nscenes:\n  - {placeholder: {text: one}, duration: 1s}\n")
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	start := time.Now().Add(-time.Second) // file times may be coarse
	res, err := eng.Render(context.Background(), pipeline.Request{Path: path, WorkRoot: filepath.Join(dir, "work")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outputs) == 0 || res.Outputs[0] != filepath.Join(dir, "out", "master.mp4") {
		t.Fatalf("outputs %q, want the master first", res.Outputs)
	}
	for _, f := range res.Outputs {
		if fi, err := os.Stat(f); err != nil || fi.ModTime().Before(start) {
			t.Errorf("%s is reported written: %v", f, err)
		}
	}
}
