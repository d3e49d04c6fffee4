package pipeline

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
)

// joined is a film of three grey scenes at 30 fps: a [0,20) fades into b
// over [14,20), b [14,34) cuts to c [34,54). Its segments: a's body
// [0,14), the fade [14,20), b's body [20,34), c's body [34,54).
const joined = `output: {path: out.mp4, size: 160x90, fps: 30, crf: 0}
audio: {loudness: off}
scenes:
  - {id: a, source: g.mp4, duration: 20f, transition: {type: fade, duration: 6f}}
  - {id: b, source: g.mp4, duration: 20f}
  - {id: c, source: g.mp4, duration: 20f}
`

// joins are the first frames of joined's segments after the first.
var joins = []int{14, 20, 34}

// TestTextLayerSpaceAndTime draws a boxed text layer over film frames
// [10, 40) of joined, across a body, a transition and a cut: inside its
// box the picture changes on exactly those frames, outside the box never,
// and at the joins the box's frames differ no more than inside a segment.
// A second layer on [45, 46) is one frame long. The film is encoded
// losslessly (crf 0), so that the codec's keyframe noise at each segment's
// start does not hide what the layers do. At 30, 29.97 and 24 fps, and
// across a dip to black; the frames without the layers are the reference.
func TestTextLayerSpaceAndTime(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	for _, fps := range []string{"30", "29.97", "24"} {
		t.Run(fps, func(t *testing.T) { spaceAndTime(t, strings.Replace(joined, "fps: 30,", "fps: "+fps+",", 1)) })
	}
	// A dip joins its halves with concat, which times the second half in
	// microseconds: the layer is still on whole frames.
	t.Run("dip", func(t *testing.T) { spaceAndTime(t, strings.Replace(joined, "type: fade", "type: dip", 1)) })
}

// spaceAndTime is TestTextLayerSpaceAndTime on the film project.
func spaceAndTime(t *testing.T, project string) {
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	ref := fftest.GreyFrames(t, renderLayered(t, dir, project, func(*config.Project) {}).Output, 160, 90)
	p := renderLayered(t, dir, project, func(p *config.Project) {
		p.Layers = []config.Layer{boxLayer(t, "Box", 16, 10, 10, 40), boxLayer(t, "One", 100, 50, 45, 46)}
	})
	fs := fftest.GreyFrames(t, p.Output, 160, 90)
	if len(fs) != 54 || len(ref) != 54 {
		t.Fatalf("%d frames (%d without the layers), want 54", len(fs), len(ref))
	}
	inBox := rect{17, 11, 20, 13}    // the box's padding, left of the text
	outside := rect{0, 40, 90, 90}   // below the first box, left of the second
	second := rect{101, 51, 104, 53} // the second box's padding
	for f, fr := range fs {
		on := f >= 10 && f < 40
		if got, under := mean(fr, 160, inBox), mean(ref[f], 160, inBox); on != (got > under+60) {
			t.Errorf("frame %d: the box reads %.0f (%.0f without it), want it drawn: %v", f, got, under, on)
		}
		if got, want := mean(fr, 160, outside), mean(ref[f], 160, outside); math.Abs(got-want) > 2 {
			t.Errorf("frame %d: outside the boxes %.1f, without them %.1f", f, got, want)
		}
		if got, under := mean(fr, 160, second), mean(ref[f], 160, second); (f == 45) != (got > under+60) {
			t.Errorf("frame %d: the one-frame box reads %.0f", f, got)
		}
	}
	box := rect{10, 5, 80, 35}
	inside := 0.0
	for f := 11; f < 40; f++ {
		if !contains(joins, f) {
			inside = max(inside, diff(fs[f-1], fs[f], 160, box))
		}
	}
	for _, j := range joins {
		if d := diff(fs[j-1], fs[j], 160, box); d > inside+0.5 {
			t.Errorf("frames %d and %d differ by %.2f at a join, at most %.2f inside segments", j-1, j, d, inside)
		}
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// rightEdge is one past the last column of row y of f more than 8 levels
// brighter than level (the white box, however faded), 0 when there is
// none.
func rightEdge(f []byte, w, y int, level float64) int {
	for x := w - 1; x >= 0; x-- {
		if float64(f[y*w+x]) > level+8 {
			return x + 1
		}
	}
	return 0
}

// TestTextLayerAnimations draws animated layers over the joins of joined:
// a slide in from the left (8 frames, linear) across the join at frame 14
// puts the box's right edge at k/8 of its place on the slide's k-th frame
// (the first wholly beyond the frame's edge) and fades it in as it moves;
// a fade out over 4 frames (linear) blends the box at 7/8, 5/8, 3/8 and
// 1/8 of its strength (each frame's centre) across the cut at 34; a scale
// in grows the box every frame about its centre. Frame by frame, exactly:
// image and video layers animate by the same rule.
func TestTextLayerAnimations(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	four, eight := *frames(t, 4), *frames(t, 8)
	p := renderLayered(t, dir, joined, func(p *config.Project) {
		slide := boxLayer(t, "Slide", 16, 10, 10, 38)
		slide.In = &config.Animation{Kind: "slide", Direction: "left", Duration: eight, Easing: "linear"}
		slide.Out = &config.Animation{Kind: "fade", Duration: four, Easing: "linear"}
		grow := boxLayer(t, "Grow", 90, 50, 40, 54)
		grow.In = &config.Animation{Kind: "scale", Duration: four}
		p.Layers = []config.Layer{slide, grow}
	})
	fs := fftest.GreyFrames(t, p.Output, 160, 90)
	if len(fs) != 54 {
		t.Fatalf("%d frames, want 54", len(fs))
	}
	base := mean(fs[0], 160, rect{0, 0, 160, 90})
	final := float64(rightEdge(fs[25], 160, 11, base))
	white := mean(fs[25], 160, rect{17, 11, 20, 13})
	var edges []int
	for k := 0; k < 8; k++ {
		e := rightEdge(fs[10+k], 160, 11, base)
		edges = append(edges, e)
		if want := final * float64(k) / 8; math.Abs(float64(e)-want) > 1.5 {
			t.Errorf("slide frame %d (film %d): right edge %d, want %.1f", k, 10+k, e, want)
		}
		if k > 1 && e <= edges[k-1] {
			t.Errorf("slide frame %d: right edge %d, not right of %d", k, e, edges[k-1])
		}
		if k > 0 {
			x := e - 3 // inside the box's top padding, left of its right edge
			if got, want := mean(fs[10+k], 160, rect{x, 11, x + 2, 13}), base+(white-base)*float64(k)/8; math.Abs(got-want) > 4 {
				t.Errorf("slide frame %d: the box's level %.1f, want %.1f (fading in with the move)", k, got, want)
			}
		}
	}
	t.Logf("slide right edges %v, in place %v", edges, final)
	if e := rightEdge(fs[18], 160, 11, base); float64(e) != final {
		t.Errorf("after the slide the edge is %d, want %v", e, final)
	}
	inBox := rect{17, 11, 20, 13}
	for j, v := range []float64{7.0 / 8, 5.0 / 8, 3.0 / 8, 1.0 / 8} {
		f := 34 + j
		if got, want := mean(fs[f], 160, inBox), base+(white-base)*v; math.Abs(got-want) > 3 {
			t.Errorf("fade frame %d (film %d): box level %.1f, want %.1f", j, f, got, want)
		}
	}
	if got := mean(fs[38], 160, inBox); math.Abs(got-base) > 2 {
		t.Errorf("frame 38, after the layer: %.1f, want %.1f", got, base)
	}
	prev := 0
	still, _ := bounds(fs[50], 160, 90, base)
	for f := 40; f < 45; f++ {
		r, ok := bounds(fs[f], 160, 90, base)
		w := 0
		if ok {
			w = r.x1 - r.x0
		}
		if w < prev || w == prev && f < 44 { // the 4 frames of the scale grow, then it stands
			t.Errorf("scale frame %d: width %d, not wider than %d", f-40, w, prev)
		}
		if c, want := float64(r.x0+r.x1)/2, float64(still.x0+still.x1)/2; math.Abs(c-want) > 2 {
			t.Errorf("scale frame %d: centred at x %.1f, the still text at %.1f", f-40, c, want)
		}
		prev = w
	}
}

// single is a film of one grey scene of 30 frames.
const single = `output: {path: out.mp4, size: 160x90, fps: 30, crf: 0}
audio: {loudness: off}
scenes:
  - {id: a, source: g.mp4, duration: 30f}
`

// plainLayer is white text of 14 px, its top-left corner at (10, 30), on
// film frames [from, to).
func plainLayer(t *testing.T, txt string, from, to int) config.Layer {
	return config.Layer{Kind: config.LayerText, Text: txt, Size: px(14), Color: "white",
		Position: config.Position{X: px(10), Y: px(30)}, Start: *frames(t, from), End: frames(t, to), Opacity: 1}
}

// TestTextLayerScripts: a right-to-left string is drawn right to left (its
// letters reversed and forced left to right draw the same picture; in
// their logical order forced left to right, another), and text is literal:
// an override block, a line break escape, %{pts}, quotes and colons are
// drawn as the characters they are. Arabic letters are joined (shaped):
// the word is narrower than its letters kept apart.
func TestTextLayerScripts(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	const hebrew, reversed = "שלום עולם", "םלוע םולש"
	const lro, pdf = "\u202d", "\u202c"
	const arabic, zwnj = "سلام", "\u200c" // a non-joiner between letters keeps them apart
	p := renderLayered(t, dir, single, func(p *config.Project) {
		p.Layers = []config.Layer{
			plainLayer(t, hebrew, 0, 3),
			plainLayer(t, lro+reversed+pdf, 3, 6),
			plainLayer(t, lro+hebrew+pdf, 6, 9),
			plainLayer(t, "ab", 9, 12),
			plainLayer(t, `a{\b1}b`, 12, 15),
			plainLayer(t, `a\Nb`, 15, 18),
			plainLayer(t, `%{pts}: "q" 'x'`, 18, 24),
			plainLayer(t, arabic, 24, 27),
			plainLayer(t, strings.Join(strings.Split(arabic, ""), zwnj), 27, 30),
		}
	})
	fs := fftest.GreyFrames(t, p.Output, 160, 90)
	if len(fs) != 30 {
		t.Fatalf("%d frames, want 30", len(fs))
	}
	base := mean(fs[0], 160, rect{0, 0, 160, 5})
	all := rect{0, 0, 160, 90}
	rtl, wrong := diff(fs[1], fs[4], 160, all), diff(fs[1], fs[7], 160, all)
	t.Logf("right to left vs reversed: %.3f, vs logical order left to right: %.3f", rtl, wrong)
	if rtl > 0.05 || wrong < 0.5 {
		t.Errorf("the Hebrew line is not drawn right to left (differs from the reversed letters by %.3f, from the logical order by %.3f)", rtl, wrong)
	}
	box := func(f int) rect {
		r, ok := bounds(fs[f], 160, 90, base)
		if !ok {
			t.Fatalf("frame %d: nothing drawn", f)
		}
		return r
	}
	ab, tags, esc, pts := box(10), box(13), box(16), box(19)
	t.Logf("ab %v, a{\\b1}b %v, a\\Nb %v, %%{pts}... %v", ab, tags, esc, pts)
	if w, w0 := tags.x1-tags.x0, ab.x1-ab.x0; w < w0+25 {
		t.Errorf(`a{\b1}b is %d px wide, "ab" %d: the override block was obeyed, not drawn`, w, w0)
	}
	if h, h0 := esc.y1-esc.y0, ab.y1-ab.y0; h > h0+4 || esc.x1-esc.x0 < ab.x1-ab.x0+8 {
		t.Errorf(`a\Nb covers %v, "ab" %v: the escape broke the line instead of being drawn`, esc, ab)
	}
	if pts.x1-pts.x0 < 70 {
		t.Errorf("%%{pts}: \"q\" 'x' is only %d px wide", pts.x1-pts.x0)
	}
	for f := 19; f < 24; f++ {
		if d := diff(fs[18], fs[f], 160, all); d != 0 {
			t.Errorf("frame %d differs from frame 18 by %.3f: %%{pts} was expanded", f, d)
		}
	}
	joined, apart := box(25), box(28)
	t.Logf("Arabic joined %v, apart %v", joined, apart)
	if joined.x1-joined.x0 >= apart.x1-apart.x0 {
		t.Errorf("Arabic joined letters cover %v, the same letters kept apart %v: not shaped", joined, apart)
	}
}

// TestSceneTextLayer: a scene's layer, written in the project file, is
// timed from the scene's first frame (its transition in included) and
// cut at its last: on joined, b's layer from 5f with no end shows on film
// frames [19, 34) exactly, across the fade's last frame and b's body.
func TestSceneTextLayer(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	yaml := strings.Replace(joined, "  - {id: b, source: g.mp4, duration: 20f}\n",
		"  - id: b\n    source: g.mp4\n    duration: 20f\n    layers:\n"+
			"      - {text: B, color: black, size: 16px, box: {color: white, padding: 4}, position: {x: 16px, y: 10px}, start: 5f}\n", 1)
	p := renderLayered(t, dir, yaml, func(*config.Project) {})
	fs := fftest.GreyFrames(t, p.Output, 160, 90)
	base := mean(fs[0], 160, rect{0, 0, 160, 90})
	for f, fr := range fs {
		on := f >= 19 && f < 34
		if got := mean(fr, 160, rect{17, 11, 20, 13}); on != (got > base+60) {
			t.Errorf("frame %d: the box reads %.0f, want it drawn: %v", f, got, on)
		}
	}
}

// TestTextLayerRerender renders joined with a film layer over a's body,
// the fade and b's body, then again with the layer's text changed: only
// those three segments (and the join) run again, the scenes' jobs writing
// their bodies alone; c's body, the raw frames the fade reads and the
// sound come from the cache, and the new
// picture differs from the old only inside the layer's box.
func TestTextLayerRerender(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	project := func(txt string) string {
		return joined + "layers:\n  - {text: \"" + txt + "\", style: lower-third, start: 5f, end: 25f, in: {fade: 3f}}\n"
	}
	eng := NewEngine(Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, Cache{Dir: filepath.Join(dir, "cache")})
	render := func(txt string) ([]string, [][]byte) {
		path := filepath.Join(dir, "project.yaml")
		if err := os.WriteFile(path, []byte(project(txt)), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := eng.Render(context.Background(), Request{Path: path, WorkRoot: filepath.Join(dir, "work"), Jobs: 2})
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		var ran []string
		for _, j := range res.Stats.Jobs {
			if !j.Cached {
				ran = append(ran, j.Job+strings.Join(j.Parts, ","))
			}
		}
		slices.Sort(ran)
		return ran, fftest.GreyFrames(t, res.Plan.Output, 160, 90)
	}
	first, before := render("Ada Lovelace")
	second, after := render("Grace Hopper")
	t.Logf("cold: %v; after the change: %v", first, second)
	if got := strings.Join(second, " "); got != "mux-out s01-abody film s02-bbody film t-fade-a-b" {
		t.Errorf("changing the text ran %s, want the segments under it and the join", got)
	}
	box := rect{0, 55, 110, 90} // the lower third's corner of the frame
	for f := range before {
		in := f >= 5 && f < 25
		outside := diff(before[f], after[f], 160, rect{0, 0, 160, 55})
		inside := diff(before[f], after[f], 160, box)
		if outside != 0 || (inside > 0) != in {
			t.Errorf("frame %d: the change moved %.2f outside the box and %.2f inside it", f, outside, inside)
		}
	}
}

// TestTextLayerPreview renders a 320x180 project as a preview (160x90): a
// boxed layer written in the project's pixels lands at half its place and
// size, and a percentage-sized one at its share of the smaller frame.
func TestTextLayerPreview(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	yaml := `output: {path: out.mp4, size: 320x180, fps: 30}
audio: {loudness: off}
layers:
  - {text: "Px", color: black, size: 32px, box: {color: white, padding: 8}, position: {x: 32px, y: 20px}}
scenes:
  - {id: a, source: g.mp4, duration: 10f}
`
	path := filepath.Join(dir, "project.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	eng := NewEngine(Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, Cache{Off: true})
	res, err := eng.Render(context.Background(), Request{Path: path, WorkRoot: filepath.Join(dir, "work"), Preview: true, Jobs: 2})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	fs := fftest.GreyFrames(t, res.Plan.Output, 160, 90)
	base := mean(fs[0], 160, rect{100, 60, 160, 90})
	r, ok := bounds(fs[5], 160, 90, base)
	t.Logf("the box covers %v in the preview", r)
	// At full size the box's corner is at (32, 20); in the preview (16, 10).
	if !ok || r.x0 < 15 || r.x0 > 17 || r.y0 < 9 || r.y0 > 11 || r.y1-r.y0 < 20 || r.y1-r.y0 > 30 {
		t.Errorf("the box covers %v, want its corner at (16, 10), 16 px of text and 4 of padding above and below", r)
	}
}
