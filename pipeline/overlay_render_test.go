package pipeline_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

// TestImageLayersSpaceAndTime renders image layers over grey films with a
// cut and a transition: during its frames each layer covers exactly its
// box (white inside, no white pixel outside it), and before and after them
// no pixel of the frame changes: in space and in time, to the frame and the
// pixel (odd corners, named places in the safe margins, a width in % and
// the image's own size).
func TestImageLayersSpaceAndTime(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	writePNG(t, dir, "logo.png", 40, 20, color.NRGBA{255, 255, 255, 255})
	writePNG(t, dir, "big.png", 60, 30, color.NRGBA{255, 255, 255, 255})
	tests := []struct {
		name     string
		layers   string // the film's, or a scene's own with the prefix "a:" or "b:"
		box      rect
		from, to int
	}{{
		// a [0,20), fade [10,20), b [10,30): the layer covers the end of
		// a's body, the transition and the start of b's body.
		name:   "odd corner in px, across a transition",
		layers: `{image: logo.png, width: 25%, position: {x: 11px, y: 31px}, start: 8f, duration: 16f}`,
		box:    rect{11, 31, 51, 51}, from: 8, to: 24,
	}, {
		name:   "bottom-right in the safe margins, the whole film",
		layers: `{image: logo.png, width: 20%, position: bottom-right}`,
		box:    rect{120, 69, 152, 85}, from: 0, to: 30,
	}, {
		// b's own layer: from b's first frame (10, in the transition) + 2
		// to b's end.
		name:   "a scene's layer, from inside its transition in to its end",
		layers: `b:{image: logo.png, width: 25%, position: {x: 11px, y: 31px}, start: 2f}`,
		box:    rect{11, 31, 51, 51}, from: 12, to: 30,
	}, {
		// a's own layer ends with a's last frame, the transition's last.
		name:   "a scene's layer, to the end of its transition out",
		layers: `a:{image: logo.png, width: 25%, position: top-left, start: 5f}`,
		box:    rect{8, 5, 48, 25}, from: 5, to: 20,
	}, {
		name:   "own size, centred, to the end, in %",
		layers: `{image: big.png, position: {x: 25%, y: 10%}, start: 15f}`,
		box:    rect{40, 9, 100, 39}, from: 15, to: 30,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			film, own := "layers:\n  - "+tc.layers+"\n", map[string]string{}
			if id, l, ok := strings.Cut(tc.layers, ":{"); ok && len(id) == 1 {
				film, own[id] = "", ", layers: [{"+l+"]"
			}
			p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
scenes:
  - {id: a, source: g.mp4, duration: 20f, transition: {type: fade, duration: 10f}`+own["a"]+`}
  - {id: b, source: g.mp4, duration: 20f`+own["b"]+`}
`+film)
			frames := fftest.GreyFrames(t, p.Output, 160, 90)
			if len(frames) != 30 {
				t.Fatalf("%d frames, want 30", len(frames))
			}
			for f, fr := range frames {
				got, ok := brightBox(fr, 160, 190)
				switch on := f >= tc.from && f < tc.to; {
				case on && (!ok || got != tc.box):
					t.Errorf("frame %d: the layer covers %v (found %v), want %v", f, got, ok, tc.box)
				case on && meanIn(fr, 160, tc.box) < 240:
					t.Errorf("frame %d: the layer's box is %.1f, want white", f, meanIn(fr, 160, tc.box))
				case !on && ok:
					t.Errorf("frame %d: bright pixels at %v, outside the layer's frames", f, got)
				}
				if m := meanIn(fr, 160, rect{0, 0, 160, 8}); math.Abs(m-128) > 3 && tc.box.y0 > 8 {
					t.Errorf("frame %d: the top rows changed (%.1f)", f, m)
				}
			}
		})
	}
}

// TestImageLayerAlphaAndOpacity measures blending: a white logo at half
// alpha over grey is the mean of the two; opacity 0.5 of an opaque logo
// likewise; both together a quarter; a black half-opaque logo halves the
// grey.
func TestImageLayerAlphaAndOpacity(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	writePNG(t, dir, "half.png", 20, 20, color.NRGBA{255, 255, 255, 128})
	writePNG(t, dir, "white.png", 20, 20, color.NRGBA{255, 255, 255, 255})
	writePNG(t, dir, "dark.png", 20, 20, color.NRGBA{0, 0, 0, 128})
	p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
scenes:
  - {source: g.mp4, duration: 10f}
layers:
  - {image: half.png, position: {x: 10px, y: 10px}}
  - {image: white.png, position: {x: 40px, y: 10px}, opacity: 0.5}
  - {image: half.png, position: {x: 70px, y: 10px}, opacity: 0.5}
  - {image: dark.png, position: {x: 100px, y: 10px}}
  - {image: white.png, position: {x: 10px, y: 50px}, opacity: 0.8}
`)
	fr := fftest.GreyFrames(t, p.Output, 160, 90)[5]
	bg := meanIn(fr, 160, rect{0, 40, 8, 48})
	for _, c := range []struct {
		x, y  int
		alpha float64 // of white over the background (negative: of black)
	}{{10, 10, 0.5}, {40, 10, 0.5}, {70, 10, 0.25}, {100, 10, -0.5}, {10, 50, 0.8}} {
		want := bg + c.alpha*(255-bg)
		if c.alpha < 0 {
			want = bg * (1 + c.alpha)
		}
		got := meanIn(fr, 160, rect{c.x + 2, c.y + 2, c.x + 18, c.y + 18})
		if math.Abs(got-want) > 4 {
			t.Errorf("layer at %d,%d: level %.1f, want %.1f (background %.1f, alpha %g)", c.x, c.y, got, want, bg, c.alpha)
		}
	}
}

// pipBox is where the picture-in-picture tests draw their index clips.
var pipBox = rect{0, 0, 80, 46}

// TestPictureInPicture draws an index-pattern clip (frame n's grey level
// says n) over a film with a cut and a transition: every film frame of the
// layer shows the clip's frame for its time, continuous across the joins,
// and the frames before the layer and after the clip's end are untouched;
// the clip's sound plays at the layer's start, at its volume, and not at
// all with mute.
func TestPictureInPicture(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#202020"})
	fftest.Make(t, dir, fftest.Clip{Name: "idx.mp4", Seconds: 1, Pattern: "index", Audio: true, Freq: 1000})
	film := `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
audio: {loudness: off}
scenes:
  - {id: a, source: g.mp4, duration: 15f}
  - {id: b, source: g.mp4, duration: 20f, transition: {type: fade, duration: 10f}}
  - {id: c, source: g.mp4, duration: 20f}
layers:
`
	// a [0,15), b [15,35), fade [25,35), c [25,45): the clip (30 frames)
	// from film frame 6 to 36 spans the cut, b's body, the transition and
	// c's body; it ends with its clip.
	const start, clip, total = 6, 30, 45
	levels := map[string]float64{}
	for _, vol := range []string{"0dB", "-6dB", "mute"} {
		p := renderAudio(t, dir, film+"  - {video: idx.mp4, width: 50%, position: {x: 0px, y: 0px}, start: 6f, volume: "+vol+"}\n")
		if vol == "0dB" {
			checkPiPFrames(t, p.Output, start, clip, total)
		}
		s := decodeMono(t, p.Output)
		before := toneDB(s, 0.05, 0.19, 1000)
		during := toneDB(s, 0.25, 1.15, 1000)
		after := toneDB(s, 1.25, 1.45, 1000)
		levels[vol] = during
		t.Logf("volume %s: tone %.1f dB before, %.1f during, %.1f after", vol, before, during, after)
		if before > -80 || after > -80 {
			t.Errorf("volume %s: the clip's tone sounds outside the layer (%.1f dB before, %.1f after)", vol, before, after)
		}
		if onset := firstLoud(s, 0.01); vol != "mute" && math.Abs(float64(onset)-0.2*48000) > 48 {
			t.Errorf("volume %s: the sound starts at sample %d, want %d (film frame %d)", vol, onset, 9600, start)
		}
	}
	if levels["0dB"] < -30 {
		t.Errorf("the clip's tone is at %.1f dB, want it heard", levels["0dB"])
	}
	if d := levels["0dB"] - levels["-6dB"]; math.Abs(d-6) > 0.5 {
		t.Errorf("volume -6dB lowers the tone by %.1f dB", d)
	}
	if levels["mute"] > -80 {
		t.Errorf("muted, the tone is at %.1f dB", levels["mute"])
	}
}

// checkPiPFrames checks the picture of TestPictureInPicture.
func checkPiPFrames(t *testing.T, path string, start, clip, total int) {
	t.Helper()
	frames := fftest.GreyFrames(t, path, 160, 90)
	if len(frames) != total {
		t.Fatalf("%d frames, want %d", len(frames), total)
	}
	for f, fr := range frames {
		if f >= start && f < start+clip {
			if got, want := indexIn(fr, 160, pipBox), (f-start)%32; got != want {
				t.Errorf("film frame %d shows clip frame %d, want %d", f, got, want)
			}
		} else if m := meanIn(fr, 160, pipBox); math.Abs(m-32) > 4 {
			t.Errorf("film frame %d: the layer's box reads %.1f outside the layer's frames", f, m)
		}
		if m := meanIn(fr, 160, rect{90, 50, 160, 90}); math.Abs(m-32) > 4 {
			t.Errorf("film frame %d: outside the layer's box reads %.1f", f, m)
		}
	}
}

// indexIn reads the index an index-pattern clip paints (fftest.FrameIndex)
// from the centre half of r in a grey frame w pixels wide.
func indexIn(frame []byte, w int, r rect) int {
	dx, dy := (r.x1-r.x0)/4, (r.y1-r.y0)/4
	return int(math.Round(meanIn(frame, w, rect{r.x0 + dx, r.y0 + dy, r.x1 - dx, r.y1 - dy})/8)) % 32
}

// firstLoud is the first sample of s louder than level.
func firstLoud(s []float64, level float64) int {
	for i, x := range s {
		if math.Abs(x) > level {
			return i
		}
	}
	return -1
}

// TestPictureInPictureConformed draws clips that differ from the film as
// scenes do: a quarter-turned clip is drawn upright (its box portrait, the
// height from the turned aspect), and a 25 fps clip on a 30 fps film shows,
// at every film frame, the clip frame of that time (as a scene's fps
// conversion picks it), across a dip to black (whose second half concat
// times in microseconds) and a cut.
func TestPictureInPictureConformed(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#202020"})
	fftest.Make(t, dir, fftest.Clip{Name: "turned.mp4", Seconds: 1, Color: "#ffffff", Rotate: 90})
	fftest.Make(t, dir, fftest.Clip{Name: "idx25.mp4", Seconds: 1, FPS: "25", Pattern: "index"})
	p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
scenes:
  - {id: a, source: g.mp4, duration: 12f, transition: {type: dip, duration: 6f}}
  - {id: b, source: g.mp4, duration: 12f}
  - {id: c, source: g.mp4, duration: 12f}
layers:
  - {video: turned.mp4, width: 20%, position: {x: 100px, y: 10px}, start: 3f}
  - {video: idx25.mp4, width: 50%, position: {x: 0px, y: 0px}, start: 4f}
`)
	frames := fftest.GreyFrames(t, p.Output, 160, 90)
	// a [0,12), dip [6,12), b [6,18), c [18,30).
	if len(frames) != 30 {
		t.Fatalf("%d frames, want 30", len(frames))
	}
	right := rect{90, 0, 160, 90}
	for f := range 30 {
		got, ok := brightBox(cropGrey(frames[f], 160, right), right.x1-right.x0, 190)
		want := rect{10, 10, 42, 67} // x from 90: 100..132, 32x57 (upright 90x160 at 32 wide)
		if on := f >= 3; on != ok || on && got != want {
			t.Errorf("frame %d: the turned clip covers %v (%v), want %v from frame 3", f, got, ok, want)
		}
		if f < 4 {
			continue
		}
		idx := indexIn(frames[f], 160, pipBox)
		k := float64(f-4) * 25 / 30
		if lo, hi := int(math.Floor(k)), int(math.Floor(k+0.5)); idx != lo%32 && idx != hi%32 {
			t.Errorf("film frame %d shows clip frame %d, want %d or %d (%.2f at 25 fps)", f, idx, lo, hi, k)
		}
	}
}

// cropGrey copies r out of a grey frame w pixels wide.
func cropGrey(frame []byte, w int, r rect) []byte {
	var out []byte
	for y := r.y0; y < r.y1; y++ {
		out = append(out, frame[y*w+r.x0:y*w+r.x1]...)
	}
	return out
}

// TestImageLayerScaledEdges draws a white shape on transparent black,
// scaled down over a white picture: the edges, where the scaler mixes the
// shape with its transparent surround, stay white (scaled with its alpha
// premultiplied), with no dark fringe.
func TestImageLayerScaledEdges(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "w.mp4", Seconds: 1, Color: "#ffffff"})
	img := image.NewNRGBA(image.Rect(0, 0, 90, 45))
	for y := 10; y < 35; y++ {
		for x := 10; x < 80; x++ {
			img.SetNRGBA(x, y, color.NRGBA{255, 255, 255, 255})
		}
	}
	writeImage(t, dir, "shape.png", img)
	p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
scenes: [{source: w.mp4, duration: 5f}]
layers:
  - {image: shape.png, width: 21%, position: center}
`)
	fr := fftest.GreyFrames(t, p.Output, 160, 90)[2]
	if m := minIn(fr, 160, rect{0, 0, 160, 90}); m < 245 {
		t.Errorf("the darkest pixel is %d: the scaled shape has a dark fringe", m)
	}
}

// minIn is the darkest level of frame (w pixels wide) inside r.
func minIn(frame []byte, w int, r rect) byte {
	m := byte(255)
	for y := r.y0; y < r.y1; y++ {
		for x := r.x0; x < r.x1; x++ {
			m = min(m, frame[y*w+x])
		}
	}
	return m
}

// TestImageLayerPreview renders a preview (half size): lengths in px are
// the project's pixels, so the layer is half as wide and placed at half
// the coordinates; lengths in % are shares of the smaller frame.
func TestImageLayerPreview(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	writePNG(t, dir, "w.png", 40, 20, color.NRGBA{255, 255, 255, 255})
	path := writeProject(t, dir, `
output: {path: out.mp4, size: 320x180, fps: 30, quality: high}
scenes: [{source: g.mp4, duration: 5f}]
layers:
  - {image: w.png, width: 40px, position: {x: 20px, y: 20px}}
  - {image: w.png, width: 25%, position: {x: 50%, y: 50%}}
`)
	req := request(dir, path)
	req.Preview = true
	res, err := pipeline.NewEngine(tools(), pipeline.Cache{Off: true}).Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	fr := fftest.GreyFrames(t, res.Plan.Output, 160, 90)[2]
	for _, want := range []rect{{10, 10, 30, 20}, {80, 45, 120, 65}} {
		q := rect{want.x0 - 2, want.y0 - 2, want.x1 + 2, want.y1 + 2}
		got, ok := brightBox(cropGrey(fr, 160, q), q.x1-q.x0, 190)
		if got := (rect{got.x0 + q.x0, got.y0 + q.y0, got.x1 + q.x0, got.y1 + q.y0}); !ok || got != want {
			t.Errorf("the preview's layer covers %v, want %v", got, want)
		}
	}
}

// TestImageLayerAlphaFormats draws the same half-transparent white square
// stored as every kind of image with alpha (8-bit RGBA, 16-bit RGBA,
// grey with alpha, a palette with transparency, lossless WebP): each
// blends half over the grey.
func TestImageLayerAlphaFormats(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	src := writePNG(t, dir, "rgba.png", 20, 20, color.NRGBA{255, 255, 255, 128})
	for name, args := range map[string][]string{
		"rgba64.png": {"-pix_fmt", "rgba64be"},
		"ya8.png":    {"-pix_fmt", "ya8"},
		"half.webp":  {"-c:v", "libwebp", "-lossless", "1"},
	} {
		cmd := append([]string{"-nostdin", "-v", "error", "-y", "-i", src, "-frames:v", "1"}, args...)
		if out, err := osexec.Command(fftest.FFmpeg(), append(cmd, filepath.Join(dir, name))...).CombinedOutput(); err != nil {
			t.Fatalf("making %s: %v\n%s", name, err, out)
		}
	}
	// A palette with transparency (tRNS), which FFmpeg's encoder would not
	// keep.
	pal := image.NewPaletted(image.Rect(0, 0, 20, 20), color.Palette{color.NRGBA{255, 255, 255, 128}})
	writeImage(t, dir, "pal8.png", pal)
	names := []string{"rgba.png", "rgba64.png", "ya8.png", "pal8.png", "half.webp"}
	y := "output: {path: out.mp4, size: 160x90, fps: 30, quality: high}\nscenes: [{source: g.mp4, duration: 5f}]\nlayers:\n"
	for i, n := range names {
		y += fmt.Sprintf("  - {image: %s, position: {x: %dpx, y: 30px}}\n", n, 10+30*i)
	}
	p := render(t, dir, y)
	fr := fftest.GreyFrames(t, p.Output, 160, 90)[2]
	bg := meanIn(fr, 160, rect{0, 0, 160, 20})
	for i, n := range names {
		x := 10 + 30*i
		if got, want := meanIn(fr, 160, rect{x + 2, 32, x + 18, 48}), bg+0.5*(255-bg); math.Abs(got-want) > 4 {
			t.Errorf("%s: level %.1f, want %.1f (half white over %.1f)", n, got, want, bg)
		}
	}
}
