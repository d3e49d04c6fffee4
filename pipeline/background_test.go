package pipeline_test

import (
	"image"
	"math"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// rgbAt is the colour of the pixel at (x, y) of img.
func rgbAt(img *image.RGBA, x, y int) [3]float64 {
	p := img.RGBAAt(x, y)
	return [3]float64{float64(p.R), float64(p.G), float64(p.B)}
}

// nearRGB reports whether two colours differ by at most tol in every channel.
func nearRGB(a, b [3]float64, tol float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// TestCards renders title cards of each background and reads their pixels
// back: a colour everywhere and in every frame; a linear gradient's two
// ends and middle, across and down; a radial one's centre and corners; an
// image fitted as cover; and the blurred still of each neighbour, which
// is the frame the card meets (the previous scene's last, the next
// scene's first).
func TestCards(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "index.mp4", Seconds: 1, Pattern: "index"})
	// a 320x240 image: red left half, blue right half
	ffmpegRun(t, "-f", "lavfi", "-i", "color=c=red:s=320x240,drawbox=x=160:y=0:w=160:h=240:c=blue:t=fill", "-frames:v", "1", dir+"/halves.png")
	p := render(t, dir, `output: {size: 160x90, fps: 30}
audio: {loudness: off}
scenes:
  - {id: colour, background: "#d04020", duration: 5f}
  - {id: across, background: {gradient: ["#000000", "#ffffff"]}, duration: 5f}
  - {id: down, background: {gradient: ["#ff0000", "#0000ff"], angle: 90}, duration: 5f}
  - {id: radial, background: {gradient: ["#ffffff", "#000000"], radial: true}, duration: 5f}
  - {id: image, background: {image: halves.png}, duration: 5f}
  - {id: before, background: {blur: next}, duration: 5f}
  - {id: clip, source: index.mp4}
  - {id: after, background: {blur: previous}, duration: 5f}
`)
	// scene i starts at frame 5i (scene 12 is the one after the clip's 30 frames)
	frames := allFrames(t, p.Output, 160, 90)
	if len(frames) != 65 {
		t.Fatalf("%d frames, want 65", len(frames))
	}
	frame := func(scene, k int) *image.RGBA { return frames[scene*5+k] }
	checks := []struct {
		what       string
		scene, k   int
		x, y       int
		want       [3]float64
		tol        float64
		fullFrame  bool // the mean of the whole frame
		centreHalf bool // the mean of the centre half
	}{
		{"colour, first frame", 0, 0, 80, 45, [3]float64{208, 64, 32}, 4, true, false},
		{"colour, last frame", 0, 4, 80, 45, [3]float64{208, 64, 32}, 4, true, false},
		{"gradient across: left end", 1, 2, 0, 45, [3]float64{1, 1, 1}, 4, false, false},
		{"gradient across: middle", 1, 2, 80, 45, [3]float64{128, 128, 128}, 4, false, false},
		{"gradient across: right end", 1, 2, 159, 45, [3]float64{254, 254, 254}, 4, false, false},
		{"gradient down: top", 2, 2, 80, 0, [3]float64{254, 0, 2}, 6, false, false},
		{"gradient down: middle", 2, 2, 80, 45, [3]float64{128, 0, 128}, 6, false, false},
		{"gradient down: bottom", 2, 2, 80, 89, [3]float64{2, 0, 254}, 6, false, false},
		{"radial: centre", 3, 2, 80, 45, [3]float64{253, 253, 253}, 8, false, false},
		{"radial: corner", 3, 2, 0, 0, [3]float64{2, 2, 2}, 4, false, false},
		{"radial: half way to a side", 3, 2, 80 - 46, 45, [3]float64{128, 128, 128}, 6, false, false},
		{"image: left half", 4, 2, 40, 45, [3]float64{255, 0, 0}, 8, false, false},
		{"image: right half", 4, 2, 120, 45, [3]float64{0, 0, 255}, 8, false, false},
		{"blur of the next scene's first frame (black)", 5, 2, 0, 0, [3]float64{0, 0, 0}, 6, false, true},
		{"blur of the previous scene's last frame (grey 232)", 12, 2, 0, 0, [3]float64{232, 232, 232}, 6, false, true},
	}
	for _, c := range checks {
		img := frame(c.scene, c.k)
		var got [3]float64
		switch {
		case c.fullFrame:
			got = fftest.Mean(img, 1)
		case c.centreHalf:
			got = fftest.Mean(img, 0.5)
		default:
			got = rgbAt(img, c.x, c.y)
		}
		if !nearRGB(got, c.want, c.tol) {
			t.Errorf("%s: %.0f, want %.0f ± %g", c.what, got, c.want, c.tol)
		}
	}
	// A gradient changes steadily: every pixel of a row is between its
	// neighbours (no band steps back).
	img := frame(1, 0)
	for x := 1; x < 160; x++ {
		if rgbAt(img, x, 45)[0] < rgbAt(img, x-1, 45)[0]-2 {
			t.Errorf("gradient across: x=%d is darker than x=%d", x, x-1)
		}
	}
}

// TestContainBackground renders a 4:3 clip and a 4:3 image with fit
// contain into a 16:9 frame: the bars take the scene's background colour
// (a name, #rrggbb), the picture between them is untouched, and
// background: blur fills them with the picture's blurred copy.
func TestContainBackground(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "green.mp4", Width: 120, Height: 90, Seconds: 0.5, Color: "#00c000"})
	fftest.Make(t, dir, fftest.Clip{Name: "green.png", Width: 120, Height: 90, Color: "#00c000"})
	p := render(t, dir, `output: {size: 160x90, fps: 30}
audio: {loudness: off}
fit: contain
scenes:
  - {source: green.mp4, background: "#ffffff", transition: cut}
  - {source: green.png, duration: 0.5s, background: red, transition: cut}
  - {source: green.mp4, background: blur, transition: cut}
  - {source: green.mp4}
`)
	white, red, black, green := [3]float64{255, 255, 255}, [3]float64{255, 0, 0}, [3]float64{0, 0, 0}, [3]float64{0, 192, 0}
	tests := []struct {
		what       string
		frame      int
		bars, pict [3]float64
	}{
		{"clip, white bars", 7, white, green},
		{"image, red bars", 22, red, green},
		{"clip, blurred bars", 37, green, green},
		{"clip, black bars by default", 52, black, green},
	}
	for _, tt := range tests {
		img := fftest.Frame(t, p.Output, tt.frame)
		for _, x := range []int{4, 155} {
			if got := rgbAt(img, x, 45); !nearRGB(got, tt.bars, 12) {
				t.Errorf("%s: the bar at x=%d is %.0f, want %.0f", tt.what, x, got, tt.bars)
			}
		}
		if got := rgbAt(img, 80, 45); !nearRGB(got, tt.pict, 8) {
			t.Errorf("%s: the picture is %.0f, want %.0f", tt.what, got, tt.pict)
		}
	}
}
