package ffmpeg

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunEndsTheWholeGroup runs a child that starts a grandchild ignoring
// SIGINT and holding stderr, and checks that the grandchild never outlives
// the run: on cancel (the child obeying SIGINT, or ignoring it until the
// group's SIGKILL) and when the child exits by itself.
func TestRunEndsTheWholeGroup(t *testing.T) {
	tests := []struct {
		mode       string
		cancel     bool
		waitDelay  time.Duration
		minElapsed time.Duration
		maxElapsed time.Duration
	}{
		{"spawn-hang", true, 5 * time.Second, 0, 3 * time.Second},
		{"spawn-ignore-int", true, 300 * time.Millisecond, 300 * time.Millisecond, 3 * time.Second},
		{"spawn-exit", false, 10 * time.Second, 0, 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			pidFile := fakeSetup(t, tt.mode)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				go func() { waitPid(t, pidFile); cancel() }()
			}
			start := time.Now()
			_, err := Run(ctx, os.Args[0], nil, RunOptions{WaitDelay: tt.waitDelay})
			elapsed := time.Since(start)
			if tt.cancel {
				if ee := asExitError(t, err); !ee.Cancelled {
					t.Errorf("ExitError = %+v, want cancelled", ee)
				}
			} else if err != nil {
				t.Errorf("Run = %v, want success (a grandchild holding stderr must not turn it into a failure)", err)
			}
			if elapsed < tt.minElapsed || elapsed > tt.maxElapsed {
				t.Errorf("returned after %v, want within [%v, %v]", elapsed, tt.minElapsed, tt.maxElapsed)
			}
			assertDead(t, waitPid(t, pidFile+".child"))
		})
	}
}

// TestRunStdout checks that stdout reaches RunOptions.Stdout in full.
func TestRunStdout(t *testing.T) {
	var out bytes.Buffer
	args := []string{"-hide_banner", "-h", "filter=xfade"}
	if _, err := Run(context.Background(), ffmpegBin(t), args, RunOptions{Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "Filter xfade") || !strings.Contains(s, "transition") {
		t.Errorf("stdout = %q, want xfade's help", s)
	}
}

// assertDead waits up to 3 s for pid to be gone (a zombie awaiting its
// reaper counts as gone: it runs no more).
func assertDead(t *testing.T, pid int) {
	t.Helper()
	if pid <= 0 {
		return
	}
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !running(pid) {
			return
		}
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	t.Errorf("process %d (the child's child) still runs", pid)
}

// running says whether pid exists and is not a zombie.
func running(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	if i := bytes.LastIndexByte(b, ')'); i > 0 && i+2 < len(b) {
		return b[i+2] != 'Z'
	}
	return true
}

// TestChildDiesWithReel kills a process that is running a child through
// Run with SIGKILL (it cannot stop anything then) and checks that the child
// does not go on working for a parent that is gone.
func TestChildDiesWithReel(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux has a parent-death signal")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	runner := exec.Command(os.Args[0])
	runner.Env = append(os.Environ(), fakeEnv+"=runner", fakePidEnv+"="+pidFile)
	if err := runner.Start(); err != nil {
		t.Fatal(err)
	}
	child := waitPid(t, pidFile+".child")
	_ = runner.Process.Kill()
	_ = runner.Wait()
	assertDead(t, child)
}
