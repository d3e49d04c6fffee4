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
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/cache"
)

// inputsProject reads a clip, a bed, a voice-over, a LUT and (through a
// command generator's arguments) a still; OUTPUT is replaced.
const inputsProject = `output: {path: OUTPUT, size: 160x90, fps: 30, quality: draft}
generators:
  zoom:
    kind: command
    run: [FFMPEG, -loglevel, error, -loop, "1", -i, stills/still.png, -t, "{seconds}", "--meta=stills/other.png", -metadata, "title={prompt}", "{output}"]
grade: {lut: looks/warm.cube}
scenes:
  - {id: a, source: clips/in.mp4}
  - {id: b, prompt: "zoom in", generator: zoom, duration: 0.5s}
audio:
  beds: [{source: music/bed.mkv}]
  voiceover: [{source: vo/intro.mov, at: 0.2s}]
`

// inputsDir makes the project's input files and returns the directory.
func inputsDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"clips", "music", "vo", "looks", "stills", "out"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fftest.Make(t, filepath.Join(dir, "clips"), fftest.Clip{Name: "in.mp4", Seconds: 0.5, Audio: true})
	fftest.Make(t, filepath.Join(dir, "music"), fftest.Clip{Name: "bed.mkv", Seconds: 0.5, Audio: true})
	fftest.Make(t, filepath.Join(dir, "vo"), fftest.Clip{Name: "intro.mov", Seconds: 0.3, Audio: true})
	fftest.Make(t, filepath.Join(dir, "stills"), fftest.Clip{Name: "still.png"})
	fftest.Make(t, filepath.Join(dir, "stills"), fftest.Clip{Name: "other.png"})
	cube := "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n"
	if err := os.WriteFile(filepath.Join(dir, "looks", "warm.cube"), []byte(cube), 0o644); err != nil {
		t.Fatal(err)
	}
	must(t, os.Symlink("clips", filepath.Join(dir, "linkdir")))
	must(t, os.Symlink(filepath.Join("clips", "in.mp4"), filepath.Join(dir, "link.mp4")))
	must(t, os.Link(filepath.Join(dir, "music", "bed.mkv"), filepath.Join(dir, "hard.mkv")))
	must(t, os.Symlink(filepath.Join("looks", "warm.cube"), filepath.Join(dir, "lut.mp4")))
	must(t, os.Symlink(filepath.Join("stills", "still.png"), filepath.Join(dir, "still.mov")))
	must(t, os.Symlink(filepath.Join("stills", "other.png"), filepath.Join(dir, "other.mkv")))
	must(t, os.Symlink(".reel-cache", filepath.Join(dir, "cachelink")))
	return dir
}

// planReq plans the project at path as req asks, with the test's tools,
// the default cache and a work root in dir.
func planReq(dir, path string, req pipeline.Request) (*pipeline.Prepared, error) {
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{})
	req.Path, req.WorkRoot = path, filepath.Join(dir, "work")
	return eng.Plan(context.Background(), req)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestOutputIsNeverAnInput names, as the output, every kind of input the
// project reads under every spelling (plain, "..", a symlink to the file or
// to its directory, a hard link), the project file and the cache: each is
// refused before any work, naming the field that set the output (output.path
// at its line, or the caller's -o) and the input, and no input changes.
func TestOutputIsNeverAnInput(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := inputsDir(t)
	hashes := map[string]string{}
	for _, f := range []string{"clips/in.mp4", "music/bed.mkv", "vo/intro.mov", "looks/warm.cube", "stills/still.png"} {
		hashes[f], _, _ = cache.HashFile(filepath.Join(dir, f))
	}
	p := filepath.Join(dir, "project.yaml")
	tests := []struct {
		output string
		want   string // in the message
	}{
		{"clips/in.mp4", "scene source at scenes[0].source (" + p + ":8)"},
		{"./clips/../clips/in.mp4", "scene source"},
		{"music/../clips/./in.mp4", "scene source"},
		{"link.mp4", "scene source"},
		{"linkdir/in.mp4", "scene source"},
		{"music/bed.mkv", "audio source at audio.beds[0].source (" + p + ":11)"},
		{"hard.mkv", "audio source"},
		{"vo/intro.mov", "audio source at audio.voiceover[0].source (" + p + ":12)"},
		{"lut.mp4", "LUT at grade.lut (" + p + ":6)"},
		{"still.mov", "generator argument at generators.zoom.run[6] (" + p + ":5)"},
		{"other.mkv", "generators.zoom.run[9]"},
		{"project.mov", "the project file itself"},
		{".reel-cache/jobs/film.mp4", "inside reel's cache"},
		{"cachelink/sources/x.mp4", "inside reel's cache"},
	}
	for _, tt := range tests {
		t.Run(tt.output, func(t *testing.T) {
			src := strings.NewReplacer("FFMPEG", fftest.FFmpeg(), "OUTPUT", "out/film.mp4").Replace(inputsProject)
			path := filepath.Join(dir, "project.yaml")
			if tt.output == "project.mov" {
				path = filepath.Join(dir, "project.mov")
			}
			must(t, os.WriteFile(path, []byte(src), 0o644))
			// As the caller's override (-o).
			req := pipeline.Request{Generate: pipeline.GenMissing, Outputs: []string{filepath.Join(dir, tt.output)}, OutputFlag: "-o"}
			_, err := planReq(dir, path, req)
			var ce *config.Error
			if !errors.As(err, &ce) || !strings.HasPrefix(ce.File, "-o ") || !strings.Contains(ce.Msg, tt.want) {
				t.Errorf("-o %s: %v, want a config.Error naming -o and %q", tt.output, err, tt.want)
			}
			// As output.path in the project.
			must(t, os.WriteFile(path, []byte(strings.Replace(src, "out/film.mp4", tt.output, 1)), 0o644))
			req.Outputs = nil
			_, err = planReq(dir, path, req)
			if !errors.As(err, &ce) || ce.Path != "output.path" || ce.Line != 1 || !strings.Contains(ce.Msg, tt.want) {
				t.Errorf("output.path %s: %v, want output.path at line 1 and %q", tt.output, err, tt.want)
			}
		})
	}
	for f, h := range hashes {
		if got, _, _ := cache.HashFile(filepath.Join(dir, f)); got != h {
			t.Errorf("%s changed", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".reel-cache", "sources")); err == nil {
		t.Error("the generator ran: the output was not refused before any work")
	}
}

// TestOutputNotAnInputWhenOnlyNamesAlike: paths that merely look like an
// input (another case where the file system tells case apart, a sibling
// with the same name) are fine.
func TestOutputNotAnInputWhenOnlyNamesAlike(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := inputsDir(t)
	src := strings.NewReplacer("FFMPEG", fftest.FFmpeg(), "OUTPUT", "out/film.mp4").Replace(inputsProject)
	path := filepath.Join(dir, "project.yaml")
	must(t, os.WriteFile(path, []byte(src), 0o644))
	for _, out := range []string{"clips/IN.mp4", "out/in.mp4", "linkdir/in2.mp4"} {
		if _, err := os.Stat(filepath.Join(dir, out)); err == nil {
			continue // a case-folding file system: it is the input, refused above
		}
		if _, err := planReq(dir, path, pipeline.Request{Outputs: []string{filepath.Join(dir, out)}, OutputFlag: "-o"}); err != nil {
			t.Errorf("-o %s: %v", out, err)
		}
	}
}

// TestOutputLocation refuses, before any work, an output that cannot be
// written: an existing directory, a path under a regular file, a directory
// no one can create files in (/proc, even for root), and it accepts one
// whose missing directories can be made. A directory without write
// permission is refused exactly when a file really cannot be created there
// (root may write anyway).
func TestOutputLocation(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "in.mp4", Seconds: 0.3})
	must(t, os.Mkdir(filepath.Join(dir, "taken.mp4"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644))
	ro := filepath.Join(dir, "ro")
	must(t, os.Mkdir(ro, 0o555))
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	roWritable := false
	if f, err := os.CreateTemp(ro, "probe"); err == nil {
		roWritable = true
		f.Close()
		os.Remove(f.Name())
	}
	path := writeProject(t, dir, "output: {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n  - source: in.mp4\n")
	tests := []struct {
		output string
		want   string // "" when it is fine
	}{
		{"taken.mp4", "is a directory; name a file inside it, e.g. " + filepath.Join(dir, "taken.mp4", "film.mp4")},
		{"file/film.mp4", filepath.Join(dir, "file") + " is a file, not a directory"},
		{"file/deeper/film.mp4", filepath.Join(dir, "file") + " is a file, not a directory"},
		{"/proc/film.mp4", "cannot create files in /proc"},
		{"/proc/self/deeper/film.mp4", "cannot create files in /proc/self"},
		{"new/deeper/film.mp4", ""},
		{"ro/film.mp4", map[bool]string{true: "", false: "cannot create files in " + ro}[roWritable]},
	}
	for _, tt := range tests {
		out := tt.output
		if !filepath.IsAbs(out) {
			out = filepath.Join(dir, out)
		}
		_, err := planReq(dir, path, pipeline.Request{Outputs: []string{out}, OutputFlag: "-o"})
		var ce *config.Error
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("-o %s: %v, want it accepted", tt.output, err)
		case tt.want != "" && (!errors.As(err, &ce) || !strings.Contains(ce.Error(), "-o "+out+": ") || !strings.Contains(ce.Msg, tt.want)):
			t.Errorf("-o %s: %v, want a config.Error with %q", tt.output, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Error("checking the output created its directory")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", ".reel-write-check-*")); len(left) > 0 {
		t.Errorf("write checks left %v", left)
	}
}

// TestOutputErrorWithOtherErrors: in a project with other mistakes, an
// output that is an input is reported in the same round.
func TestOutputErrorWithOtherErrors(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "in.mp4", Seconds: 0.3})
	path := writeProject(t, dir, "output: {path: ./in.mp4, size: 160x90, fps: 30}\nscenes:\n  - source: in.mp4\n    fit: cover-ish\n")
	_, err := planReq(dir, path, pipeline.Request{})
	var errs config.Errors
	if !errors.As(err, &errs) || len(errs) != 2 || errs[0].Path != "output.path" || errs[1].Path != "scenes[0].fit" {
		t.Fatalf("got %v, want output.path and scenes[0].fit together", err)
	}
}

// TestOutputIsNeverATemplatedGeneratorFile: a command generator's argument
// with a placeholder ("stills/{seed}.mov", "--mask=masks/{seed}.mp4") names
// a file only once a scene fills it in; an output that is that file, under
// any spelling, is refused before the generator runs, and the file is kept.
func TestOutputIsNeverATemplatedGeneratorFile(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	for _, d := range []string{"stills", "masks", "out"} {
		must(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	fftest.Make(t, filepath.Join(dir, "stills"), fftest.Clip{Name: "7.mov", Seconds: 0.3})
	fftest.Make(t, filepath.Join(dir, "masks"), fftest.Clip{Name: "9.mp4", Seconds: 0.3})
	must(t, os.Symlink(filepath.Join("masks", "9.mp4"), filepath.Join(dir, "mask.mp4")))
	want, _, _ := cache.HashFile(filepath.Join(dir, "stills", "7.mov"))
	src := strings.ReplaceAll(`output: {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}
generators:
  zoom:
    kind: command
    run: [FFMPEG, -loglevel, error, -i, "stills/{seed}.mov", "--mask=masks/{seed}.mp4", -t, "{seconds}", -metadata, "title={prompt}", "{output}"]
scenes:
  - {id: a, prompt: "zoom in", generator: zoom, duration: 0.5s, seed: 7}
  - {id: b, prompt: "zoom out", generator: zoom, duration: 0.5s, seed: 9}
`, "FFMPEG", fftest.FFmpeg())
	path := filepath.Join(dir, "project.yaml")
	must(t, os.WriteFile(path, []byte(src), 0o644))
	tests := []struct{ output, want string }{
		{"stills/7.mov", `generator argument at generators.zoom.run[4] (` + path + `:5), for scene "a"`},
		{"masks/../stills/./7.mov", `run[4]`},
		{"masks/9.mp4", `generators.zoom.run[5]= (` + path + `:5), for scene "b"`},
		{"mask.mp4", `for scene "b"`},
	}
	for _, tt := range tests {
		_, err := planReq(dir, path, pipeline.Request{Generate: pipeline.GenMissing, Outputs: []string{filepath.Join(dir, tt.output)}, OutputFlag: "-o"})
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.HasPrefix(ce.File, "-o ") || !strings.Contains(ce.Msg, tt.want) {
			t.Errorf("-o %s: %v, want a config.Error naming -o and %q", tt.output, err, tt.want)
		}
	}
	if got, _, _ := cache.HashFile(filepath.Join(dir, "stills", "7.mov")); got != want {
		t.Error("stills/7.mov changed")
	}
	if _, err := os.Stat(filepath.Join(dir, ".reel-cache", "sources")); err == nil {
		t.Error("the generator ran: the output was not refused before any work")
	}
}
