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
		{`{image: junk.png}`, "project.yaml:5: layers[0]: image " + filepath.Join(dir, "junk.png") + " cannot be decoded"},
		{`{video: junk.png}`, "project.yaml:5: layers[0]: video " + filepath.Join(dir, "junk.png") + " cannot be decoded"},
		{`{video: junk.mp4}`, "project.yaml:5: layers[0]: cannot use this file"},
		{`{image: a.mp4}`, "project.yaml:5: layers[0]: image " + filepath.Join(dir, "a.mp4") + " is a video, not an image"},
		{`{video: logo.png}`, "project.yaml:5: layers[0]: video " + filepath.Join(dir, "logo.png") + " is a still image"},
		{`{video: tone.wav}`, "project.yaml:5: layers[0]: video " + filepath.Join(dir, "tone.wav") + " has no video stream"},
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
