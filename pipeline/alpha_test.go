package pipeline_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// bandsGraph paints 90x90 pictures in three vertical bands: opaque red,
// white at half alpha, and fully transparent white (so a source whose alpha
// is thrown away shows white where it should show the background).
const bandsGraph = "color=c=white:s=90x90:r=24:d=%s,format=rgba," +
	"geq=r=255:g='if(lt(X\\,30)\\,0\\,255)':b='if(lt(X\\,30)\\,0\\,255)':a='if(lt(X\\,30)\\,255\\,if(lt(X\\,60)\\,128\\,0))'"

// makeBands writes the bands with ffmpeg and the given output options.
func makeBands(t *testing.T, dir, name, seconds string, opts ...string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	args := append([]string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", fmt.Sprintf(bandsGraph, seconds)}, opts...)
	if out, err := exec.Command(fftest.FFmpeg(), append(args, path)...).CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v\n%s", name, err, out)
	}
	return path
}

// palettePNG writes the bands as a palette PNG with a tRNS chunk (Go's
// encoder writes one for a palette with alpha).
func palettePNG(t *testing.T, path string) string {
	t.Helper()
	pal := color.Palette{color.NRGBA{255, 0, 0, 255}, color.NRGBA{255, 255, 255, 128}, color.NRGBA{255, 255, 255, 0}}
	img := image.NewPaletted(image.Rect(0, 0, 90, 90), pal)
	for y := 0; y < 90; y++ {
		for x := 0; x < 90; x++ {
			img.SetColorIndex(x, y, uint8(x/30))
		}
	}
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

// meanAt is the mean colour of the 10x30 rectangle centred on column x,
// mid-height.
func meanAt(img *image.RGBA, x int) [3]float64 {
	return fftest.Mean(img.SubImage(image.Rect(x-5, 30, x+5, 60)).(*image.RGBA), 1)
}

// near reports whether c is within tol of want in every channel.
func near(c, want [3]float64, tol float64) bool {
	for i := range c {
		if math.Abs(c[i]-want[i]) > tol {
			return false
		}
	}
	return true
}

var (
	black = [3]float64{0, 0, 0}
	red   = [3]float64{255, 0, 0}
	half  = [3]float64{128, 128, 128} // white at half alpha over black
)

// TestTransparencyOverBackground: every kind of transparent source (RGBA,
// grey+alpha and palette PNGs, WebP, QuickTime Animation, PNG-in-MOV and
// ProRes 4444 clips, VP9 with alpha in WebM, animated PNG and GIF) is composited over its fit's background: black
// bars and black under transparency for contain, cover and stretch, the
// blurred copy for blur. Opaque areas keep their colour.
func TestTransparencyOverBackground(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	makeBands(t, dir, "rgba.png", "1", "-frames:v", "1")
	makeBands(t, dir, "la.png", "1", "-frames:v", "1", "-pix_fmt", "ya8")
	palettePNG(t, filepath.Join(dir, "pal.png"))
	makeBands(t, dir, "anim.mov", "0.5", "-c:v", "qtrle")
	makeBands(t, dir, "png.mov", "0.5", "-c:v", "png")
	makeBands(t, dir, "alpha.webm", "0.5", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M")
	makeBands(t, dir, "rgba.webp", "1", "-frames:v", "1", "-c:v", "libwebp", "-lossless", "1")
	makeBands(t, dir, "4444.mov", "0.5", "-c:v", "prores_ks", "-profile:v", "4444", "-pix_fmt", "yuva444p10le")
	// Animations: APNG states no length (the scan finds it); GIF has
	// on/off transparency only, so its half band is not checked.
	makeBands(t, dir, "anim.apng", "0.5", "-plays", "0")
	makeBands(t, dir, "anim.gif", "0.5", "-vf", "split[a][b];[a]palettegen=reserve_transparent=1[p];[b][p]paletteuse=alpha_threshold=128")
	// One-frame files of demuxers that are not image demuxers: stills
	// that do not take -framerate.
	makeBands(t, dir, "still.gif", "1", "-frames:v", "1", "-vf", "split[a][b];[a]palettegen=reserve_transparent=1[p];[b][p]paletteuse=alpha_threshold=128")
	makeBands(t, dir, "still.mov", "1", "-frames:v", "1", "-c:v", "png")
	grey := [3]float64{-1} // grey+alpha: any grey for the opaque band

	// contain: the picture spans columns 35-125 of 160, each band 30 wide.
	contain := []int{10, 50, 80, 110, 150} // bar, red, half, clear, bar
	tests := []struct {
		source, fit string
		xs          []int
		want        [][3]float64
	}{
		{"rgba.png", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"la.png", "contain", contain, [][3]float64{black, grey, half, black, black}},
		{"pal.png", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"anim.mov", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"png.mov", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"alpha.webm", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"rgba.webp", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"4444.mov", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"anim.apng", "contain", contain, [][3]float64{black, red, half, black, black}},
		{"anim.gif", "contain", []int{10, 50, 110, 150}, [][3]float64{black, red, black, black}},
		{"still.gif", "contain", []int{10, 50, 110, 150}, [][3]float64{black, red, black, black}},
		{"still.mov", "contain", contain, [][3]float64{black, red, half, black, black}},
		// cover and stretch: bands 53 wide across the whole frame.
		{"rgba.png", "cover", []int{25, 80, 135}, [][3]float64{red, half, black}},
		{"anim.mov", "stretch", []int{25, 80, 135}, [][3]float64{red, half, black}},
	}
	// One film, a scene of 6 frames per case: one render for all of them.
	yaml := "output: {path: out.mp4, size: 160x90, fps: 24}\nscenes:\n"
	for _, tt := range tests {
		yaml += "  - source: " + tt.source + "\n    fit: " + tt.fit + "\n    duration: 6f\n"
	}
	p := render(t, dir, yaml)
	for i, tt := range tests {
		img := fftest.Frame(t, p.Output, 6*i+2)
		for j, x := range tt.xs {
			got, want := meanAt(img, x), tt.want[j]
			if want == grey {
				if math.Abs(got[0]-got[1]) > 8 || math.Abs(got[1]-got[2]) > 8 || got[0] < 40 || got[0] > 220 {
					t.Errorf("%s, %s, column %d: %.0f, want an opaque grey", tt.source, tt.fit, x, got)
				}
				continue
			}
			if !near(got, want, 12) {
				t.Errorf("%s, %s, column %d: %.0f, want %.0f", tt.source, tt.fit, x, got, want)
			}
		}
	}
}

// TestTransparencyOverBlur: with the blur fit the transparent part shows
// the blurred copy, and the copy itself is composited over black: the bars
// are those of the same picture flattened over black beforehand.
func TestTransparencyOverBlur(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	makeBands(t, dir, "rgba.png", "1", "-frames:v", "1")
	flat := filepath.Join(dir, "flat.png")
	if out, err := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-y", "-i", filepath.Join(dir, "rgba.png"),
		"-vf", "format=gbrap,premultiply=inplace=1,format=rgb24", flat).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	frames := map[string]*image.RGBA{}
	for _, src := range []string{"rgba.png", "flat.png"} {
		sub := filepath.Join(dir, src+"-blur")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		p := render(t, sub, "output: {path: out.mp4, size: 160x90, fps: 24}\nscenes:\n  - source: ../"+src+"\n    fit: blur\n    duration: 0.25s\n")
		frames[src] = fftest.Frame(t, p.Output, 2)
	}
	for _, x := range []int{8, 20, 140, 152} { // the bars: the blurred copy alone
		if a, b := meanAt(frames["rgba.png"], x), meanAt(frames["flat.png"], x); !near(a, b, 6) {
			t.Errorf("bar column %d: %.0f, want the flattened picture's %.0f", x, a, b)
		}
	}
	if got := meanAt(frames["rgba.png"], 50); !near(got, red, 12) {
		t.Errorf("opaque band: %.0f, want red", got)
	}
	// The clear band shows the dark blurred copy, not the white under it
	// nor the picture's own black (flat.png is opaque there).
	clear, opaque := meanAt(frames["rgba.png"], 110), meanAt(frames["flat.png"], 110)
	if clear[1] > 100 || near(clear, opaque, 6) {
		t.Errorf("clear band: %.0f, want the blurred copy (darker than white, not the opaque %.0f)", clear, opaque)
	}
}
