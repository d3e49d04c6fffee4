package exec

import (
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// fakeFFmpegEnv, when set to a file name, makes the test binary act as an
// ffmpeg that never stops on its own: it ignores SIGINT, writes its pid to
// that file, starts writing its output (its last argument) and waits to be
// killed. Only for failure paths.
const fakeFFmpegEnv = "REEL_EXEC_TEST_HANG"

func TestMain(m *testing.M) {
	if pidFile := os.Getenv(fakeFFmpegEnv); pidFile != "" {
		hang(pidFile)
	}
	os.Exit(m.Run())
}

// hang is the fake ffmpeg (see fakeFFmpegEnv).
func hang(pidFile string) {
	signal.Ignore(syscall.SIGINT)
	if out := os.Args[len(os.Args)-1]; out != "-" {
		_ = os.WriteFile(out, []byte("half a film"), 0o644)
	}
	_ = os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644)
	for {
		time.Sleep(time.Hour)
	}
}
