package pipeline_test

import (
	"context"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

// TestRenderHostileNames renders from a project directory, clip name, work
// directory and placeholder text full of the characters that break filter
// graphs and concat lists: : , ; ' [ ] \ %.
func TestRenderHostileNames(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	const weird = `it's: a, [b]; 100% \c`
	dir := filepath.Join(t.TempDir(), weird)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, dir, fftest.Clip{Name: weird + ".mp4", Seconds: 0.5, Audio: true, Color: "blue"})
	proj := writeProject(t, dir, `
output: {path: `+yamlQuote("out/"+weird+".mp4")+`, size: 160x90, fps: 30, quality: draft}
scenes:
  - {source: `+yamlQuote(weird+".mp4")+`, transition: {type: fade, duration: 5f}}
  - {placeholder: {text: `+yamlQuote(`Scene: 1, it's [50%]; \o/ ok`)+`}, duration: 0.5s}
`)
	req := pipeline.Request{Path: proj, WorkRoot: filepath.Join(dir, "work "+weird), Jobs: 2}
	res, err := pipeline.NewEngine(tools(), pipeline.Cache{}).Render(context.Background(), req)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	assertStreams(t, res.Plan, 160, 90, "30")
	if c := fftest.MeanRGB(t, res.Plan.Output, 2); c[2] < 180 {
		t.Errorf("frame 2 = %v, want the blue clip", c)
	}
}

// TestRenderHonoursRotation renders a clip stored landscape with a 90°
// display rotation: the picture must arrive upright, its black-to-white
// ramp running top to bottom rather than left to right.
func TestRenderHonoursRotation(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "rot.mp4", Width: 160, Height: 90, Seconds: 0.5, Pattern: "gradient", Rotate: 90})
	p := render(t, dir, `
output: {path: out.mp4, size: 90x160, fps: 30, quality: high}
scenes:
  - {source: rot.mp4, fit: stretch}
`)
	img := fftest.Frame(t, p.Output, 5)
	top, bottom := luma(img, 0, 0, 90, 30), luma(img, 0, 130, 90, 160)
	left, right := luma(img, 0, 0, 30, 160), luma(img, 60, 0, 90, 160)
	if math.Abs(top-bottom) < 120 || math.Abs(left-right) > 40 {
		t.Errorf("rotation not honoured: top %.0f bottom %.0f left %.0f right %.0f (want a vertical ramp)", top, bottom, left, right)
	}
}

// TestRenderConvertsFullRange renders the same grey from a TV-range and a
// full-range clip: after conversion to BT.709 TV range both must look alike.
func TestRenderConvertsFullRange(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "tv.mp4", Seconds: 0.5, Color: "#c08040"})
	fftest.Make(t, dir, fftest.Clip{Name: "pc.mp4", Seconds: 0.5, Color: "#c08040", Range: "pc"})
	p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
scenes:
  - {source: tv.mp4, transition: cut}
  - {source: pc.mp4}
`)
	a, b := fftest.MeanRGB(t, p.Output, 7), fftest.MeanRGB(t, p.Output, 22)
	for i := range a {
		if math.Abs(a[i]-b[i]) > 6 {
			t.Errorf("channel %d: tv-range clip %.1f, full-range clip %.1f (want the same colour)", i, a[i], b[i])
		}
		if want := []float64{0xc0, 0x80, 0x40}[i]; math.Abs(a[i]-want) > 8 {
			t.Errorf("channel %d = %.1f, want about %.0f", i, a[i], want)
		}
	}
}

// yamlQuote writes s as a single-quoted YAML string.
func yamlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// luma is the mean grey level of a rectangle of img.
func luma(img *image.RGBA, x0, y0, x1, y1 int) float64 {
	var sum float64
	n := 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			c := img.RGBAAt(x, y)
			sum += 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
			n++
		}
	}
	return sum / float64(n)
}
