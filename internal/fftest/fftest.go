// Package fftest holds the test helpers for every media test in reel: make
// tiny clips with the real FFmpeg, then assert their properties (frame
// counts, pixels, audio levels) rather than their bytes.
package fftest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// FFmpeg is the ffmpeg binary the helpers run: $REEL_FFMPEG, else "ffmpeg".
func FFmpeg() string { return envOr("REEL_FFMPEG", "ffmpeg") }

// FFprobe is the ffprobe binary the helpers run: $REEL_FFPROBE, else "ffprobe".
func FFprobe() string { return envOr("REEL_FFPROBE", "ffprobe") }

// Require skips the test when ffmpeg or ffprobe is missing, but fails it
// when the environment variable CI is "true": CI must have them.
func Require(t testing.TB) {
	t.Helper()
	for _, bin := range []string{FFmpeg(), FFprobe()} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("fftest: %s is required in CI: %v", bin, err)
			}
			t.Skipf("fftest: %s not found: %v", bin, err)
		}
	}
}

// run executes bin with args (no shell) and returns its stdout; it fails the
// test with the command line and the tail of stderr when bin fails.
func run(t testing.TB, bin string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("fftest: %s %s: %v\n%s", bin, strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return stdout.Bytes()
}

// tail returns at most the last n bytes of s.
func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
