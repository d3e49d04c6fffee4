package pipeline_test

import (
	"math"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestPictureInPictureSync draws sync clips (a flash and a beep at the
// same clip times) over the whole frame of a black, silent film, from film
// frame 7, across a cut and a transition: every flash lands on the film
// frame of its clip time and its beep with it, whether the clip's sound
// starts before its pictures, after them, or the container late.
func TestPictureInPictureSync(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "black.mp4", Seconds: 1, Color: "black"})
	for _, c := range []fftest.SyncClip{
		{Name: "lead.mp4", AudioLead: 0.3},
		{Name: "late.mov", AudioLead: -0.2}, // the sound starts at clip frame 6
		{Name: "offset.mkv", StartOffset: 1.5},
	} {
		t.Run(c.Name, func(t *testing.T) {
			// Flashes at clip frames 8, 20 and 40: film frames 15 (a's
			// body), 27 (b's body) and 47 (the fade b → c, [45, 55)).
			c.Seconds, c.Flashes, c.FlashFrames = 2, []int{8, 20, 40}, 2
			fftest.MakeSync(t, dir, c)
			p := renderAudio(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
audio: {loudness: off}
scenes:
  - {id: a, source: black.mp4, duration: 20f}
  - {id: b, source: black.mp4, duration: 30f, transition: {type: fade, duration: 10f}}
  - {id: c, source: black.mp4, duration: 30f}
layers:
  - {video: `+c.Name+`, width: 100%, position: {x: 0%, y: 0%}, start: 7f}
`)
			flashes := fftest.FlashTimes(t, p.Output)
			want := []float64{15.0 / 30, 27.0 / 30, 47.0 / 30}
			offs := fftest.AVOffsets(t, p.Output, len(want))
			for i, off := range offs {
				t.Logf("flash %d at %.4fs, its beep %+.2f ms from it", i, flashes[i], off*1000)
				if math.Abs(flashes[i]-want[i]) > 0.0005 || math.Abs(off) > syncTolerance {
					t.Errorf("flash %d at %.4fs with its beep %+.2f ms from it; want %.4f, 0 ± %g ms", i, flashes[i], off*1000, want[i], syncTolerance*1000)
				}
			}
		})
	}
}
