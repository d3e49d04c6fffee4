package ffmpeg

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// fakeEnv selects a fake ffmpeg behaviour when the test binary is re-run
// as a child process; fakePidEnv names a file the fake writes its pid to
// once it is ready.
const (
	fakeEnv    = "REEL_FAKE_FFMPEG"
	fakePidEnv = "REEL_FAKE_FFMPEG_PIDFILE"
)

// TestMain turns the test binary into a fake ffmpeg when fakeEnv is set.
func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeFFmpeg(mode))
	}
	os.Exit(m.Run())
}

// fakeFFmpeg acts out one failure mode and returns the exit code.
func fakeFFmpeg(mode string) int {
	switch mode {
	case "fail":
		for i := 1; i <= 30; i++ {
			fmt.Fprintf(os.Stderr, "line %d\n", i)
		}
		fmt.Fprint(os.Stderr, "Error: no such filter 'bogus'")
		return 1
	case "hang":
		ready()
		time.Sleep(time.Hour)
	case "ignore-int":
		signal.Ignore(os.Interrupt)
		ready()
		time.Sleep(time.Hour)
	case "spawn-hang", "spawn-ignore-int", "spawn-exit":
		return spawnGrandchild(mode)
	case "runner":
		// a reel stand-in: runs a hanging child through Run, then is killed
		os.Setenv(fakeEnv, "hang")
		os.Setenv(fakePidEnv, os.Getenv(fakePidEnv)+".child")
		_, _ = Run(context.Background(), os.Args[0], nil, RunOptions{})
		return 5
	case "grandchild":
		signal.Ignore(os.Interrupt) // as a shell's background job does
		writePid(os.Getenv(fakePidEnv) + ".child")
		time.Sleep(time.Hour)
	case "sigkill":
		ready()
		fmt.Fprintln(os.Stderr, "about to die")
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Minute)
	}
	return 3
}

// spawnGrandchild starts a child of its own that ignores SIGINT and holds
// stderr (like a script's `sleep 100 &`), then hangs, hangs ignoring
// SIGINT, or exits at once, by mode.
func spawnGrandchild(mode string) int {
	c := exec.Command(os.Args[0])
	c.Env = append(os.Environ(), fakeEnv+"=grandchild")
	c.Stderr = os.Stderr
	if err := c.Start(); err != nil {
		return 4
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(os.Getenv(fakePidEnv) + ".child"); err == nil {
			break
		}
	}
	if mode == "spawn-ignore-int" {
		signal.Ignore(os.Interrupt)
	}
	ready()
	if mode == "spawn-exit" {
		return 0
	}
	time.Sleep(time.Hour)
	return 3
}

// ready writes the pid file, telling the test the fake is set up.
func ready() { writePid(os.Getenv(fakePidEnv)) }

// writePid writes this process's pid to path, atomically.
func writePid(path string) {
	tmp := path + ".tmp"
	_ = os.WriteFile(tmp, []byte(strconv.Itoa(os.Getpid())), 0o600)
	_ = os.Rename(tmp, path)
}

// ffmpegBin returns the path of the real ffmpeg, skipping the test when it
// is missing, except in CI where that is a failure.
func ffmpegBin(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("ffmpeg required in CI: %v", err)
		}
		t.Skipf("ffmpeg not found: %v", err)
	}
	return bin
}
