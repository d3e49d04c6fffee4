package ffmpeg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRunProgressRealFFmpeg(t *testing.T) {
	bin := ffmpegBin(t)
	var blocks []Progress
	args := []string{"-hide_banner", "-f", "lavfi", "-i", "color=s=160x90:r=25:d=0.4", "-f", "null", "-"}
	res, err := Run(context.Background(), bin, args, RunOptions{OnProgress: func(p Progress) { blocks = append(blocks, p) }})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(blocks) == 0 {
		t.Fatal("no progress blocks")
	}
	last := blocks[len(blocks)-1]
	if !last.Done || last.Frame != 10 || last.OutTimeUS < 0 {
		t.Errorf("last block = %+v, want Done, Frame 10, OutTimeUS >= 0", last)
	}
	if res.Wall <= 0 || res.MaxRSSKB <= 0 {
		t.Errorf("result = %+v, want Wall and MaxRSSKB > 0", res)
	}
}

func TestRunExitCode(t *testing.T) {
	t.Setenv(fakeEnv, "fail")
	res, err := Run(context.Background(), os.Args[0], []string{"-i", "x"}, RunOptions{StderrLines: 3})
	ee := asExitError(t, err)
	want := []string{"line 29", "line 30", "Error: no such filter 'bogus'"}
	if strings.Join(ee.StderrTail, "|") != strings.Join(want, "|") || len(res.StderrTail) != 3 {
		t.Errorf("tail = %q, result tail %q, want %q", ee.StderrTail, res.StderrTail, want)
	}
	if ee.ExitCode != 1 || ee.Cancelled || ee.Signal != "" {
		t.Errorf("ExitError = %+v", ee)
	}
	wantMsg := filepath.Base(os.Args[0]) + " exited with code 1: Error: no such filter 'bogus'"
	if ee.Error() != wantMsg {
		t.Errorf("Error() = %q, want %q", ee.Error(), wantMsg)
	}
	if !strings.HasSuffix(ee.Command(), " -i x") {
		t.Errorf("Command() = %q", ee.Command())
	}
}

func TestRunCancel(t *testing.T) {
	tests := []struct {
		mode       string
		waitDelay  time.Duration
		minElapsed time.Duration
		maxElapsed time.Duration
		signal     string
	}{
		{"hang", 5 * time.Second, 0, 2 * time.Second, "interrupt"},
		{"ignore-int", 300 * time.Millisecond, 300 * time.Millisecond, 3 * time.Second, "killed"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			pidFile := fakeSetup(t, tt.mode)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			pid := make(chan int, 1)
			go func() { pid <- waitPid(t, pidFile); cancel() }()
			start := time.Now()
			_, err := Run(ctx, os.Args[0], nil, RunOptions{WaitDelay: tt.waitDelay})
			elapsed := time.Since(start) // includes the child's start-up
			ee := asExitError(t, err)
			if !ee.Cancelled || !errors.Is(err, context.Canceled) || ee.Signal != tt.signal || ee.ExitCode != -1 {
				t.Errorf("ExitError = %+v, want cancelled by %q", ee, tt.signal)
			}
			if elapsed < tt.minElapsed || elapsed > tt.maxElapsed {
				t.Errorf("returned after %v, want within [%v, %v]", elapsed, tt.minElapsed, tt.maxElapsed)
			}
			assertGone(t, <-pid)
		})
	}
}

func TestRunKilledBySignal(t *testing.T) {
	pidFile := fakeSetup(t, "sigkill")
	_, err := Run(context.Background(), os.Args[0], nil, RunOptions{})
	ee := asExitError(t, err)
	if ee.Signal != "killed" || ee.ExitCode != -1 || ee.Cancelled {
		t.Errorf("ExitError = %+v, want killed", ee)
	}
	if !strings.Contains(ee.Error(), "was killed by signal: killed: about to die") {
		t.Errorf("Error() = %q", ee.Error())
	}
	assertGone(t, waitPid(t, pidFile))
}

func TestRunNotFound(t *testing.T) {
	_, err := Run(context.Background(), filepath.Join(t.TempDir(), "ffmpeg"), nil, RunOptions{})
	ee := asExitError(t, err)
	if ee.ExitCode != -1 || ee.Cancelled || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ExitError = %+v (%v), want a start failure", ee, err)
	}
}

func TestVersion(t *testing.T) {
	v, err := Version(context.Background(), ffmpegBin(t))
	if err != nil || !strings.HasPrefix(v, "ffmpeg version ") || strings.Contains(v, "\n") {
		t.Errorf("Version = %q, %v", v, err)
	}
}

// fakeSetup makes the next child a fake ffmpeg in mode and returns the
// file it will write its pid to.
func fakeSetup(t *testing.T, mode string) string {
	pidFile := filepath.Join(t.TempDir(), "pid")
	t.Setenv(fakeEnv, mode)
	t.Setenv(fakePidEnv, pidFile)
	return pidFile
}

// waitPid polls for the fake's pid file.
func waitPid(t *testing.T, path string) int {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil {
			pid, err := strconv.Atoi(string(b))
			if err == nil {
				return pid
			}
		}
	}
	t.Error("fake ffmpeg never became ready")
	return 0
}

// asExitError fails the test unless err is an *ExitError.
func asExitError(t *testing.T, err error) *ExitError {
	t.Helper()
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v (%T), want *ExitError", err, err)
	}
	return ee
}

// assertGone checks that neither the process nor its group survives.
func assertGone(t *testing.T, pid int) {
	t.Helper()
	if pid <= 0 {
		return
	}
	for _, target := range []int{pid, -pid} {
		if err := syscall.Kill(target, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("kill(%d, 0) = %v, want ESRCH: process left behind", target, err)
		}
	}
}

// TestNotFound checks that a program that is not installed is ErrNotFound
// for both LookPath and Run, so callers test for it without os/exec.
func TestNotFound(t *testing.T) {
	const missing = "reel-no-such-program"
	if _, err := LookPath(missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("LookPath: %v, want ErrNotFound", err)
	}
	if _, err := Run(context.Background(), missing, []string{"-version"}, RunOptions{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Run: %v, want ErrNotFound", err)
	}
	if _, err := LookPath(ffmpegBin(t)); err != nil {
		t.Errorf("LookPath(ffmpeg): %v", err)
	}
}
