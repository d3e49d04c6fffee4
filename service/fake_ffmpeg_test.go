package service

import (
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
)

// The test binary acts as a slow or crashing ffmpeg for the engines that
// name it (fakeFFmpeg).
func init() { fftest.ActAsFFmpeg() }

// fakeFFmpeg makes this test's engines run this binary as their ffmpeg,
// waiting 2 s before each job, or crashing (fftest.Wrapper), and returns
// its path.
func fakeFFmpeg(t *testing.T, crash bool) string {
	t.Helper()
	path, env := fftest.Wrapper(t, 2*time.Second, crash)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return path
}
