package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// outputsJSON is the outputs list of render --json and plan --json.
type outputsJSON struct {
	Output  string `json:"output"`
	Frames  int64  `json:"frames"`
	Outputs []struct {
		Kind, Name, Path, Container, Codec string
		Width, Height                      int
		FPS                                *struct{ Num, Den int64 }
	} `json:"outputs"`
}

// TestOutputFlagChoices: -o in a one-output project names the output (by
// name or path) or moves it (one new path); render --json and plan --json
// list every file written beside the single-output keys.
func TestOutputFlagChoices(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(1, "0.3s", "160x90"))
	tests := []struct {
		name   string
		args   []string
		code   int
		path   string // the film, when code is 0
		stderr string
	}{
		{"by name", []string{"-o", "film"}, 0, filepath.Join(dir, "out", "film.mp4"), ""},
		{"by its own path, in a preview", []string{"-o", "out/film.mp4", "--preview"}, 0, filepath.Join(dir, "out", "film.mp4"), ""},
		{"by name, in a preview", []string{"--output", "film", "--preview"}, 0, filepath.Join(dir, "out", "film.preview.mp4"), ""},
		{"a new path", []string{"-o", "cut/two.mkv"}, 0, filepath.Join(dir, "cut", "two.mkv"), ""},
		{"two new paths", []string{"-o", "a.mp4", "-o", "b.mp4"}, 2, "", "reel: -o a.mp4 and -o b.mp4: the project has one output, and a render writes it to one path"},
		{"a new path that is the project", []string{"-o", "project.yaml"}, 2, "", "reel: -o project.yaml: reel writes the film as .mp4, .mov, .mkv, .webm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"render", "project.yaml", "--json", "--progress", "none", "--work-dir", work}, tt.args...)
			r := reel(t, dir, nil, args...)
			wantExit(t, r, tt.code)
			if tt.code != 0 {
				wantContains(t, "stderr", r.stderr, tt.stderr)
				return
			}
			var res outputsJSON
			if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
				t.Fatalf("render --json: %v\n%s", err, r.stdout)
			}
			wantW := 160
			if strings.Contains(strings.Join(tt.args, " "), "--preview") {
				wantW = 80
			}
			o := res.Outputs
			if res.Output != tt.path || len(o) != 1 || o[0].Kind != "rendition" || o[0].Path != tt.path || o[0].Width != wantW || o[0].FPS == nil || o[0].FPS.Num != 30 {
				t.Fatalf("render --json: output %s, outputs %+v; want one rendition at %s, width %d", res.Output, o, tt.path, wantW)
			}
			info := fftest.Info(t, tt.path)
			if n := fftest.FrameCount(t, tt.path); info.Video.Width != wantW || n != 9 {
				t.Errorf("%s: %d frames at width %d, want 9 at %d", tt.path, n, info.Video.Width, wantW)
			}
		})
	}
	r := reel(t, dir, nil, "plan", "project.yaml", "--json", "-o", "elsewhere.mov", "--preview")
	wantExit(t, r, 0)
	var plan outputsJSON
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "elsewhere.mov")
	if plan.Output != want || len(plan.Outputs) != 1 || plan.Outputs[0].Path != want || plan.Outputs[0].Container != "mov" || plan.Outputs[0].Width != 80 {
		t.Errorf("plan --json: output %s, outputs %+v; want %s at width 80", plan.Output, plan.Outputs, want)
	}
}

// manyOutputs is a project of three renditions, a poster and a sheet.
const manyOutputs = `outputs:
  - {path: out/master.mp4, size: 160x90, fps: 30, quality: draft}
  - {path: out/vertical.mp4, size: 90x160, fit: blur}
  - {path: out/web.webm, codec: vp9}
poster: {at: 0.5s, path: POSTER}
thumbnails: {every: 0.5s, width: 80, path: out/thumbs.jpg}
scenes:
  - {placeholder: {text: one}, duration: 1s}
`

// TestOutputFlagManyOutputs: in a project of several outputs, -o chooses
// renditions by name or path, and the poster or sheet by path; plan --json
// lists every file with its final path (.preview in a preview); an -o that
// names nothing, and a poster inside the cache, exit 2 before any work.
func TestOutputFlagManyOutputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", strings.Replace(manyOutputs, "POSTER", "out/poster.jpg", 1))
	out := func(f string) string { return filepath.Join(dir, "out", f) }
	tests := []struct {
		args []string
		want []string // kind:path
	}{
		{nil, []string{"rendition:" + out("master.mp4"), "rendition:" + out("vertical.mp4"), "rendition:" + out("web.webm"),
			"poster:" + out("poster.jpg"), "thumbnails:" + out("thumbs.jpg"), "vtt:" + out("thumbs.vtt")}},
		{[]string{"-o", "out/web.webm", "-o", "vertical"}, []string{"rendition:" + out("vertical.mp4"), "rendition:" + out("web.webm")}},
		{[]string{"-o", "out/poster.jpg", "--output", "master"}, []string{"rendition:" + out("master.mp4"), "poster:" + out("poster.jpg")}},
		{[]string{"--preview"}, []string{"rendition:" + out("master.preview.mp4")}},
		{[]string{"--preview", "-o", "master", "-o", "web"}, []string{"rendition:" + out("master.preview.mp4"), "rendition:" + out("web.preview.webm")}},
	}
	for _, tt := range tests {
		r := reel(t, dir, nil, append([]string{"plan", "project.yaml", "--json"}, tt.args...)...)
		wantExit(t, r, 0)
		var res outputsJSON
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range res.Outputs {
			got = append(got, o.Kind+":"+o.Path)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("plan %v writes\n  %q\nwant\n  %q", tt.args, got, tt.want)
		}
		if len(tt.args) > 0 && tt.args[0] == "--preview" && res.Outputs[0].Width != 80 {
			t.Errorf("plan --preview: master is %d wide, want 80", res.Outputs[0].Width)
		}
	}
	r := reel(t, dir, nil, "plan", "project.yaml")
	wantExit(t, r, 0)
	wantContains(t, "plan", r.stdout, "# writes: "+out("master.mp4")+" "+out("vertical.mp4")+" "+out("web.webm"))

	r = reel(t, dir, nil, "render", "project.yaml", "-o", "vertcal", "--progress", "none")
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, `reel: -o vertcal: no output of project.yaml has this name or path (did you mean "vertical"?); its outputs are master (out/master.mp4), vertical (out/vertical.mp4), web (out/web.webm)`)

	writeFile(t, dir, "project.yaml", strings.Replace(manyOutputs, "POSTER", ".reel-cache/poster.jpg", 1))
	r = reel(t, dir, nil, "validate", "project.yaml")
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "project.yaml:5: poster.path: "+filepath.Join(dir, ".reel-cache", "poster.jpg")+" is inside reel's cache")
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("something was written")
	}
}
