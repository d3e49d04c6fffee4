package pipeline_test

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestImageLayerAnimations renders animated layers whose animations run
// across a cut and a transition: a fade's level on every frame is the
// eased opacity of the film frame (computed at the frame's centre), a
// scale's area and a slide's position change in one direction only, and
// the frames either side of a join differ no more than their neighbours.
func TestImageLayerAnimations(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	writePNG(t, dir, "w.png", 20, 20, color.NRGBA{255, 255, 255, 255})
	// a [0,10), cut, b [10,30), fade [20,30), c [20,40). ProRes keeps the
	// levels to within a step or two (x264 moves a fading patch by 5).
	film := `
output: {path: out.mov, size: 160x90, fps: FPS, codec: prores, profile: hq}
scenes:
  - {id: a, source: g.mp4, duration: 10f}
  - {id: b, source: g.mp4, duration: 20f, transition: {type: fade, duration: 10f}}
  - {id: c, source: g.mp4, duration: 20f}
layers:
  - `
	box := rect{70, 30, 90, 50}
	for _, fps := range []string{"30", "29.97"} {
		t.Run("fade in and out at "+fps, func(t *testing.T) {
			testFades(t, dir, strings.Replace(film, "FPS", fps, 1), box)
		})
	}
	film = strings.Replace(film, "FPS", "30", 1)
	t.Run("a clip fading in and out", func(t *testing.T) {
		fftest.Make(t, dir, fftest.Clip{Name: "white.mp4", Seconds: 2, Color: "#ffffff"})
		p := render(t, dir, film+`{video: white.mp4, width: 20px, position: {x: 70px, y: 30px}, start: 4f, end: 36f, in: {fade: 10f}, out: {fade: 12f, easing: linear}}`+"\n")
		checkFadeLevels(t, fftest.GreyFrames(t, p.Output, 160, 90), rect{70, 30, 90, 41}) // 20x11: 16:9
	})
	t.Run("scale in, slide out", func(t *testing.T) {
		p := render(t, dir, film+`{image: w.png, position: {x: 70px, y: 30px}, start: 6f, end: 34f, in: {scale: 8f, easing: linear}, out: {slide: right, duration: 10f}}`+"\n")
		frames := fftest.GreyFrames(t, p.Output, 160, 90)
		var sides, xs []float64
		for f, fr := range frames {
			r, ok := brightBox(fr, 160, 200)
			light, cx := lightOf(fr, 160)
			// The side of a white square of the same light.
			sides, xs = append(sides, math.Sqrt(light)), append(xs, cx)
			switch {
			case f < 6 || f >= 34:
				if light > 1 {
					t.Errorf("frame %d: light %.1f outside the layer's frames", f, light)
				}
			case f < 14: // scale in, linear: the side is 20*(k+0.5)/8
				if want := 20 * (float64(f-6) + 0.5) / 8; math.Abs(sides[f]-want) > 0.5 {
					t.Errorf("frame %d: scaling in, the layer's side is %.2f, want %.2f", f, sides[f], want)
				}
			case f < 24:
				if !ok || r != box {
					t.Errorf("frame %d: at rest the layer covers %v, want %v", f, r, box)
				}
			case f == 33: // a slide's last frame is away: transparent
				if light > 1 {
					t.Errorf("frame %d: the slide's last frame shows light %.1f", f, light)
				}
			case f > 24: // sliding right and fading
				if !(xs[f] > xs[f-1]) || !(sides[f] < sides[f-1]) {
					t.Errorf("frame %d: sliding right, the layer's centre %.1f (before %.1f), light %.1f (before %.1f)", f, xs[f], xs[f-1], sides[f], sides[f-1])
				}
			}
		}
		t.Logf("sides %.1f", sides)
		t.Logf("centres %.1f", xs)
		checkJoins(t, sides[6:14], 4)
		checkJoins(t, xs[24:33], 6)
	})
}

// checkJoins checks that the change across each join (between values
// j-1 and j) is no larger than the larger of its neighbours' changes,
// with a little slack for the encoder.
func checkJoins(t *testing.T, v []float64, joins ...int) {
	t.Helper()
	for _, j := range joins {
		if j < 2 || j+1 >= len(v) {
			continue
		}
		across := math.Abs(v[j] - v[j-1])
		around := max(math.Abs(v[j-1]-v[j-2]), math.Abs(v[j+1]-v[j]))
		if across > around*1.25+2 {
			t.Errorf("the change across the join before %d is %.1f, its neighbours' at most %.1f: %.1f", j, across, around, v[max(0, j-2):min(len(v), j+2)])
		}
	}
}

// testFades renders a fade in (10 frames, easing out) and out (12 frames,
// linear) of a white square over grey across a cut and a transition, and
// checks every frame's level against the eased opacity of its film frame.
func testFades(t *testing.T, dir, film string, box rect) {
	p := render(t, dir, film+`{image: w.png, position: {x: 70px, y: 30px}, start: 4f, end: 36f, in: {fade: 10f}, out: {fade: 12f, easing: linear}}`+"\n")
	checkFadeLevels(t, fftest.GreyFrames(t, p.Output, 160, 90), box)
}

// checkFadeLevels checks the frames of testFades: each frame's level inside
// box between the background's and the layer's at rest (frame 18).
func checkFadeLevels(t *testing.T, frames [][]byte, box rect) {
	t.Helper()
	bg, top := meanIn(frames[0], 160, box), meanIn(frames[18], 160, box)
	if top < 250 {
		t.Fatalf("at rest the layer reads %.1f, want white", top)
	}
	levels := make([]float64, len(frames))
	for f, fr := range frames {
		levels[f] = meanIn(fr, 160, box)
		alpha := 0.0
		switch {
		case f >= 4 && f < 14: // in, 10 frames, easing out
			p := (float64(f-4) + 0.5) / 10
			alpha = 1 - (1-p)*(1-p)
		case f >= 14 && f < 24:
			alpha = 1
		case f >= 24 && f < 36: // out, 12 frames, linear
			alpha = (float64(36-f) - 0.5) / 12
		}
		if want := bg + alpha*(top-bg); math.Abs(levels[f]-want) > 3 {
			t.Errorf("frame %d: level %.1f, want %.1f (opacity %.3f)", f, levels[f], want, alpha)
		}
	}
	t.Logf("levels %.0f", levels)
	checkJoins(t, levels, 10, 20, 30)
}

// lightOf is the light of a frame above the grey background (in white
// pixels) and the x of its centre.
func lightOf(frame []byte, w int) (light, cx float64) {
	for i, v := range frame {
		l := max(0, float64(v)-128) / 127
		light += l
		cx += l * float64(i%w)
	}
	if light > 0 {
		cx /= light
	}
	return light, cx
}
