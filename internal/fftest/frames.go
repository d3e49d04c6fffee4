package fftest

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"testing"
)

// Frame decodes frame n (0-based, in presentation order, counted by the
// decoder, not by time) of the first video stream of path as RGB24, after
// FFmpeg's autorotation, and returns it as an *image.RGBA.
func Frame(t testing.TB, path string, n int) *image.RGBA {
	t.Helper()
	Require(t)
	out := run(t, FFmpeg(), "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0",
		"-vf", "select=eq(n\\,"+strconv.Itoa(n)+")", "-fps_mode", "passthrough",
		"-frames:v", "1", "-pix_fmt", "rgb24", "-c:v", "png", "-f", "image2pipe", "-")
	if len(out) == 0 {
		t.Fatalf("fftest: %s has no frame %d", path, n)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("fftest: decoding frame %d of %s: %v", n, path, err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}

// MeanRGB returns the mean R, G, B (0..255) of frame n of path. An optional
// fraction (0 < f <= 1) averages only a centred rectangle of that fraction
// of the width and height; the default 1 is the whole frame.
func MeanRGB(t testing.TB, path string, n int, fraction ...float64) [3]float64 {
	t.Helper()
	f := 1.0
	if len(fraction) > 0 {
		f = fraction[0]
	}
	return Mean(Frame(t, path, n), f)
}

// Mean returns the mean R, G, B of the centred rectangle of img covering
// fraction of its width and height (at least one pixel).
func Mean(img *image.RGBA, fraction float64) [3]float64 {
	b := img.Bounds()
	if fraction <= 0 || fraction > 1 {
		fraction = 1
	}
	w := max(1, int(math.Round(float64(b.Dx())*fraction)))
	h := max(1, int(math.Round(float64(b.Dy())*fraction)))
	x0, y0 := b.Min.X+(b.Dx()-w)/2, b.Min.Y+(b.Dy()-h)/2
	var sum [3]float64
	for y := y0; y < y0+h; y++ {
		for x := x0; x < x0+w; x++ {
			p := img.RGBAAt(x, y)
			sum[0], sum[1], sum[2] = sum[0]+float64(p.R), sum[1]+float64(p.G), sum[2]+float64(p.B)
		}
	}
	n := float64(w * h)
	return [3]float64{sum[0] / n, sum[1] / n, sum[2] / n}
}

// FrameIndex reads back the index that Pattern "index" paints: the grey
// level of frame n is (n*8)%256, so it returns n modulo 32. It averages the
// centre half of the frame and rounds to the nearest multiple of 8, which
// absorbs compression and range-conversion error.
func FrameIndex(img *image.RGBA) int {
	m := Mean(img, 0.5)
	grey := (m[0] + m[1] + m[2]) / 3
	return int(math.Round(grey/8)) % 32
}

// GreyFrames decodes every frame of path (w×h) to full-range grey, one
// byte per pixel, in order, as stored (no frame dropped or repeated).
func GreyFrames(t testing.TB, path string, w, h int) [][]byte {
	t.Helper()
	out := run(t, FFmpeg(), "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0",
		"-fps_mode", "passthrough", "-pix_fmt", "gray", "-f", "rawvideo", "-")
	var frames [][]byte
	for i := 0; i+w*h <= len(out); i += w * h {
		frames = append(frames, out[i:i+w*h])
	}
	return frames
}
