package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/spec"
)

// specProject has a local clip, a URL source and prompt scenes for a
// command generator (two asking for the same clip).
const specProject = `output: {path: out/film.mp4, size: 64x36, fps: 10}
generators:
  ff:
    kind: command
    run: [FFMPEG, -hide_banner, -loglevel, error, -y, -f, lavfi, -i, "color=c=blue:s={width}x{height}:r=10:d={seconds}",
          -metadata, "title={prompt}", -c:v, libx264, -preset, ultrafast, "{output}"]
scenes:
  - {id: a, source: clip.mp4, duration: 0.5s}
  - {id: b, source: URL/clip.mp4, transition: {type: fade, duration: 0.2s}}
  - {id: c, prompt: "storm", generator: ff, duration: 1s, seed: 1}
  - {id: d, prompt: "storm", generator: ff, duration: 1s, seed: 1}
`

// TestResolvingLeavesTheProjectUnchanged renders and plans a project with a
// URL source and generated scenes, in full, as a preview and with an
// output override, and deep-compares the project each one read with a
// fresh load of the file: resolving writes only into the spec. It also
// checks that the spec holds what was resolved, and the rendered files.
func TestResolvingLeavesTheProjectUnchanged(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clip := fftest.Make(t, dir, fftest.Clip{Name: "clip.mp4", Width: 64, Height: 36, Seconds: 0.5})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, clip) }))
	defer srv.Close()
	path := writeProject(t, dir, strings.NewReplacer("FFMPEG", fftest.FFmpeg(), "URL", srv.URL).Replace(specProject))
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{})
	other := filepath.Join(dir, "elsewhere", "cut.mov")
	tests := []struct {
		name     string
		req      pipeline.Request
		render   bool
		wantPath string // the film's
		wantW    int
		card     bool // the prompt scenes are placeholder cards
	}{
		{"plan with placeholders", pipeline.Request{Generate: pipeline.GenPlaceholders}, false, filepath.Join(dir, "out", "film.mp4"), 64, true},
		{"render, generating", pipeline.Request{Generate: pipeline.GenMissing}, true, filepath.Join(dir, "out", "film.mp4"), 64, false},
		{"render a preview", pipeline.Request{Generate: pipeline.GenMissing, Preview: true}, true, filepath.Join(dir, "out", "film.preview.mp4"), 32, false},
		{"plan a preview to another path", pipeline.Request{Generate: pipeline.GenCachedOnly, Preview: true, Outputs: []string{other}}, false, other, 32, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fresh, err := config.Load(path, config.Options{})
			if err != nil {
				t.Fatal(err)
			}
			req := tt.req
			req.Path, req.WorkRoot, req.Jobs = path, filepath.Join(dir, "work"), 2
			var sp *spec.Spec
			if tt.render {
				res, err := eng.Render(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				sp = res.Spec
				if len(res.Outputs) != 1 || res.Outputs[0] != tt.wantPath {
					t.Errorf("outputs %q, want %s", res.Outputs, tt.wantPath)
				}
				info := fftest.Info(t, tt.wantPath)
				if n := fftest.FrameCount(t, tt.wantPath); info.Video == nil || info.Video.Width != tt.wantW || n != 28 {
					t.Errorf("%s: %d frames at width %v, want 28 at %d", tt.wantPath, n, info.Video, tt.wantW)
				}
			} else {
				prep, err := eng.Plan(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				sp = prep.Spec
			}
			if diff := diffProjects(fresh, sp.Project); diff != "" {
				t.Errorf("the loaded project changed while resolving:\n%s", diff)
			}
			if again, _ := config.Load(path, config.Options{}); !reflect.DeepEqual(fresh, again) {
				t.Errorf("two loads of the file differ: the comparison proves nothing")
			}
			film := sp.Film
			if film == sp.Project || &film.Scenes[0] == &sp.Project.Scenes[0] {
				t.Fatal("the film shares the project's scenes")
			}
			if film.Output.Path != tt.wantPath || film.Output.Width != tt.wantW || len(sp.Renditions) != 1 || sp.Renditions[0].Path != tt.wantPath {
				t.Errorf("film output %s %dx%d, renditions %+v; want %s at width %d", film.Output.Path, film.Output.Width, film.Output.Height, sp.Renditions, tt.wantPath, tt.wantW)
			}
			if b := film.Scenes[1]; !strings.Contains(b.Source, "sources") || sp.Media[b.Source] == nil {
				t.Errorf("the URL scene's film source is %q (probed: %v), want the cached download", b.Source, sp.Media[b.Source] != nil)
			}
			for _, s := range film.Scenes[2:] {
				if tt.card != (s.Placeholder != nil) || !tt.card && s.Source == "" {
					t.Errorf("prompt scene %s: source %q, card %v; want a card: %v", s.ID, s.Source, s.Placeholder, tt.card)
				}
			}
		})
	}
}

// diffProjects names the fields of two projects that differ ("" when they
// are deeply equal).
func diffProjects(want, got *config.Project) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	var b strings.Builder
	w, g := reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem()
	for i := range w.NumField() {
		if !reflect.DeepEqual(w.Field(i).Interface(), g.Field(i).Interface()) {
			fmt.Fprintf(&b, "  %s:\n    want %+v\n    got  %+v\n", w.Type().Field(i).Name, w.Field(i).Interface(), g.Field(i).Interface())
		}
	}
	return b.String()
}

// TestRequestFromBytes plans a project given as text with the directory its
// paths resolve against; messages use the name the request gives it.
func TestRequestFromBytes(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "clip.mp4", Width: 64, Height: 36, Seconds: 0.5})
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	data := []byte("output: {size: 64x36, fps: 10}\nscenes:\n  - {source: clip.mp4}\n")
	prep, err := eng.Plan(context.Background(), pipeline.Request{Data: data, Dir: dir, Name: "sent.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if prep.Plan.Frames != 5 || prep.Spec.Film.Scenes[0].Source != filepath.Join(dir, "clip.mp4") || prep.Spec.Renditions[0].Path != filepath.Join(dir, "out", "sent.mp4") {
		t.Errorf("plan of %d frames from %s to %s", prep.Plan.Frames, prep.Spec.Film.Scenes[0].Source, prep.Spec.Renditions[0].Path)
	}
	_, err = eng.Plan(context.Background(), pipeline.Request{Data: []byte("scenes:\n  - {source: nosuch.mp4}\n"), Dir: dir, Name: "sent.yaml"})
	if err == nil || !strings.HasPrefix(err.Error(), "sent.yaml:2: scenes[0].source") {
		t.Errorf("a missing clip in sent text: %v", err)
	}
}

// TestRequestErrors: mistakes in the request itself are *RequestError
// naming what is wrong, found before any work.
func TestRequestErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeProject(t, dir, "scenes:\n  - {placeholder: {text: hi}, duration: 1s}\n")
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: "/nonexistent/ffmpeg"}, pipeline.Cache{})
	tests := []struct {
		name  string
		req   pipeline.Request
		field string
		msg   string
	}{
		{"no project", pipeline.Request{}, "project", "no project"},
		{"a missing file", pipeline.Request{Path: filepath.Join(dir, "nosuch.yaml")}, "project", "nosuch.yaml does not exist"},
		{"a directory", pipeline.Request{Path: dir}, "project", "is a directory (name the .yaml file)"},
		{"path and text", pipeline.Request{Path: filepath.Join(dir, "project.yaml"), Data: []byte("x")}, "project", "by a path or by its text, not both"},
		{"an unwritable work root", pipeline.Request{Path: filepath.Join(dir, "project.yaml"), WorkRoot: "/proc/work"}, "work_dir", "work directory /proc/work: cannot create files in /proc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Render(context.Background(), tt.req)
			var re *pipeline.RequestError
			if !errorsAs(err, &re) || re.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v (%T), want a *RequestError on %s with %q", err, err, tt.field, tt.msg)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, ".reel-cache")); err == nil {
		t.Errorf("a refused request left a cache behind")
	}
}

// errorsAs is errors.As.
func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestPreviewOfManyOutputsLeavesTheProjectUnchanged plans the preview of a
// project of three outputs with a poster and a sheet, choosing two: the
// project deep-equals a fresh load, and the spec holds the drafts.
func TestPreviewOfManyOutputsLeavesTheProjectUnchanged(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := writeProject(t, dir, `outputs:
  - {path: out/master.mp4, size: 160x90, fps: 10}
  - {path: out/vertical.mp4, size: 90x160, fit: blur}
  - {path: out/sound.m4a}
poster: {at: 0.5s, path: out/poster.jpg}
thumbnails: {every: 0.5s, width: 80, path: out/thumbs.jpg}
scenes:
  - {placeholder: {text: one}, duration: 1s}
`)
	fresh, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	prep, err := eng.Plan(context.Background(), pipeline.Request{Path: path, Preview: true, Outputs: []string{"sound", "vertical", filepath.Join(dir, "out", "poster.jpg")}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffProjects(fresh, prep.Spec.Project); diff != "" {
		t.Errorf("the loaded project changed while resolving:\n%s", diff)
	}
	sp := prep.Spec
	r := sp.Renditions
	if len(r) != 2 || r[0].Path != filepath.Join(dir, "out", "vertical.preview.mp4") || r[0].Width != 44 || r[0].Height != 80 ||
		r[1].Path != filepath.Join(dir, "out", "sound.preview.m4a") || r[1].Width != 0 {
		t.Errorf("renditions %+v", r)
	}
	if sp.Film.Output.Width != 80 || sp.Film.Output.Path != filepath.Join(dir, "out", "master.preview.mp4") {
		t.Errorf("the film is %dx%d at %s", sp.Film.Output.Width, sp.Film.Output.Height, sp.Film.Output.Path)
	}
	if sp.Poster == nil || sp.Poster.Path != filepath.Join(dir, "out", "poster.jpg") || sp.Thumbnails != nil {
		t.Errorf("poster %+v, thumbnails %+v; want the poster at the typed path and no sheet", sp.Poster, sp.Thumbnails)
	}
}
