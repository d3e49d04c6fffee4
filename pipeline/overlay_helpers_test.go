package pipeline_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

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
