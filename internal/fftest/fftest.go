// Package fftest holds the test helpers for every media test in reel: make
// tiny clips with the real FFmpeg, then assert their properties (frame
// counts, pixels, audio levels) rather than their bytes.
package fftest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/ffmpeg"
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
		if _, err := ffmpeg.LookPath(bin); err != nil {
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
	var stdout bytes.Buffer
	_, err := ffmpeg.Run(context.Background(), bin, args, ffmpeg.RunOptions{Stdout: &stdout, StderrLines: 30, Literal: true})
	if err != nil {
		var tail []string
		var ee *ffmpeg.ExitError
		if errors.As(err, &ee) {
			tail = ee.StderrTail
		}
		t.Fatalf("fftest: %s %s: %v\n%s", bin, strings.Join(args, " "), err, strings.Join(tail, "\n"))
	}
	return stdout.Bytes()
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
