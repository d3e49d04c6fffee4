package grade_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/grade"
)

// chartColours are the 24 patches of a ColorChecker (sRGB, 8 bit), plus
// they span skin, sky, foliage, primaries and a grey ramp.
var chartColours = [][3]uint8{
	{115, 82, 68}, {194, 150, 130}, {98, 122, 157}, {87, 108, 67}, {133, 128, 177}, {103, 189, 170},
	{214, 126, 44}, {80, 91, 166}, {193, 90, 99}, {94, 60, 108}, {157, 188, 64}, {224, 163, 46},
	{56, 61, 150}, {70, 148, 73}, {175, 54, 60}, {231, 199, 31}, {187, 86, 149}, {8, 133, 161},
	{243, 243, 242}, {200, 200, 200}, {160, 160, 160}, {122, 122, 121}, {85, 85, 85}, {52, 52, 52},
}

const patch = 32

// writeChart writes the test chart as a PNG: 6x4 patches of 32x32.
func writeChart(t *testing.T, dir string) string {
	img := image.NewRGBA(image.Rect(0, 0, 6*patch, 4*patch))
	for i, c := range chartColours {
		x0, y0 := (i%6)*patch, (i/6)*patch
		for y := y0; y < y0+patch; y++ {
			for x := x0; x < x0+patch; x++ {
				img.Set(x, y, color.RGBA{c[0], c[1], c[2], 255})
			}
		}
	}
	path := filepath.Join(dir, "chart.png")
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

// renderChart runs the chart through BT.709 TV-range 4:2:0, the filters, and
// back to RGB, as a render and a player do, and returns each patch's mean.
func renderChart(t *testing.T, chart string, fs []ffmpeg.Filter) []grade.RGB {
	t.Helper()
	chain := []string{"scale=out_color_matrix=bt709:out_range=tv", "format=yuv420p"}
	for _, f := range fs {
		chain = append(chain, f.String())
	}
	chain = append(chain, "scale=in_color_matrix=bt709:in_range=tv", "format=rgb24")
	out := filepath.Join(t.TempDir(), "out.png")
	ffmpegRun(t, "-nostdin", "-v", "error", "-i", chart, "-vf", strings.Join(chain, ","), "-frames:v", "1", out)
	img := fftest.Frame(t, out, 0)
	means := make([]grade.RGB, len(chartColours))
	for i := range chartColours {
		sub := img.SubImage(image.Rect((i%6)*patch+8, (i/6)*patch+8, (i%6)*patch+24, (i/6)*patch+24)).(*image.RGBA)
		m := fftest.Mean(sub, 1)
		means[i] = grade.RGB8(m[0], m[1], m[2])
	}
	return means
}

// ffmpegRun runs ffmpeg (never a shell), failing the test with its output.
func ffmpegRun(t *testing.T, args ...string) {
	t.Helper()
	fftest.Require(t)
	if out, err := exec.Command(fftest.FFmpeg(), args...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
