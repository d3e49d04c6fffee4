package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-film/reel/pipeline"
)

// TestWatch starts `reel watch`, edits one scene's text, and expects a second
// render that reuses every job but the changed scene's, then stops it with
// Ctrl-C (exit 0: stopping is how watch ends).
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	proj := writeFile(t, dir, "project.yaml", placeholderProject(3, "0.5s", "160x90"))
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	cmd := command(ctx, t, dir, nil, "watch", "project.yaml", "--progress", "none")
	stdout := newWatchWriter("rendered")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	wait := func(w *watchWriter, what string) {
		t.Helper()
		select {
		case <-w.seen:
		case err := <-exited:
			t.Fatalf("watch exited before %s: %v\nstdout:\n%s\nstderr:\n%s", what, err, w, stderr.String())
		case <-time.After(25 * time.Second):
			t.Fatalf("no %s within 25 s:\nstdout:\n%s\nstderr:\n%s", what, w, stderr.String())
		}
	}
	wait(stdout, "first render")
	if !strings.Contains(stdout.String(), filepath.Join("out", "film.preview.mp4")) {
		t.Errorf("watch should render the preview:\n%s", stdout)
	}
	before := strings.Count(stdout.String(), "rendered")
	edited := strings.Replace(placeholderProject(3, "0.5s", "160x90"), `"scene 2"`, `"scene two"`, 1)
	time.Sleep(200 * time.Millisecond)
	if err := os.WriteFile(proj, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(25 * time.Second)
	for strings.Count(stdout.String(), "rendered") == before && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	out := stdout.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 {
		t.Fatalf("no render after the edit:\n%s\nstderr:\n%s", out, stderr.String())
	}
	// Scene 2 and its two transitions change; scenes 1 and 3 and the audio
	// come from the cache.
	if last := lines[len(lines)-1]; !strings.Contains(last, "(3 of 7 jobs from the cache)") {
		t.Errorf("second render: %q, want 3 of 7 jobs from the cache", last)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("watch stopped with %v, want exit 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop within 10 s of Ctrl-C")
	}
}

// TestWatchRefusesBadOutputFlag: an -o that no edit of the project can make
// right (an extension reel cannot write, a directory, a file where a
// directory should be, a place it cannot write) ends watch at once with
// exit 2 naming -o, as it ends render, instead of watching for ever.
func TestWatchRefusesBadOutputFlag(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(1, "0.5s", "160x90"))
	writeFile(t, dir, "taken/keep.txt", "a directory named like a film")
	if err := os.Rename(filepath.Join(dir, "taken"), filepath.Join(dir, "taken.mp4")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "file.mp4", "a file where a directory should be")
	for _, o := range []string{"film.txt", "taken.mp4", "file.mp4/film.mp4", "/proc/film.mp4"} {
		r := reel(t, dir, nil, "watch", "project.yaml", "-o", o, "--progress", "none")
		wantExit(t, r, 2)
		wantContains(t, "stderr", r.stderr, "-o "+o)
		if strings.Contains(r.stderr, "watching") {
			t.Errorf("-o %s: watch went on:\n%s", o, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Errorf("something was rendered: %v", err)
	}
}

// TestWatchedFiles: watch follows the files the project names as well as
// those the plan reads, so editing the caption file renders again.
func TestWatchedFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "subs.srt", "1\n00:00:00,100 --> 00:00:00,400\nHello\n")
	src := placeholderProject(2, "0.5s", "160x90") + "captions: {file: subs.srt}\n"
	proj := writeFile(t, dir, "project.yaml", src)
	prep, err := pipeline.NewEngine(pipeline.Tools{FFmpeg: "ffmpeg", FFprobe: "ffprobe"}, pipeline.Cache{Off: true}).
		Plan(context.Background(), pipeline.Request{Path: proj, WorkRoot: filepath.Join(dir, "work")})
	if err != nil {
		t.Fatal(err)
	}
	w := watchedFiles(proj, prep)
	if !w[proj] || !w[filepath.Join(dir, "subs.srt")] {
		t.Errorf("watched %v, want the project and subs.srt", w)
	}
}
