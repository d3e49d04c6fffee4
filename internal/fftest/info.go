package fftest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/probe"
)

// Info probes path with pipeline/probe, failing the test on error.
func Info(t testing.TB, path string) *probe.Info {
	t.Helper()
	Require(t)
	info, err := probe.Probe(context.Background(), FFprobe(), path)
	if err != nil {
		t.Fatalf("fftest: %v", err)
	}
	return info
}

// PixFmt returns the pixel format of the first video stream of path.
func PixFmt(t testing.TB, path string) string {
	t.Helper()
	info := Info(t, path)
	if info.Video == nil {
		t.Fatalf("fftest: %s has no video stream", path)
	}
	return info.Video.PixFmt
}

// FrameCount decodes the first video stream of path and counts its frames
// exactly (ffprobe -count_frames).
func FrameCount(t testing.TB, path string) int {
	t.Helper()
	Require(t)
	out := run(t, FFprobe(), "-v", "error", "-select_streams", "v:0", "-count_frames",
		"-show_entries", "stream=nb_read_frames", "-of", "default=nw=1:nk=1", "-i", path)
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("fftest: counting frames of %s: ffprobe printed %q", path, out)
	}
	return n
}
