package pipeline

import (
	"math"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
)

// joined is a film of three grey scenes at 30 fps: a [0,20) fades into b
// over [14,20), b [14,34) cuts to c [34,54). Its segments: a's body
// [0,14), the fade [14,20), b's body [20,34), c's body [34,54).
const joined = `output: {path: out.mp4, size: 160x90, fps: 30, crf: 0}
audio: {loudness: off}
scenes:
  - {id: a, source: g.mp4, duration: 20f, transition: {type: fade, duration: 6f}}
  - {id: b, source: g.mp4, duration: 20f}
  - {id: c, source: g.mp4, duration: 20f}
`

// joins are the first frames of joined's segments after the first.
var joins = []int{14, 20, 34}

// TestTextLayerSpaceAndTime draws a boxed text layer over film frames
// [10, 40) of joined, across a body, a transition and a cut: inside its
// box the picture changes on exactly those frames, outside the box never,
// and at the joins the box's frames differ no more than inside a segment.
// A second layer on [45, 46) is one frame long. The film is encoded
// losslessly (crf 0), so that the codec's keyframe noise at each segment's
// start does not hide what the layers do.
func TestTextLayerSpaceAndTime(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	p := renderLayered(t, dir, joined, func(p *config.Project) {
		p.Layers = []config.Layer{boxLayer(t, "Box", 16, 10, 10, 40), boxLayer(t, "One", 100, 50, 45, 46)}
	})
	fs := greyFrames(t, p.Output, 160, 90)
	if len(fs) != 54 {
		t.Fatalf("%d frames, want 54", len(fs))
	}
	base := mean(fs[0], 160, rect{0, 0, 160, 90})
	inBox := rect{17, 11, 20, 13}    // the box's padding, left of the text
	outside := rect{0, 40, 90, 90}   // below the first box, left of the second
	second := rect{101, 51, 104, 53} // the second box's padding
	for f, fr := range fs {
		on := f >= 10 && f < 40
		if got := mean(fr, 160, inBox); on != (got > base+60) {
			t.Errorf("frame %d: the box reads %.0f (grey %.0f), want it drawn: %v", f, got, base, on)
		}
		if got := mean(fr, 160, outside); math.Abs(got-base) > 2 {
			t.Errorf("frame %d: outside the boxes %.1f, want %.1f", f, got, base)
		}
		if got := mean(fr, 160, second); (f == 45) != (got > base+60) {
			t.Errorf("frame %d: the one-frame box reads %.0f", f, got)
		}
	}
	box := rect{10, 5, 80, 35}
	inside := 0.0
	for f := 11; f < 40; f++ {
		if !contains(joins, f) {
			inside = max(inside, diff(fs[f-1], fs[f], 160, box))
		}
	}
	for _, j := range joins {
		if d := diff(fs[j-1], fs[j], 160, box); d > inside+0.5 {
			t.Errorf("frames %d and %d differ by %.2f at a join, at most %.2f inside segments", j-1, j, d, inside)
		}
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
