package pipeline_test

import (
	"fmt"
	"image"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/ease"
	"github.com/reel-film/reel/internal/fftest"
)

// kbRect is a Ken Burns window on a 320x180 picture.
type kbRect struct{ x, y, w, h float64 }

// kbModel is the window of frame k of n: the two ends' windows, their
// edges moving in straight lines, eased.
func kbModel(a, c kbRect, k, n int, ease func(float64) float64) kbRect {
	e := ease(float64(k) / float64(n-1))
	l := func(p, q float64) float64 { return p + (q-p)*e }
	return kbRect{l(a.x, c.x), l(a.y, c.y), l(a.w, c.w), l(a.h, c.h)}
}

// marker measures the dark marker on grey (128) in img: its centroid
// (pixel indexes) and its mass (darkness summed), from the pixels clearly
// darker than the background (coding noise stays out). "Clearly" is a
// share of the darkest pixel's darkness, so that a marker half shown by a
// crossfade loses no more of its soft edge than a whole one.
func marker(img *image.RGBA) (x, y, mass float64) {
	b := img.Bounds()
	dark := func(px, py int) float64 {
		p := img.RGBAAt(px, py)
		return 128 - (float64(p.R)+float64(p.G)+float64(p.B))/3
	}
	peak := 0.0
	for py := b.Min.Y; py < b.Max.Y; py++ {
		for px := b.Min.X; px < b.Max.X; px++ {
			peak = max(peak, dark(px, py))
		}
	}
	floor := max(4, peak/10)
	for py := b.Min.Y; py < b.Max.Y; py++ {
		for px := b.Min.X; px < b.Max.X; px++ {
			w := dark(px, py)
			if w < floor {
				continue
			}
			x, y, mass = x+w*float64(px), y+w*float64(py), mass+w
		}
	}
	return x / mass, y / mass, mass
}

// TestKenBurnsSteady renders a still (and a clip of it) with a small
// marker under several motions and measures the marker in every frame: its
// position and size follow the planned window within a third of a pixel
// (zoompan, which moves in whole pixels, is off by up to half a pixel and
// jumps), never move back, and the first and last frames show the
// requested zoom and place within a pixel. The first case starts inside a
// crossfade from a grey card (a smooth blend: xfade's dissolve draws random
// pixels): the marker runs on across the join of the
// transition's segment and the scene's body.
func TestKenBurnsSteady(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	// The curves are the layers' (internal/ease): one easing: looks the
	// same on a title and on a Ken Burns move.
	inOut := func(t float64) float64 { return ease.Value("in-out", t) }
	linear := func(t float64) float64 { return t }
	out := func(t float64) float64 { return ease.Value("out", t) }
	full := kbRect{0, 0, 320, 180}
	tests := []struct {
		name, source, scene string
		a, c                kbRect
		ease                func(float64) float64
		from                int // the first film frame of the scene
	}{
		{"still, zoom in to the top-left, after a crossfade", "still.png",
			"{source: still.png, duration: 1s, motion: {zoom: [1, 1.5], pan: [center, top-left]}}",
			full, kbRect{0, 0, 320 / 1.5, 120}, inOut, 10},
		{"clip, zoom out from a point to the centre, linear", "clip.mp4",
			"{source: clip.mp4, motion: {zoom: [1.25, 1], pan: [{x: 60%, y: 30%}, center], easing: linear}}",
			kbRect{192 - 128, 54 - 72, 256, 144}, full, linear, 0},
		{"still, pan at a held zoom from top-right to bottom, ease out", "still.png",
			"{source: still.png, duration: 1s, motion: {zoom: 1.5, pan: [top-right, bottom], easing: out}}",
			kbRect{320 - 320/1.5, 0, 320 / 1.5, 120}, kbRect{(320 - 320/1.5) / 2, 60, 320 / 1.5, 120}, out, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			still := filepath.Join(dir, "still.png")
			ffmpegRun(t, "-f", "lavfi", "-i", "color=c=#808080:s=320x180,drawbox=x=200:y=60:w=12:h=12:c=black:t=fill", "-frames:v", "1", still)
			ffmpegRun(t, "-loop", "1", "-framerate", "30", "-i", still, "-t", "1", "-c:v", "libx264", "-crf", "0", "-pix_fmt", "yuv444p", filepath.Join(dir, "clip.mp4"))
			yaml := "output: {size: 320x180, fps: 30}\nscenes:\n"
			if tt.from > 0 {
				yaml += "  - {background: \"#808080\", duration: 20f, transition: {type: crossfade, duration: 10f}}\n"
			}
			yaml += "  - " + tt.scene + "\naudio: {loudness: off}\n"
			p := render(t, dir, yaml)
			if tt.a.y < 0 { // a point near the top: clamped inside the picture
				tt.a.y = 0
			}
			const n = 30
			var px, py, dx, dy []float64
			frames := allFrames(t, p.Output, 320, 180)
			if len(frames) != tt.from+n {
				t.Fatalf("%d frames, want %d", len(frames), tt.from+n)
			}
			_, _, last := marker(frames[tt.from+n-1])
			mass0 := last * tt.c.w * tt.c.w / (320 * 320) // as at zoom 1
			for k := 0; k < n; k++ {
				if k < tt.from/4 {
					continue // the crossfade shows too little of it yet
				}
				x, y, m := marker(frames[tt.from+k])
				r := kbModel(tt.a, tt.c, k, n, tt.ease)
				wx, wy := (205.5-r.x)*320/r.w, (65.5-r.y)*180/r.h
				if math.Abs(x-wx) > 0.34 || math.Abs(y-wy) > 0.34 {
					t.Errorf("frame %d: marker at (%.2f, %.2f), want (%.2f, %.2f)", k, x, y, wx, wy)
				}
				if k >= 10 || tt.from == 0 { // outside the crossfade
					scale, want := math.Sqrt(m/mass0), 320/r.w
					if math.Abs(scale-want) > 0.03*want {
						t.Errorf("frame %d: marker scaled %.3f, want %.3f", k, scale, want)
					}
				}
				if len(px) > 0 {
					dx, dy = append(dx, x-px[len(px)-1]), append(dy, y-py[len(py)-1])
				}
				px, py = append(px, x), append(py, y)
			}
			sx, sy := sign(px[len(px)-1]-px[0]), sign(py[len(py)-1]-py[0])
			for k := range dx {
				if dx[k]*sx < -0.1 || dy[k]*sy < -0.1 {
					t.Errorf("step %d: the marker moves back by (%.2f, %.2f)", k+1, dx[k], dy[k])
				}
			}
			t.Logf("marker from (%.2f, %.2f) to (%.2f, %.2f); steps %s", px[0], py[0], px[len(px)-1], py[len(py)-1], steps(dx))
		})
	}
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func steps(d []float64) string {
	s := ""
	for _, v := range d {
		s += fmt.Sprintf(" %.2f", v)
	}
	return s
}

// ffmpegRun runs ffmpeg to make a test input.
func ffmpegRun(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(fftest.FFmpeg(), append([]string{"-nostdin", "-v", "error", "-y"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, out)
	}
}

// allFrames decodes every frame of path's first video stream (w×h) as
// RGB in one ffmpeg run, converting as fftest.Frame does.
func allFrames(t *testing.T, path string, w, h int) []*image.RGBA {
	t.Helper()
	out, err := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0",
		"-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo", "-").Output()
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	size := w * h * 3
	var frames []*image.RGBA
	for off := 0; off+size <= len(out); off += size {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < w*h; i++ {
			copy(img.Pix[i*4:], out[off+i*3:off+i*3+3])
			img.Pix[i*4+3] = 255
		}
		frames = append(frames, img)
	}
	return frames
}
