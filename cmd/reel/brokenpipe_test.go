package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
)

// TestBrokenPipe renders with stdout and/or stderr going to a pipe whose
// reader goes away early, as `reel render ... 2>&1 | head` does. The render
// must go on to the end: exit 0, the output complete with the planned
// frames, and no work directory or temporary output left behind.
func TestBrokenPipe(t *testing.T) {
	tests := []struct {
		name           string
		args           []string
		stdout, stderr bool // which streams go to the pipe
		readLine       bool // the reader reads one line before it leaves (else it never reads)
		project        string
		code           int
	}{
		{"json progress, 2>&1 | head -1", []string{"--progress", "json"}, true, true, true, "project.yaml", 0},
		{"plain progress and debug log, stderr closed", []string{"--progress", "plain", "--log-level", "debug"}, false, true, false, "project.yaml", 0},
		{"json summary, stdout closed", []string{"--json", "--progress", "none"}, true, false, false, "project.yaml", 0},
		{"both closed", []string{"--progress", "json", "--json"}, true, true, false, "project.yaml", 0},
		{"invalid project, both closed", []string{"--progress", "json"}, true, true, false, "bad.yaml", 2},
		{"failing render, 2>&1 | head -1", []string{"--progress", "json"}, true, true, true, "fails.yaml", 1},
	}
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(3, "0.6s", "160x90"))
	writeFile(t, dir, "bad.yaml", "scenes:\n  - {source: missing.mp4}\n")
	writeFile(t, dir, "fails.yaml", placeholderProject(2, "0.5s", "96x54")) // nothing cached
	frames := planOf(t, dir, "project.yaml").Frames
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work := t.TempDir()
			out := filepath.Join(dir, "out", "cut"+string(rune('a'+i))+".mp4")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			args := append([]string{"render", tt.project, "-o", out, "--work-dir", work}, tt.args...)
			var env []string
			if tt.project == "fails.yaml" { // every encode dies (a fake ffmpeg)
				_, env = fftest.Wrapper(t, 0, true)
				args = append(args, "--ffmpeg", fakeFFmpegBin(t))
			}
			cmd := command(ctx, t, dir, env, args...)
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			var other bytes.Buffer
			cmd.Stdout, cmd.Stderr = &other, &other
			if tt.stdout {
				cmd.Stdout = w
			}
			if tt.stderr {
				cmd.Stderr = w
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w.Close()
			if tt.readLine {
				line, err := bufio.NewReader(r).ReadString('\n')
				if err != nil {
					t.Errorf("first line %q: %v", line, err)
				}
			}
			r.Close()
			code := exitCodeOf(t, cmd.Wait())
			if ctx.Err() != nil {
				t.Fatal("reel did not finish within 60 s")
			}
			if code != tt.code {
				t.Fatalf("exit %d (-1: killed by a signal), want %d\n%s", code, tt.code, other.String())
			}
			if tt.code != 0 {
				assertAbsent(t, out)
			} else if n := fftest.FrameCount(t, out); int64(n) != frames {
				t.Errorf("output has %d frames, plan says %d", n, frames)
			}
			assertNoLeftovers(t, filepath.Dir(out), work)
		})
	}
}

// TestNohupKeepsRunning starts a render under nohup (SIGHUP ignored) and
// sends it SIGHUP: reel must keep the signal ignored and finish the render.
func TestNohupKeepsRunning(t *testing.T) {
	nohup, err := exec.LookPath("nohup")
	if err != nil {
		t.Skip("no nohup")
	}
	dir, work := t.TempDir(), t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(3, "1s", "160x90"))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := command(ctx, t, dir, nil, "render", "project.yaml", "--progress", "plain", "--work-dir", work)
	cmd.Path, cmd.Args = nohup, append([]string{nohup}, cmd.Args...) // nohup execs reel: same pid
	stderr := newWatchWriter(" started")
	var stdout strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stderr.seen:
	case <-time.After(20 * time.Second):
		t.Fatalf("no job started:\n%s", stderr)
	}
	_ = cmd.Process.Signal(syscall.SIGHUP)
	if code := exitCodeOf(t, cmd.Wait()); code != 0 {
		t.Fatalf("exit %d after SIGHUP under nohup, want 0\n%s", code, stderr)
	}
	if n := fftest.FrameCount(t, filepath.Join(dir, "out", "film.mp4")); n != 78 {
		t.Errorf("output has %d frames, want 78", n)
	}
	assertNoLeftovers(t, filepath.Join(dir, "out"), work)
}

// fakeFFmpegBin returns a path named ffmpeg that runs this test binary as
// a crashing ffmpeg (fftest.Wrapper).
func fakeFFmpegBin(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(t.TempDir(), "ffmpeg")
	if err := os.Symlink(self, fake); err != nil {
		t.Fatal(err)
	}
	return fake
}

// TestPipeOut checks the writer behind reel's stdout and stderr: a gone
// reader's EPIPE is dropped (and so is everything after it), other write
// errors are not.
func TestPipeOut(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out := newPipeOut(w)
	if n, err := out.Write([]byte("read\n")); n != 5 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	r.Close()
	for i := 0; i < 3; i++ {
		if n, err := out.Write([]byte("nobody reads this\n")); n != 18 || err != nil {
			t.Fatalf("Write after the reader left = %d, %v; want 18, nil", n, err)
		}
	}
	if !out.broken.Load() {
		t.Error("not marked broken after EPIPE")
	}
	w.Close()
	closed := newPipeOut(w)
	if _, err := closed.Write([]byte("x")); err == nil {
		t.Error("a write to a closed file reported success: only EPIPE may be dropped")
	}
}

// TestPlanToFullDisk: a plan that cannot be written (a full disk: ENOSPC,
// not a reader gone away) fails with exit 1 and says why; the JSON plan too.
func TestPlanToFullDisk(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(2, "0.5s", "160x90"))
	for _, args := range [][]string{{"plan", "project.yaml"}, {"plan", "project.yaml", "--json"}} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := command(ctx, t, dir, nil, args...)
		var stderr strings.Builder
		cmd.Stdout, cmd.Stderr = full, &stderr
		err := cmd.Run()
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("%v to a full disk: %v, stderr %q; want exit 1 naming the error", args, err, stderr.String())
		}
	}
}
