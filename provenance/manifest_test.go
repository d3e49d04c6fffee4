package provenance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/timecode"
)

// TestNewFilmClassifies: which scenes are AI-generated (a generated clip;
// a file or URL only when disclosure.generated lists it; never a card or a
// placeholder), the film's digital source type, hashes, redacted URLs, and
// Write's atomic sidecar beside its output.
func TestNewFilmClassifies(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cam, gen, dl, proj := file("cam.mp4", "camera"), file("gen.mp4", "generated"), file("dl.mp4", "downloaded"), file("p.yaml", "scenes: []")
	prompt := &config.Prompt{Text: "a storm", Generator: "g", Seed: 3}
	gens := map[string]*config.Generator{"g": {Name: "g", Kind: config.KindReplicate, Model: "owner/model", Version: "v1"}}
	fade := &config.TransitionSpec{Type: "fade", Duration: timecode.MustParse("0.5s")}
	scene := func(id, src, url string, p *config.Prompt) config.Scene {
		return config.Scene{ID: id, Source: src, URL: url, Prompt: p, Speed: 1, Transition: fade}
	}
	cases := []struct {
		name      string
		scenes    []config.Scene
		generated []string
		kinds, ai string
		source    string
	}{
		{"camera only", []config.Scene{scene("a", cam, "", nil), scene("c", "", "", nil)}, nil, "file card", "false false", ""},
		{"generated only", []config.Scene{scene("g", gen, "", prompt)}, nil, "prompt", "true", SourceTrained},
		{"mixed", []config.Scene{scene("a", cam, "", nil), scene("g", gen, "", prompt)}, nil, "file prompt", "false true", SourceComposite},
		{"a placeholder is no AI footage", []config.Scene{scene("a", cam, "", nil), scene("p", "", "", prompt)}, nil, "file placeholder", "false false", ""},
		{"a file the project says is generated", []config.Scene{scene("a", cam, "", nil), scene("u", dl, "https://user:pw@example.com/dl.mp4?sig=secret", nil)}, []string{"u"}, "file url", "false true", SourceComposite},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &config.Project{File: proj, Name: "p.yaml", Scenes: c.scenes, Generators: gens}
			if c.generated != nil {
				p.Disclosure = &config.Disclosure{Text: "AI", Generated: c.generated}
			}
			f, err := NewFilm(Input{Project: p, FFmpeg: "ffmpeg version 5.1", Now: time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			m := f.Base
			var kinds, ai []string
			for _, s := range m.Scenes {
				kinds = append(kinds, s.Kind)
				if s.Edits.Transition != "fade 0.5s" {
					t.Errorf("scene %s: transition %q", s.ID, s.Edits.Transition)
				}
				ai = append(ai, map[bool]string{true: "true", false: "false"}[s.AIGenerated])
				if s.Source != nil && (s.Source.SHA256 == "" || strings.Contains(s.Source.URL, "secret") || strings.Contains(s.Source.URL, "pw")) {
					t.Errorf("scene %s source %+v: want hashed, URL without credentials", s.ID, s.Source)
				}
				if s.Generator != nil && (s.Generator.Model != "owner/model:v1" || s.Generator.Seed != 3 || s.Generator.Prompt != "a storm") {
					t.Errorf("generator %+v", s.Generator)
				}
			}
			if got := strings.Join(kinds, " "); got != c.kinds {
				t.Errorf("kinds %s, want %s", got, c.kinds)
			}
			if got := strings.Join(ai, " "); got != c.ai {
				t.Errorf("AI %s, want %s", got, c.ai)
			}
			if m.DigitalSourceType != c.source || m.AIGenerated != (c.source != "") || m.Created != "2026-12-02T13:00:00Z" {
				t.Errorf("source type %q, ai %v, created %s", m.DigitalSourceType, m.AIGenerated, m.Created)
			}
			out := file("film.mp4", "the film")
			mm, err := f.For(Output{File: File{Path: out}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			path, err := Write(mm)
			if err != nil || path != out+Suffix {
				t.Fatalf("Write: %s, %v", path, err)
			}
			back, err := Read(path)
			if err != nil || back.Output.SHA256 != sha([]byte("the film")) || back.Output.Size != 8 {
				t.Errorf("read back %+v: %v", back.Output, err)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, ".tmp-*")); len(leftovers) != 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
		})
	}
	if _, err := NewFilm(Input{Project: &config.Project{File: filepath.Join(dir, "missing.yaml")}}); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("a missing project file: %v", err)
	}
}
