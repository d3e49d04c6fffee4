package pipeline_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	osexec "os/exec"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// greyFrames decodes every frame of path (w×h) to full-range grey, one
// byte per pixel, in order.
func greyFrames(t *testing.T, path string, w, h int) [][]byte {
	t.Helper()
	out, err := osexec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0",
		"-fps_mode", "passthrough", "-pix_fmt", "gray", "-f", "rawvideo", "-").Output()
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	var frames [][]byte
	for i := 0; i+w*h <= len(out); i += w * h {
		frames = append(frames, out[i:i+w*h])
	}
	return frames
}

// rect is a box of pixels: [x0, x1) × [y0, y1).
type rect struct{ x0, y0, x1, y1 int }

// meanIn is the mean grey level of frame (w pixels wide) inside r.
func meanIn(frame []byte, w int, r rect) float64 {
	var sum float64
	for y := r.y0; y < r.y1; y++ {
		for x := r.x0; x < r.x1; x++ {
			sum += float64(frame[y*w+x])
		}
	}
	return sum / float64((r.x1-r.x0)*(r.y1-r.y0))
}

// brightBox is the bounding box of the pixels of frame brighter than
// level (ok false when there are none).
func brightBox(frame []byte, w int, level byte) (r rect, ok bool) {
	r = rect{x0: w, y0: len(frame) / w}
	for i, v := range frame {
		if v <= level {
			continue
		}
		x, y := i%w, i/w
		r.x0, r.y0 = min(r.x0, x), min(r.y0, y)
		r.x1, r.y1 = max(r.x1, x+1), max(r.y1, y+1)
		ok = true
	}
	return r, ok
}

// writePNG writes a w×h image of one colour (with alpha) to dir/name.
func writePNG(t *testing.T, dir, name string, w, h int, c color.NRGBA) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, c)
		}
	}
	return writeImage(t, dir, name, img)
}

// writeImage writes img as a PNG to dir/name.
func writeImage(t *testing.T, dir, name string, img image.Image) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}
