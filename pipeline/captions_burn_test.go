package pipeline_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

// TestBurnedCaptionFrames burns captions into a film of two flat clips
// joined by a cut (60 frames at 30 fps) and checks every frame: a cue's
// frames, [round(start·30), round(end·30)), differ from the clip's colour,
// every other frame is untouched, and the top third of the frame (above
// the captions) never changes. The cues: one inside the first clip, one
// across the cut, one shorter than a frame (drawn on one frame), one
// running past the film's end (cut there).
func TestBurnedCaptionFrames(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Color: "#204060"})
	fftest.Make(t, dir, fftest.Clip{Name: "b.mp4", Color: "#204060"})
	srt := "1\n00:00:00,300 --> 00:00:00,700\n\"Quote\" 100% {x} \\n\n\n" +
		"2\n00:00:00,900 --> 00:00:01,483\nשלום café\n\n" +
		"3\n00:00:01,605 --> 00:00:01,610\nflash\n\n" +
		"4\n00:00:01,900 --> 00:00:05,000\nEnd\n"
	if err := os.WriteFile(filepath.Join(dir, "subs.srt"), []byte(srt), 0o644); err != nil {
		t.Fatal(err)
	}
	render(t, dir, `output: {path: film.mp4, size: 160x90, fps: 30, quality: draft}
captions: {file: subs.srt, burn: true}
scenes:
  - source: a.mp4
  - source: b.mp4
`)
	frames := rawFrames(t, filepath.Join(dir, "film.mp4"), 160, 90)
	if len(frames) != 60 {
		t.Fatalf("%d frames, want 60", len(frames))
	}
	on := map[int]bool{}
	for _, r := range [][2]int{{9, 21}, {27, 44}, {48, 49}, {57, 60}} {
		for n := r[0]; n < r[1]; n++ {
			on[n] = true
		}
	}
	clean := frames[0]
	for n, f := range frames {
		changed, top := diffRows(clean, f, 160, 0, 90), diffRows(clean, f, 160, 0, 30)
		if changed != on[n] {
			t.Errorf("frame %d: drawn %v, want %v", n, changed, on[n])
		}
		if top {
			t.Errorf("frame %d: the top third changed", n)
		}
	}
}

// rawFrames decodes every frame of path as RGB24 of w x h.
func rawFrames(t *testing.T, path string, w, h int) [][]byte {
	t.Helper()
	out := runTool(t, fftest.FFmpeg(), "-v", "error", "-i", path, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
	size := w * h * 3
	var frames [][]byte
	for len(out) >= size {
		frames, out = append(frames, out[:size]), out[size:]
	}
	return frames
}

// diffRows reports whether any pixel of rows [y0, y1) differs between a
// and b by more than compression noise.
func diffRows(a, b []byte, w, y0, y1 int) bool {
	for i := y0 * w * 3; i < y1*w*3; i++ {
		if d := int(a[i]) - int(b[i]); d > 24 || d < -24 {
			return true
		}
	}
	return false
}

// TestBurnedCaptionEdit edits one burned cue, under the second of two
// scenes joined by a cut, and renders again: only that scene's job runs.
func TestBurnedCaptionEdit(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "b.mp4", Audio: true, Freq: 660})
	write := func(text string) {
		srt := "1\n00:00:00,200 --> 00:00:00,600\nfirst scene\n\n2\n00:00:01,200 --> 00:00:01,600\n" + text + "\n"
		if err := os.WriteFile(filepath.Join(dir, "subs.srt"), []byte(srt), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	project := "output: {path: film.mp4, size: 160x90, fps: 30, quality: draft}\ncaptions: {file: subs.srt, burn: true}\nscenes:\n  - source: a.mp4\n  - source: b.mp4\n"
	cache := pipeline.Cache{Dir: filepath.Join(dir, "cache")}
	write("before")
	renderWith(t, dir, project, cache)
	write("after")
	res := renderWith(t, dir, project, cache)
	for _, j := range res.Stats.Jobs {
		if want := j.Job != "s02-scene-2" && j.Job != "mux-film"; j.Cached != want {
			t.Errorf("job %s: cached %v, want %v", j.Job, j.Cached, want)
		}
	}
}
