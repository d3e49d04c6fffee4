package export

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/pipeline/timeline"
)

const project = `output: {path: out.mp4, size: 160x90, fps: 24}
transition: {type: fade, duration: 5f}
layers:
  - {text: "Film title", duration: 1s}
captions: {file: subs.srt}
scenes:
  - {id: one, placeholder: {text: One}, duration: 2s}
  - {id: two, background: "#102030", duration: 1s, transition: cut}
  - {id: three, placeholder: {}, duration: 1s}
audio:
  beds: [{synth: pad, start: {scene: two}}]
  voiceover: [{synth: voice, at: 1s, duration: 1s}]
`

// TestFilm checks the cut of a resolved film: shots on the timeline's
// frames with each transition split around its cut, the transition as
// written, cards as gaps, the bed and the voice-over where they play, the
// layer and the caption as markers, and the project as written.
func TestFilm(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "subs.srt"), []byte("1\n00:00:02,000 --> 00:00:03,000\nHello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "project.yaml"), []byte(project), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := config.Load(filepath.Join(dir, "project.yaml"), config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tl, _, err := timeline.Build(p.Output.FPS, []string{"one", "two", "three"}, []int64{48, 24, 24}, []int64{5, 0})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Film(&spec.Spec{Project: p, Film: p}, tl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.FPS != p.Output.FPS || c.Frames() != tl.Frames {
		t.Errorf("cut of %d frames at %v, the film %d at %v", c.Frames(), c.FPS, tl.Frames, p.Output.FPS)
	}
	shots := []struct {
		frames  int64
		in, out int64 // the transition after it
	}{{46, 3, 2}, {21, 0, 0}, {24, 0, 0}}
	for i, w := range shots {
		s := c.Shots[i]
		if !s.Gap || s.Frames != w.frames || s.Scene["id"] != p.Scenes[i].ID {
			t.Errorf("shot %d: gap %v, %d frames, scene %v; want a gap of %d", i, s.Gap, s.Frames, s.Scene, w.frames)
		}
		var in, out int64
		if s.Next != nil {
			in, out = s.Next.In, s.Next.Out
		}
		if in != w.in || out != w.out {
			t.Errorf("shot %d: transition %d+%d, want %d+%d", i, in, out, w.in, w.out)
		}
	}
	if v, _ := c.Shots[0].Next.Value.(map[string]any); v["type"] != "fade" || v["duration"] != "5f" {
		t.Errorf("transition as written: %v", c.Shots[0].Next.Value)
	}
	if len(c.Sounds) != 2 {
		t.Fatalf("sounds: %+v", c.Sounds)
	}
	if b := c.Sounds[0]; b.At != 43 || b.Frames != 48 || b.Offline != "reel.synth.pad" {
		t.Errorf("bed %+v, want frames 43 to 91 of the synth", b)
	}
	if v := c.Sounds[1]; v.At != 24 || v.Frames != 24 {
		t.Errorf("voice-over %+v, want frames 24 to 48", v)
	}
	if len(c.Markers) != 2 || c.Markers[0].Comment != "Film title" || c.Markers[0].Frames != 24 ||
		c.Markers[1].Comment != "Hello" || c.Markers[1].At != 48 || c.Markers[1].Frames != 24 {
		t.Errorf("markers %+v", c.Markers)
	}
	for _, k := range []string{"output", "transition", "layers", "captions", "audio"} {
		if c.Project[k] == nil {
			t.Errorf("the project's %s is not kept", k)
		}
	}
	if c.Project["scenes"] != nil {
		t.Error("the scenes are kept twice")
	}
}
