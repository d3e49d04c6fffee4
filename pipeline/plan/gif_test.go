package plan

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
)

// TestDerivedGIF makes GIFs of a grey ramp and of a colour gradient (more
// colours than a palette holds): the frame count is exact, the GIF loops
// forever, the ramp keeps its steps (as many grey levels along a row as
// the film has, to a few) with a small error per pixel, and the colour
// gradient (its blue changing over time, so the one palette of the clip
// is coarse) has a small error per 4x4 block: error diffusion, no bands.
// Measured: 1.79 (sierra2_4a), 1.96 (floyd_steinberg) against 5.50
// (bayer) and 9.64 (no dither), which fail here; bayer also loses a
// quarter of the ramp's levels.
func TestDerivedGIF(t *testing.T) {
	t.Run("ramp", func(t *testing.T) {
		gif, src := makeGIF(t, "ramp")
		for _, f := range []int{0, 12, 27} {
			if n, want := levels(gif[f/3], 45), levels(src[f], 45); n < want-4 || n < 128 {
				t.Errorf("the frame of film frame %d keeps %d grey levels along a row, the film has %d", f, n, want)
			}
		}
		if e := meanError(gif[4], src[12], 1); e > 2 {
			t.Errorf("mean error %.2f per pixel, want at most 2", e)
		}
	})
	t.Run("colour", func(t *testing.T) {
		gif, src := makeGIF(t, "colour")
		if e := meanError(gif[5], src[15], 4); e > 3 {
			t.Errorf("mean error %.2f per 4x4 block, want at most 3 (no bands)", e)
		}
	})
}

// makeGIF makes a 10 fps GIF of a 1 s film of pattern and returns its
// frames and the film's.
func makeGIF(t *testing.T, pattern string) (gif, film []*image.RGBA) {
	t.Helper()
	dir := t.TempDir()
	f := makeFilm(t, dir, testFilm{FPS: "30", Frames: 30, Pattern: pattern, Silent: true})
	o := config.Output{Name: "teaser", Container: "gif", Codec: "gif", CRF: -1, Width: 160, Height: 90, FPS: frac.New(10, 1)}
	out := filepath.Join(dir, ".teaser.gif.partial")
	j, err := testBuilder(dir).derivedJob(f, o, out)
	if err != nil {
		t.Fatal(err)
	}
	runJob(t, j)
	gif = frames(t, out)
	if len(gif) != 10 {
		t.Fatalf("%d frames, want 10", len(gif))
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// NETSCAPE2.0 application extension: sub-block 1, loop count 0 (forever).
	if !bytes.Contains(raw, []byte("NETSCAPE2.0\x03\x01\x00\x00")) {
		t.Errorf("the GIF does not loop forever")
	}
	return gif, frames(t, f.Path)
}

// levels counts the distinct red values along row y.
func levels(img *image.RGBA, y int) int {
	seen := map[uint8]bool{}
	for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
		seen[img.RGBAAt(x, y).R] = true
	}
	return len(seen)
}

// meanError is the mean absolute difference of a and b's channels,
// averaged over blocks of size×size pixels first.
func meanError(a, b *image.RGBA, size int) float64 {
	var sum float64
	n := 0
	r := a.Bounds()
	for y := 0; y+size <= r.Dy(); y += size {
		for x := 0; x+size <= r.Dx(); x += size {
			blk := image.Rect(x, y, x+size, y+size)
			ca, cb := region(a, blk), region(b, blk)
			for c := range ca {
				d := ca[c] - cb[c]
				sum += max(d, -d)
			}
			n += 3
		}
	}
	return sum / float64(n)
}
