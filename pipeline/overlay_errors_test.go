package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
)

// TestLayerMediaErrors plans projects whose image and video layers name
// files that cannot be what they are used as: a file ffprobe cannot read,
// a video as an image, an image or a sound as picture in picture. Each is a
// project error naming the file, line and layer.
func TestLayerMediaErrors(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	for _, name := range []string{"junk.png", "junk.mp4"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not media, just bytes"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4"})
	fftest.Make(t, dir, fftest.Clip{Name: "logo.png"})
	fftest.Make(t, dir, fftest.Clip{Name: "tone.wav"})
	for _, tc := range []struct{ layer, want string }{
		{`{image: junk.png}`, "project.yaml:5: layers[0]: image junk.png cannot be decoded"},
		{`{video: junk.png}`, "project.yaml:5: layers[0]: video junk.png cannot be decoded"},
		{`{video: junk.mp4}`, "project.yaml:5: layers[0]: cannot use this file"},
		{`{image: a.mp4}`, "project.yaml:5: layers[0]: image a.mp4 is a video, not an image"},
		{`{video: logo.png}`, "project.yaml:5: layers[0]: video logo.png is a still image"},
		{`{video: tone.wav}`, "project.yaml:5: layers[0]: video tone.wav has no video stream"},
	} {
		_, err := prepare(context.Background(), dir, writeProject(t, dir, `
output: {path: out.mp4, size: 160x90}
scenes: [{source: a.mp4}]
layers:
  - `+tc.layer+"\n"))
		var errs config.Errors
		if !errors.As(err, &errs) || len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.layer, err, tc.want)
		}
	}
}

// TestLayerMediaErrorsWithOthers: a damaged layer file is reported in the
// same round as a mistake elsewhere in the project.
func TestLayerMediaErrorsWithOthers(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "junk.mp4"), []byte("not media, just bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4"})
	_, err := prepare(context.Background(), dir, writeProject(t, dir, `
output: {path: out.mp4, size: 160x90}
scenes: [{source: a.mp4, transiton: cut}]
layers:
  - {video: junk.mp4}
`))
	var errs config.Errors
	if !errors.As(err, &errs) || len(errs) != 2 ||
		!strings.Contains(errs[0].Error(), "scenes[0].transiton: unknown key") ||
		!strings.Contains(errs[1].Error(), "project.yaml:5: layers[0]: cannot use this file") {
		t.Errorf("err = %v, want the unknown key and the damaged layer file together", err)
	}
}

// TestOneRoundOfErrors: a font that is not installed is reported in the
// same round as the project's other mistakes, whether those are found on
// reading the file (an unknown key) or by planning against the probed
// media (a freeze past the clip's end); the plan's problems name the
// files as the project names them, not as absolute paths.
func TestOneRoundOfErrors(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "clips"), 0o755); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, filepath.Join(dir, "clips"), fftest.Clip{Name: "a.mp4"})
	if err := os.MkdirAll(filepath.Join(dir, "fonts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fonts", "bad.ttf"), []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, scene, font string
		want              []string
	}{
		{"a font file that is not a font, with an unknown key", "{source: clips/a.mp4, transiton: cut}", "fonts/bad.ttf", []string{
			"project.yaml:3: scenes[0].transiton: unknown key",
			"project.yaml:5: layers[0].font: cannot use the font file fonts/bad.ttf: not a TrueType or OpenType font",
		}},
		{"with an unknown key", "{source: clips/a.mp4, transiton: cut}", "No Such Family Anywhere", []string{
			"project.yaml:3: scenes[0].transiton: unknown key",
			`project.yaml:5: layers[0].font: no installed font has the family "No Such Family Anywhere"`,
		}},
		{"with a plan's problem", "{source: clips/a.mp4, freeze: {at: 9s, duration: 1s}}", "No Such Family Anywhere", []string{
			"project.yaml:3: scenes[0].freeze: the freeze at 9s is beyond the clip: the scene plays 1.000s of clips/a.mp4 (after the trim)",
			`project.yaml:5: layers[0].font: no installed font has the family "No Such Family Anywhere"`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := prepare(context.Background(), dir, writeProject(t, dir, `
output: {path: out.mp4, size: 160x90}
scenes: [`+tc.scene+`]
layers:
  - {text: Hello, font: "`+tc.font+`"}
`))
			var errs config.Errors
			if !errors.As(err, &errs) || len(errs) != len(tc.want) {
				t.Fatalf("err = %v, want %d problems", err, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("problem %d: %v, want %q", i, errs[i], w)
				}
			}
			for _, e := range errs {
				if strings.Contains(e.Msg, dir+string(filepath.Separator)) {
					t.Errorf("a problem names the absolute path: %s", e.Msg)
				}
			}
		})
	}
}
