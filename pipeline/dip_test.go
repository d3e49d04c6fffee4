package pipeline_test

import (
	"fmt"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestRenderShortDips renders dips through white of 1 and 3 frames
// between a red and a blue clip of 10 frames: each renders with the exact
// frame count, the dip's middle frame is white, and the frames on either
// side of the window are the clips' own colours. (A 1-frame dip once failed
// in FFmpeg: fade with nb_frames=0.)
func TestRenderShortDips(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", FPS: "25", Seconds: 0.4, Color: "red"})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", FPS: "25", Seconds: 0.4, Color: "blue"})
	// The colour is written two ways FFmpeg reads alike: a name, and hex
	// with an alpha.
	colours := map[int]string{1: "white", 3: `"0xffffff@1"`}
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprintf("%df", n), func(t *testing.T) {
			sub := t.TempDir()
			p := render(t, dir, fmt.Sprintf(`
output: {path: %s/out.mp4, size: 160x90, fps: 25, quality: draft}
scenes:
  - {source: red.mp4, transition: {type: dip, duration: %df, color: %s}}
  - {source: blue.mp4}
`, sub, n, colours[n]))
			if want := int64(20 - n); p.Frames != want {
				t.Fatalf("planned %d frames, want %d", p.Frames, want)
			}
			assertStreams(t, p, 160, 90, "25")
			start := 10 - n // the window is output frames [start, 10)
			white := start + n/2
			if c := fftest.MeanRGB(t, p.Output, white); c[0] < 220 || c[1] < 220 || c[2] < 220 {
				t.Errorf("frame %d (the dip's middle) = %v, want white", white, c)
			}
			if c := fftest.MeanRGB(t, p.Output, start-1); c[0] < 200 || c[2] > 60 {
				t.Errorf("frame %d (before the dip) = %v, want red", start-1, c)
			}
			if c := fftest.MeanRGB(t, p.Output, 10); c[2] < 200 || c[0] > 60 {
				t.Errorf("frame 10 (after the dip) = %v, want blue", c)
			}
		})
	}
}
