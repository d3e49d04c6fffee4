package service

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
)

// fakeFFmpegEnv, when set, makes the test binary act as ffmpeg: it runs
// the real one (the variable's value) at once for the -version and -h
// queries; for a job it waits fakeFFmpegDelay and runs it, or, when
// fakeFFmpegCrash is set too, kills itself.
const (
	fakeFFmpegEnv   = "REEL_TEST_SERVICE_FFMPEG_REAL"
	fakeFFmpegCrash = "REEL_TEST_SERVICE_FFMPEG_CRASH"
	fakeFFmpegPid   = "REEL_TEST_SERVICE_FFMPEG_PID" // a file the job's pid is written to
	fakeFFmpegDelay = 2 * time.Second
)

func init() {
	real := os.Getenv(fakeFFmpegEnv)
	if real == "" {
		return
	}
	args := os.Args[1:]
	if !slices.Contains(args, "-version") && !slices.Contains(args, "-h") {
		if f := os.Getenv(fakeFFmpegPid); f != "" {
			_ = os.WriteFile(f, []byte(strconv.Itoa(os.Getpid())), 0o644)
		}
		if os.Getenv(fakeFFmpegCrash) != "" {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		}
		time.Sleep(fakeFFmpegDelay)
	}
	err := syscall.Exec(real, append([]string{real}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "fake ffmpeg: exec %s: %v\n", real, err)
	os.Exit(127)
}

// fakeFFmpeg makes this test's engines run the fake ffmpeg (slow, or
// crashing) and returns its path.
func fakeFFmpeg(t *testing.T, crash bool) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	real, err := exec.LookPath(fftest.FFmpeg())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeFFmpegEnv, real)
	if crash {
		t.Setenv(fakeFFmpegCrash, "1")
	}
	return self
}
