package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
)

// handProject is a project with the given outputs (file names in dir/out),
// a poster and a thumbnail sheet, made by hand: the loader does not read
// outputs:, poster: and thumbnails: yet.
func handProject(dir string, extras bool, files ...string) *config.Project {
	p := &config.Project{File: filepath.Join(dir, "p.yaml"), Name: "p.yaml", Dir: dir}
	for i, f := range files {
		path := filepath.Join(dir, "out", f)
		p.Outputs = append(p.Outputs, config.Output{
			Name: strings.TrimSuffix(f, filepath.Ext(f)), Path: path, Container: strings.TrimPrefix(filepath.Ext(f), "."),
			Width: 640 - 160*i, Height: 360, FPS: frac.New(30, 1), Codec: "h264", Audio: "aac", CRF: -1,
			PathPos: config.Pos{File: "p.yaml", Line: 2 + i, Path: fmt.Sprintf("outputs[%d].path", i)},
		})
	}
	p.Output = p.Outputs[0]
	if extras {
		p.Poster = &config.Poster{Path: filepath.Join(dir, "out", "poster.jpg"), PathPos: config.Pos{File: "p.yaml", Line: 10, Path: "poster.path"}}
		p.Thumbnails = &config.Thumbnails{Path: filepath.Join(dir, "out", "thumbs.jpg"), VTT: filepath.Join(dir, "out", "thumbs.vtt"), Width: 160,
			PathPos: config.Pos{File: "p.yaml", Line: 11, Path: "thumbnails.path"}}
	}
	return p
}

// TestSelectOutputs: what --output X chooses, and the final paths of every
// file, in projects of one and of three outputs, with and without a preview.
func TestSelectOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := func(f string) string { return filepath.Join(dir, "out", f) }
	cwd, _ := os.Getwd()
	three := []string{"master.mp4", "vertical.mp4", "small.mkv"}
	tests := []struct {
		name    string
		files   []string
		outputs []string
		preview bool
		want    []string // every file written, in order
		wantW   int      // the first rendition's width
		wantErr string
	}{
		{"every output by default", three, nil, false,
			[]string{out("master.mp4"), out("vertical.mp4"), out("small.mkv"), out("poster.jpg"), out("thumbs.jpg"), out("thumbs.vtt")}, 640, ""},
		{"by name, without poster and sheet", three, []string{"vertical"}, false, []string{out("vertical.mp4")}, 480, ""},
		{"two by name and path, in project order", three, []string{out("small.mkv"), "master"}, false, []string{out("master.mp4"), out("small.mkv")}, 640, ""},
		{"a rendition and the poster", three, []string{"small", out("poster.jpg")}, false, []string{out("small.mkv"), out("poster.jpg")}, 320, ""},
		{"the sheet by its index", three, []string{"master", out("thumbs.vtt")}, false, []string{out("master.mp4"), out("thumbs.jpg"), out("thumbs.vtt")}, 640, ""},
		{"a name that is no output's", three, []string{"vertcal"}, false, nil, 0,
			"-o vertcal: no output of p.yaml has this name or path (did you mean \"vertical\"?); its outputs are master (out/master.mp4), vertical (out/vertical.mp4), small (out/small.mkv)"},
		{"a name two outputs answer to", []string{"master.mp4", "master.mov"}, []string{"master"}, false, nil, 0,
			"-o master names 2 outputs: master (out/master.mp4), master (out/master.mov); name one by its path"},
		{"one of them by its path", []string{"master.mp4", "master.mov"}, []string{out("master.mov")}, false, []string{out("master.mov")}, 480, ""},
		{"a new path in a project of three", three, []string{out("new.mp4")}, false, nil, 0, "no output of p.yaml has this name or path"},
		{"preview: the film alone, named .preview, half the size", three, nil, true, []string{out("master.preview.mp4")}, 320, ""},
		{"preview of chosen files: every name gets .preview", three, []string{"master", "vertical", out("poster.jpg"), out("thumbs.jpg")}, true,
			[]string{out("master.preview.mp4"), out("vertical.preview.mp4"), out("poster.jpg"), out("thumbs.jpg"), out("thumbs.vtt")}, 320, ""},
		{"preview: a path the user typed is kept", three, []string{out("vertical.mp4"), "small"}, true, []string{out("vertical.mp4"), out("small.preview.mkv")}, 240, ""},
		{"one output: a new path, poster and sheet kept", []string{"film.mp4"}, []string{"cut2.mp4"}, false,
			[]string{filepath.Join(cwd, "cut2.mp4"), out("poster.jpg"), out("thumbs.jpg"), out("thumbs.vtt")}, 640, ""},
		{"one output: a new path in a preview is kept", []string{"film.mp4"}, []string{out("x/cut2.mov")}, true, []string{out("x/cut2.mov")}, 320, ""},
		{"one output: by name", []string{"film.mp4"}, []string{"film"}, false, []string{out("film.mp4"), out("poster.jpg"), out("thumbs.jpg"), out("thumbs.vtt")}, 640, ""},
		{"one output: by its own path in a preview", []string{"film.mp4"}, []string{out("film.mp4")}, true, []string{out("film.mp4")}, 320, ""},
		{"one output: a preview with its poster", []string{"film.mp4"}, []string{"film", out("poster.jpg")}, true, []string{out("film.preview.mp4"), out("poster.jpg")}, 320, ""},
		{"one output: two new paths", []string{"film.mp4"}, []string{"a.mp4", "b.mp4"}, false, nil, 0, "-o a.mp4 and -o b.mp4: the project has one output"},
		{"one output: an extension reel does not write", []string{"film.mp4"}, []string{"film.avi"}, false, nil, 0, "-o film.avi: reel writes the film as .mp4, .mov, .mkv, .webm"},
		{"one output: a GIF for the film", []string{"film.mp4"}, []string{"film.gif"}, false, nil, 0, "-o film.gif: the film's output cannot be a .gif file"},
		{"one output: a sound-only file for the film", []string{"film.mp4"}, []string{"film.m4a"}, false, nil, 0, "-o film.m4a: the film's output cannot be a .m4a file"},
		{"one output: a name that is not its name", []string{"film.mp4"}, []string{"flim"}, false, nil, 0, "-o flim: the project's output is named film (did you mean \"film\"?); as a new path for it, flim needs an extension: .mp4, .mov, .mkv, .webm"},
		{"one output: an empty entry", []string{"film.mp4"}, []string{""}, false, nil, 0, `-o "": name an output or a file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := handProject(dir, true, tt.files...)
			before := fmt.Sprintf("%+v %+v %+v", p.Outputs, *p.Poster, *p.Thumbnails)
			sel, err := selectOutputs(p, Request{Outputs: tt.outputs, OutputFlag: "-o", Preview: tt.preview})
			if after := fmt.Sprintf("%+v %+v %+v", p.Outputs, *p.Poster, *p.Thumbnails); after != before {
				t.Errorf("selecting changed the project:\n%s\n%s", before, after)
			}
			if tt.wantErr != "" {
				var re *RequestError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &re) {
					t.Fatalf("err = %v (%T), want a *RequestError with %q", err, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range sel.files {
				got = append(got, w.path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("writes\n  %q\nwant\n  %q", got, tt.want)
			}
			if sel.renditions[0].Width != tt.wantW {
				t.Errorf("first rendition %dx%d, want width %d", sel.renditions[0].Width, sel.renditions[0].Height, tt.wantW)
			}
			if !tt.preview && sel.film.Path != p.Outputs[0].Path && len(tt.outputs) == 0 {
				t.Errorf("film path %s, want the first output's %s", sel.film.Path, p.Outputs[0].Path)
			}
			if th := sel.thumbnails; th != nil && th.VTT != strings.TrimSuffix(th.Path, filepath.Ext(th.Path))+".vtt" {
				t.Errorf("thumbnails %s with index %s", th.Path, th.VTT)
			}
		})
	}
}

// TestSelectOutputsRetargets: a new path for a one-output project takes
// what follows the file (config.Output.Retarget): a WebM film is VP9 with
// Opus when the project names no codec; the output keeps its name (the
// plan's job ids do not change with -o).
func TestSelectOutputsRetargets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := handProject(dir, false, "film.mp4")
	sel, err := selectOutputs(p, Request{Outputs: []string{filepath.Join(dir, "web.webm")}, OutputFlag: "-o"})
	if err != nil {
		t.Fatal(err)
	}
	if o := sel.renditions[0]; o.Codec != "vp9" || o.Container != "webm" || o.Name != "film" || o.Path != filepath.Join(dir, "web.webm") || sel.film.Path != o.Path {
		t.Errorf("-o web.webm: %s %s %s %s (film %s), want vp9 webm, still named film", o.Codec, o.Container, o.Name, o.Path, sel.film.Path)
	}
	p.Outputs[0].Set = []string{"codec"}
	p.Output = p.Outputs[0]
	if _, err := selectOutputs(p, Request{Outputs: []string{"web.webm"}, OutputFlag: "-o"}); err == nil || !strings.Contains(err.Error(), "-o web.webm: the project's codec h264 cannot go in a .webm file") {
		t.Errorf("an h264 project to .webm: %v", err)
	}
}

// TestCheckOutputs: every file a render writes (renditions, poster, sheet,
// index) is refused when it is an input, the project, inside the cache,
// another output, the full render's file in a preview, or unwritable; the
// message names the field that set it.
func TestCheckOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	clip := filepath.Join(dir, "clip.mp4")
	check(t, os.WriteFile(clip, []byte("a clip"), 0o644))
	check(t, os.WriteFile(filepath.Join(dir, "p.yaml"), []byte("a project"), 0o644))
	check(t, os.Symlink(dir, filepath.Join(dir, "link")))
	tests := []struct {
		name    string
		edit    func(p *config.Project)
		outputs []string
		preview bool
		wantErr string // "" for none
	}{
		{"all fine", func(p *config.Project) {}, nil, false, ""},
		{"poster over a source", func(p *config.Project) { p.Poster.Path = clip }, nil, false,
			"p.yaml:10: poster.path: " + clip + " is the scene source at scenes[0].source (p.yaml:3)"},
		{"poster over a source through a symlink", func(p *config.Project) { p.Poster.Path = filepath.Join(dir, "link", "clip.mp4") }, nil, false,
			"is the scene source at scenes[0].source"},
		{"the sheet's index over a source", func(p *config.Project) {
			p.Thumbnails.Path, p.Thumbnails.VTT = filepath.Join(dir, "clip.jpg"), filepath.Join(dir, "clip.vtt")
			p.Inputs = append(p.Inputs, config.Input{Path: filepath.Join(dir, "clip.vtt"), Kind: config.InputSource, Pos: config.Pos{File: "p.yaml", Line: 4, Path: "scenes[1].source"}})
			check(t, os.WriteFile(filepath.Join(dir, "clip.vtt"), nil, 0o644))
		}, nil, false, "p.yaml:11: thumbnails.path: " + filepath.Join(dir, "clip.vtt") + " (the WebVTT index beside"},
		{"a second rendition is the project file", func(p *config.Project) { p.Outputs[1].Path = filepath.Join(dir, "p.yaml") }, nil, false,
			"p.yaml:3: outputs[1].path: " + filepath.Join(dir, "p.yaml") + " is the project file itself"},
		{"a rendition inside the cache", func(p *config.Project) { p.Outputs[2].Path = filepath.Join(dir, ".reel-cache", "x.mp4") }, nil, false,
			"p.yaml:4: outputs[2].path: " + filepath.Join(dir, ".reel-cache", "x.mp4") + " is inside reel's cache"},
		{"the poster where a rendition goes", func(p *config.Project) { p.Poster.Path = p.Outputs[1].Path }, nil, false,
			"p.yaml:10: poster.path: " + filepath.Join(dir, "out", "vertical.mp4") + " is also where outputs[1].path goes"},
		{"a preview over another output's full render", func(p *config.Project) { p.Outputs[1].Path = filepath.Join(dir, "out", "master.preview.mp4") }, nil, true,
			"p.yaml:2: outputs[0].path: " + filepath.Join(dir, "out", "master.preview.mp4") + " (the preview's name for outputs[0].path) is where the full render writes outputs[1].path"},
		{"an unwritable poster", func(p *config.Project) { p.Poster.Path = "/proc/poster.jpg" }, nil, false,
			"p.yaml:10: poster.path: cannot create files in /proc"},
		{"an unwritable rendition the request chose", func(p *config.Project) { p.Outputs[2].Path = "/proc/small.mkv" }, []string{"small"}, false,
			"p.yaml:4: outputs[2].path: cannot create files in /proc"},
		{"an unwritable rendition the request left out", func(p *config.Project) { p.Outputs[2].Path = "/proc/small.mkv" }, []string{"master"}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := handProject(dir, true, "master.mp4", "vertical.mp4", "small.mkv")
			p.Inputs = []config.Input{{Path: clip, Kind: config.InputSource, Pos: config.Pos{File: "p.yaml", Line: 3, Path: "scenes[0].source"}}}
			tt.edit(p)
			sel, err := selectOutputs(p, Request{Outputs: tt.outputs, Preview: tt.preview})
			if err != nil {
				t.Fatal(err)
			}
			err = checkOutputs(p, sel, Cache{}.For(dir))
			var ce *config.Error
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &ce)):
				t.Fatalf("err = %v (%T)\nwant a *config.Error with %q", err, err, tt.wantErr)
			}
		})
	}
	p := handProject(dir, true, "master.mp4", "vertical.mp4")
	sel, _ := selectOutputs(p, Request{})
	if err := checkPlanInputs(sel.files, []string{"/elsewhere/a.mp4", p.Thumbnails.VTT}); err == nil || !strings.Contains(err.Error(), "thumbnails.path: "+p.Thumbnails.VTT+" is "+p.Thumbnails.VTT+", which the render reads") {
		t.Errorf("a plan input at the sheet's index: %v", err)
	}
}

// check fails the test on err.
func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
