package fftest

import (
	"os"
	"strconv"
	"testing"
)

// rotate remuxes src into dst with a display matrix that turns the picture
// clockwise by deg, then removes src.
//
// FFmpeg 5.1 turns `-metadata:s:v:0 rotate=N` (stream copy into mp4/mov)
// into a matrix that ffprobe reports as rotation N and that autorotate
// applies as N degrees counterclockwise, the opposite of the legacy
// clockwise tag. Other versions may differ, so each candidate tag is
// written and checked with ffprobe until the clockwise rotation matches.
func rotate(t testing.TB, src, dst string, deg int) {
	t.Helper()
	defer os.Remove(src)
	for _, tag := range []int{(360 - deg) % 360, deg} {
		run(t, FFmpeg(), "-nostdin", "-v", "error", "-y", "-i", src, "-map", "0", "-c", "copy",
			"-metadata:s:v:0", "rotate="+strconv.Itoa(tag), dst)
		if got := Info(t, dst).Video.Rotation; got == deg {
			return
		}
	}
	t.Fatalf("fftest: %s: could not write a %d° display rotation with this ffmpeg", dst, deg)
}
