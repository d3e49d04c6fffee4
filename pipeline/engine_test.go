package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

// TestEngineAsksFFmpegOnce: an engine asks its FFmpeg for the transitions
// and the ass filter once, however many projects it plans, also without a
// cache to remember them in (a watch, a server).
func TestEngineAsksFFmpegOnce(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls.log")
	bin := filepath.Join(dir, "ffmpeg")
	script := "#!/bin/sh\necho \"$*\" >> " + calls + "\nexec " + fftest.FFmpeg() + " \"$@\"\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	path := writeProject(t, dir, "output: {size: 160x90, fps: 10}\nscenes:\n  - {placeholder: {text: one}, duration: 1s}\n  - {placeholder: {text: two}, duration: 1s, transition: {type: wipeleft, duration: 0.5s}}\n  - {placeholder: {text: three}, duration: 1s}\n")
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: bin, FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	for i := range 3 {
		prep, err := eng.Plan(context.Background(), pipeline.Request{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		if prep.Plan.Frames != 25 {
			t.Fatalf("plan %d: %d frames, want 25", i, prep.Plan.Frames)
		}
	}
	b, _ := os.ReadFile(calls)
	log := string(b)
	if n := strings.Count(log, "filter=xfade"); n != 1 {
		t.Errorf("asked for the transitions %d times, want once:\n%s", n, log)
	}
	if n := strings.Count(log, "filter=ass"); n != 1 {
		t.Errorf("asked for the ass filter %d times, want once:\n%s", n, log)
	}
	other := pipeline.NewEngine(pipeline.Tools{FFmpeg: bin, FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	if _, err := other.Plan(context.Background(), pipeline.Request{Path: path}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(calls); strings.Count(string(b), "filter=xfade") != 2 {
		t.Errorf("a new engine without a cache did not ask again:\n%s", b)
	}
}
