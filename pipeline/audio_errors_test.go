package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

// TestAudioBadInput: bad beds and voice-overs are errors at their line, or
// warnings with a sensible result; never a silent surprise.
func TestAudioBadInput(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "still.png"})
	fftest.Make(t, dir, fftest.Clip{Name: "short.wav", Seconds: 1})
	if err := os.WriteFile(filepath.Join(dir, "junk.wav"), []byte("not audio"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, audio, err, warn string }{
		{"missing file", "beds: [{source: nope.wav}]", "project.yaml:6: audio.beds[0].source: file not found: nope.wav", ""},
		{"an image", "beds: [{source: still.png}]", "project.yaml:6: audio.beds[0].source: still.png has no audio stream", ""},
		{"not media", "beds: [{source: junk.wav}]", "project.yaml:6: audio.beds[0].source: cannot use this file", ""},
		{"voice-over after the end", "voiceover: [{source: short.wav, at: 3s}]", "project.yaml:6: audio.voiceover[0].at: the voice-over starts at 3.000s, at or after the film's end (2.000s)", ""},
		{"unknown scene", "voiceover: [{source: short.wav, at: {scene: intor}}]", `audio.voiceover[0].at.scene: no scene has the id "intor" (did you mean "intro"?)`, ""},
		{"loudness out of range", "loudness: {target: -3}", "project.yaml:6: audio.loudness.target: -3 LUFS is out of range (-70 to -5 LUFS)", ""},
		{"fades longer than the bed", "beds: [{source: short.wav, fade_in: 1s, fade_out: 1s}]", "",
			"project.yaml:6: audio.beds[0].fade_out: fade_in 1s and fade_out 1s last longer than the bed plays (1.000s); both are shortened to fit"},
		{"loop crossfade without a loop", "beds: [{source: short.wav, loop_crossfade: 100ms}]",
			"project.yaml:6: audio.beds[0].loop_crossfade: loop_crossfade blends a looping bed into itself: add loop: true, or remove loop_crossfade", ""},
		{"loop crossfade too long", "beds: [{source: short.wav, trim: {start: 0.5s}, loop: true, loop_crossfade: 0.3s}]",
			"project.yaml:6: audio.beds[0].loop_crossfade: loop_crossfade 0.3s is longer than half of the 0.500s that loop; use at most 0.250s", ""},
		{"loop crossfade on a synth", "beds: [{synth: pad, loop: true, loop_crossfade: 1s}]", "",
			"project.yaml:6: audio.beds[0].loop_crossfade: loop_crossfade has no effect: a synth bed never ends, so it never loops"},
		{"voice-over past the end", "voiceover: [{source: short.wav, at: 1.5s}]", "",
			"project.yaml:6: audio.voiceover[0].at: the voice-over runs 0.500s past the film's end; it is cut there"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proj := filepath.Join(dir, "project.yaml")
			yaml := "output: {path: out.mp4, size: 160x90, fps: 30}\nscenes:\n  - {id: intro, placeholder: {text: a}, duration: 2s}\naudio:\n  # line 5\n  " + tc.audio + "\n"
			if err := os.WriteFile(proj, []byte(yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			prep, err := pipeline.NewEngine(tools(), pipeline.Cache{Off: true}).Plan(context.Background(), request(dir, proj))
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v\nwant %q", err, tc.err)
				}
			case err != nil:
				t.Fatal(err)
			case !strings.Contains(strings.Join(prep.Plan.Warnings, "\n"), tc.warn):
				t.Errorf("warnings = %q\nwant %q", prep.Plan.Warnings, tc.warn)
			}
		})
	}
}
