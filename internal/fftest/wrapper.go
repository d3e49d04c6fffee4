package fftest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// The variables that turn a test binary into a wrapper of the real ffmpeg
// (ActAsFFmpeg): one whose jobs are slow, or crash, for the tests of what
// happens to a render whose ffmpeg is killed, cancelled or outlived. The
// media a slow job writes is the real ffmpeg's.
const (
	WrapReal  = "REEL_TEST_FFMPEG_REAL"  // the real ffmpeg (an absolute path); unset: the binary is itself
	WrapDelay = "REEL_TEST_FFMPEG_DELAY" // a job waits this long (a Go duration) before it runs
	WrapCrash = "REEL_TEST_FFMPEG_CRASH" // a job kills itself with SIGKILL
	WrapPid   = "REEL_TEST_FFMPEG_PID"   // a file each job writes its pid to
)

// ActAsFFmpeg, called from a test package's init (or TestMain, before
// anything else), makes the test binary that wrapper when WrapReal is set:
// the -version and -h queries become the real ffmpeg at once; a job writes
// its pid (WrapPid), kills itself (WrapCrash) or waits (WrapDelay), then
// becomes the real ffmpeg. It never returns then.
func ActAsFFmpeg() {
	real := os.Getenv(WrapReal)
	if real == "" {
		return
	}
	args := os.Args[1:]
	if !slices.Contains(args, "-version") && !slices.Contains(args, "-h") {
		if f := os.Getenv(WrapPid); f != "" {
			_ = os.WriteFile(f, []byte(strconv.Itoa(os.Getpid())), 0o644)
		}
		if os.Getenv(WrapCrash) != "" {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute) // the signal is on its way
			os.Exit(126)
		}
		if d, err := time.ParseDuration(os.Getenv(WrapDelay)); err == nil {
			time.Sleep(d)
		}
	}
	err := syscall.Exec(real, append([]string{real}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "ffmpeg wrapper: exec %s: %v\n", real, err)
	os.Exit(127)
}

// Wrapper returns the path of this test binary, to be given as the ffmpeg
// of a render, and the environment that makes it the wrapper (see
// ActAsFFmpeg: the test package must call it): its jobs wait delay, or
// crash. The caller sets the environment (t.Setenv for an engine in the
// test's process, the child's environment for a reel process).
func Wrapper(t testing.TB, delay time.Duration, crash bool) (path string, env []string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	real := lookPath(FFmpeg())
	if real == "" {
		t.Fatalf("ffmpeg (%s) is not on the PATH", FFmpeg())
	}
	env = []string{WrapReal + "=" + real, WrapDelay + "=" + delay.String()}
	if crash {
		env = append(env, WrapCrash+"=1")
	}
	return self, env
}

// lookPath finds an executable as the shell would ("" for none).
func lookPath(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}
