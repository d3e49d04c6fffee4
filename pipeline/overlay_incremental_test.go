package pipeline_test

import (
	"context"
	"image/color"
	"slices"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestLayerIncremental renders a film with a logo on every frame and a
// picture in picture in its middle scene, then changes each: a change to
// the logo re-renders every picture segment (it is on all of them) but not
// the sound; a change to the PiP's placement re-renders only the segments
// it touches; a change to its volume only the sound.
func TestLayerIncremental(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	fftest.Make(t, dir, fftest.Clip{Name: "pip.mp4", Seconds: 1, Audio: true})
	writePNG(t, dir, "logo.png", 20, 10, color.NRGBA{255, 255, 255, 200})
	film := func(opacity, x, volume string) string {
		return `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {id: a, source: g.mp4, duration: 20f}
  - {id: b, source: g.mp4, duration: 30f, transition: {type: fade, duration: 6f}}
  - {id: c, source: g.mp4, duration: 20f}
layers:
  - {image: logo.png, position: top-left, opacity: ` + opacity + `}
  - {video: pip.mp4, width: 25%, position: {x: ` + x + `, y: 40px}, start: 24f, duration: 16f, volume: ` + volume + `}
`
	}
	ctx := context.Background()
	// a [0,20), b [20,50), fade [44,50), c [44,64): the PiP [24,40) is in
	// b's body only.
	p, ran, err := run(t, ctx, dir, writeProject(t, dir, film("0.8", "10px", "0dB")), nil)
	if err != nil || len(ran) != len(p.Jobs) {
		t.Fatalf("cold render: err %v, ran %v of %d jobs", err, ran, len(p.Jobs))
	}
	for _, step := range []struct {
		name, opacity, x, volume string
		want                     []string
	}{
		{"unchanged", "0.8", "10px", "0dB", []string{"mux-out"}},
		{"the logo's opacity", "0.5", "10px", "0dB", []string{"mux-out", "s01-a", "s02-b", "s03-c", "t-fade-b-c"}},
		{"the PiP's place", "0.5", "30px", "0dB", []string{"mux-out", "s02-b"}},
		{"the PiP's volume", "0.5", "30px", "-6dB", []string{"audio", "mux-out"}},
	} {
		_, ran, err := run(t, ctx, dir, writeProject(t, dir, film(step.opacity, step.x, step.volume)), nil)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if !slices.Equal(ran, step.want) {
			t.Errorf("%s: ran %v, want %v", step.name, ran, step.want)
		}
	}
}

// TestLayerMovesWithItsScene lengthens the first scene: the second scene,
// whose own logo fades in and scales out, moves later on the film's
// timeline but its frames do not change, so its job comes from the cache
// (its animations name the layer's frames, not the film's).
func TestLayerMovesWithItsScene(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	writePNG(t, dir, "logo.png", 20, 10, color.NRGBA{255, 255, 255, 200})
	film := func(a string) string {
		return `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {id: a, source: g.mp4, duration: ` + a + `}
  - {id: b, source: g.mp4, duration: 20f, layers: [{image: logo.png, start: 2f, in: {fade: 6f}, out: {scale: 5f}}]}
`
	}
	ctx := context.Background()
	if _, _, err := run(t, ctx, dir, writeProject(t, dir, film("20f")), nil); err != nil {
		t.Fatal(err)
	}
	_, ran, err := run(t, ctx, dir, writeProject(t, dir, film("26f")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ran, "s02-b") || !slices.Contains(ran, "s01-a") {
		t.Errorf("after lengthening a: ran %v, want a's job and not b's", ran)
	}
}
