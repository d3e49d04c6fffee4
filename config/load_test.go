package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

func dur(s string) *timecode.Duration { d := timecode.MustParse(s); return &d }

// TestLoadDefaults checks every defaulted field of a minimal project.
func TestLoadDefaults(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "clips/a.mp4", "clips/b.mp4")
	path := filepath.Join(dir, "film.yaml")
	src := "scenes:\n  - source: clips/a.mp4\n  - source: clips/b.mp4\n  - placeholder: {}\n    duration: 2s\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cut := TransitionSpec{Type: "cut", Duration: timecode.MustParse("0s"), Color: "black", Curve: "tri",
		Pos: Pos{File: path, Path: "transition"}}
	out := Output{Name: "film", Path: filepath.Join(dir, "out/film.mp4"), Container: "mp4", Width: 1920, Height: 1080,
		FPS: frac.New(30, 1), Codec: "h264", Quality: "standard", CRF: -1, Audio: "aac",
		Pos: Pos{File: path, Path: "output"}, PathPos: Pos{File: path, Path: "output.path"}}
	want := &Project{
		File: path, Name: path, Dir: dir,
		Output: out, Outputs: []Output{out},
		Transition: cut,
		Fit:        "cover",
		Inputs: []Input{
			{Path: filepath.Join(dir, "clips/a.mp4"), Kind: InputSource, Pos: Pos{File: path, Line: 2, Path: "scenes[0].source"}},
			{Path: filepath.Join(dir, "clips/b.mp4"), Kind: InputSource, Pos: Pos{File: path, Line: 3, Path: "scenes[1].source"}},
		},
		Scenes: []Scene{
			{Index: 0, ID: "scene-1", Source: filepath.Join(dir, "clips/a.mp4"),
				SourcePos:   Pos{File: path, Line: 2, Path: "scenes[0].source"},
				DurationPos: Pos{File: path, Line: 2, Path: "scenes[0].duration"},
				Fit:         "cover", Deinterlace: "auto", Volume: Volume{Pos: Pos{File: path, Line: 2, Path: "scenes[0].volume"}},
				Speed: 1, SpeedPos: Pos{File: path, Line: 2, Path: "scenes[0].speed"},
				Transition: &cut, Pos: Pos{File: path, Line: 2, Path: "scenes[0]"}},
			{Index: 1, ID: "scene-2", Source: filepath.Join(dir, "clips/b.mp4"),
				SourcePos:   Pos{File: path, Line: 3, Path: "scenes[1].source"},
				DurationPos: Pos{File: path, Line: 3, Path: "scenes[1].duration"},
				Fit:         "cover", Deinterlace: "auto", Volume: Volume{Pos: Pos{File: path, Line: 3, Path: "scenes[1].volume"}},
				Speed: 1, SpeedPos: Pos{File: path, Line: 3, Path: "scenes[1].speed"},
				Transition: &cut, Pos: Pos{File: path, Line: 3, Path: "scenes[1]"}},
			{Index: 2, ID: "scene-3", SourcePos: Pos{File: path, Line: 4, Path: "scenes[2].source"},
				Placeholder: &Placeholder{Text: "scene-3", Pos: Pos{File: path, Line: 4, Path: "scenes[2].placeholder"}},
				Duration:    dur("2s"), DurationPos: Pos{File: path, Line: 5, Path: "scenes[2].duration"},
				Fit: "cover", Deinterlace: "auto", Volume: Volume{Pos: Pos{File: path, Line: 4, Path: "scenes[2].volume"}},
				Speed: 1, SpeedPos: Pos{File: path, Line: 4, Path: "scenes[2].speed"},
				Pos: Pos{File: path, Line: 4, Path: "scenes[2]"}},
		},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("project differs from the expected defaults:\n%s", jsonDiff(t, p, want))
	}
	if p.Scenes[0].Transition == p.Scenes[1].Transition {
		t.Error("scenes share one default transition; each needs its own copy")
	}
	if preset, crf := p.Output.EncoderSettings(); preset != "veryfast" || crf != 21 {
		t.Errorf("EncoderSettings = %s/%d, want veryfast/21", preset, crf)
	}
}

// TestLoadFull checks that every key is read and resolved.
func TestLoadFull(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "clips/a.mp4", "clips/b.png")
	src := `output:
  path: render/final.mov
  size: 1280x720
  fps: 29.97
  codec: hevc
  quality: high
  preset: medium
  crf: 20
transition: {type: dissolve, duration: 0.5s}
fit: contain
scenes:
  - id: opening
    source: clips/a.mp4
    trim: {start: 1s, end: 5s}
    duration: 3s
    fit: blur
    volume: -6dB
    transition: {type: wipeleft, duration: 800ms, curve: qsin}
  - source: clips/b.png
    duration: 45f
    volume: mute
    transition: fade
  - placeholder: {text: "Title card", color: "#203040"}
    duration: 00:00:02.500
    volume: +3dB
    transition: cut
  - source: clips/a.mp4
    trim: {duration: 2s}
    deinterlace: true
`
	p := parseOK(t, src, dir, testOptions())
	o := p.Output
	if o.Path != filepath.Join(dir, "render/final.mov") || o.Width != 1280 || o.Height != 720 ||
		o.FPS != frac.New(30000, 1001) || o.Codec != "h265" || o.Quality != "high" || o.Preset != "medium" || o.CRF != 20 {
		t.Errorf("output = %+v", o)
	}
	if preset, crf := o.EncoderSettings(); preset != "medium" || crf != 20 {
		t.Errorf("EncoderSettings = %s/%d, want medium/20", preset, crf)
	}
	s := p.Scenes
	if s[0].ID != "opening" || s[0].Fit != "blur" || s[0].Volume.DB != -6 || *s[0].Trim.Start != *dur("1s") ||
		*s[0].Trim.End != *dur("5s") || s[0].Trim.Duration != nil || *s[0].Duration != *dur("3s") {
		t.Errorf("scene 0 = %+v", s[0])
	}
	if tr := s[0].Transition; tr.Type != "wipeleft" || *dur("800ms") != tr.Duration || tr.Curve != "qsin" ||
		tr.Color != "black" || tr.Pos.Line != 18 || tr.Pos.Path != "scenes[0].transition" {
		t.Errorf("scene 0 transition = %+v", tr)
	}
	if s[1].ID != "scene-2" || s[1].Fit != "contain" || !s[1].Volume.Mute || s[1].Duration.FrameCount != 45 ||
		s[1].Transition.Type != "fade" || s[1].Transition.Duration != *dur("0.5s") {
		t.Errorf("scene 1 = %+v, transition %+v", s[1], s[1].Transition)
	}
	if s[2].Placeholder.Text != "Title card" || s[2].Placeholder.Color != "#203040" || s[2].Volume.DB != 3 ||
		s[2].Transition.Type != "cut" || !s[2].Transition.Duration.IsZero() {
		t.Errorf("scene 2 = %+v, transition %+v", s[2], s[2].Transition)
	}
	if s[3].Transition != nil || *s[3].Trim.Duration != *dur("2s") || *s[3].Trim.Start != *dur("0s") || s[3].Deinterlace != "on" || s[0].Deinterlace != "auto" {
		t.Errorf("scene 3 = %+v", s[3])
	}
	if p.Transition.Type != "dissolve" || p.Transition.Pos.Line != 9 {
		t.Errorf("default transition = %+v", p.Transition)
	}
}

// TestLoadJSON reads the same model from a JSON project.
func TestLoadJSON(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "a.mp4")
	src := `{
	"output": {"size": "640x360", "fps": "30000/1001", "codec": "avc"},
	"transition": "dissolve",
	"scenes": [
		{"id": "one", "source": "a.mp4", "trim": {"start": "0.5s", "duration": "2s"}},
		{"placeholder": {"text": "end"}, "duration": "1s"}
	]
}`
	p := parseOK(t, src, dir, testOptions())
	if p.Output.Width != 640 || p.Output.FPS != frac.New(30000, 1001) || p.Output.Codec != "h264" {
		t.Errorf("output = %+v", p.Output)
	}
	if len(p.Scenes) != 2 || p.Scenes[0].ID != "one" || p.Scenes[0].Transition.Type != "dissolve" ||
		p.Scenes[0].Transition.Duration != *dur("0.5s") || p.Scenes[1].Placeholder.Text != "end" {
		t.Errorf("scenes = %+v", p.Scenes)
	}
	if p.Scenes[0].SourcePos.Line != 5 {
		t.Errorf("source line = %d, want 5", p.Scenes[0].SourcePos.Line)
	}
	_, err := Parse([]byte(`{"scenes": [{"source": "a.mp4", "fit": "cover", "fit": "blur"}]}`), "p.json", dir, testOptions())
	want := `p.json:1: scenes[0].fit: duplicate key (first defined at line 1)`
	if err == nil || err.Error() != want {
		t.Errorf("duplicate JSON key: got %v, want %s", err, want)
	}
}

// TestLoadIOError checks that a missing project file is an I/O error, not Errors.
func TestLoadIOError(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), Options{})
	var es Errors
	if !errors.Is(err, fs.ErrNotExist) || errors.As(err, &es) {
		t.Errorf("got %v (%T), want a wrapped fs.ErrNotExist", err, err)
	}
}

// TestEncoderSettings covers the quality table and explicit overrides.
func TestEncoderSettings(t *testing.T) {
	tests := []struct {
		codec, quality, preset string
		crf                    int
		wantPreset             string
		wantCRF                int
	}{
		{"h264", "draft", "", -1, "ultrafast", 28},
		{"h264", "standard", "", -1, "veryfast", 21},
		{"h264", "high", "", -1, "slow", 18},
		{"h265", "draft", "", -1, "ultrafast", 30},
		{"h265", "standard", "", -1, "veryfast", 26},
		{"h265", "high", "", -1, "slow", 22},
		{"h265", "high", "fast", -1, "fast", 22},
		{"h264", "draft", "", 0, "ultrafast", 0},
		{"h264", "high", "placebo", 12, "placebo", 12},
	}
	for _, tt := range tests {
		o := Output{Codec: tt.codec, Quality: tt.quality, Preset: tt.preset, CRF: tt.crf}
		if p, c := o.EncoderSettings(); p != tt.wantPreset || c != tt.wantCRF {
			t.Errorf("%+v: got %s/%d, want %s/%d", tt, p, c, tt.wantPreset, tt.wantCRF)
		}
	}
}
