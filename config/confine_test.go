package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfine checks that a confined project reads only inside its roots,
// writes only inside its output directory and runs no program, whatever
// spelling the escape takes.
func TestConfine(t *testing.T) {
	root := t.TempDir()
	media := filepath.Join(root, "media")
	outside := filepath.Join(root, "secret")
	out := filepath.Join(root, "renders", "r1")
	for _, d := range []string{media, outside, filepath.Join(media, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(media, "a.png"), filepath.Join(media, "sub", "b.png"), filepath.Join(outside, "x.png")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(media, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "x.png"), filepath.Join(media, "file-link.png")); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, source, output string
		forbidden            string // "" for allowed
	}{
		{"inside", "a.png", "out/film.mp4", ""},
		{"subdirectory", "sub/b.png", "film.mp4", ""},
		{"dot-dot", "../secret/x.png", "film.mp4", "outside the media root"},
		{"dot-dot inside sub", "sub/../../secret/x.png", "film.mp4", "outside the media root"},
		{"absolute", filepath.Join(outside, "x.png"), "film.mp4", "outside the media root"},
		{"symlinked directory", "link/x.png", "film.mp4", "outside the media root"},
		{"symlinked file", "file-link.png", "film.mp4", "outside the media root"},
		{"missing file outside", "../secret/none.png", "film.mp4", "outside the media root"},
		{"absolute output", "a.png", filepath.Join(outside, "f.mp4"), "is absolute"},
		{"climbing output", "a.png", "../../f.mp4", "leaves the render's output directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "scenes:\n  - source: " + c.source + "\n    duration: 1s\noutput:\n  path: " + c.output + "\n"
			p, err := Parse([]byte(src), "p.yaml", media, Options{SkipFileChecks: true, Confine: &Confine{Roots: []string{media}, OutputDir: out}})
			if c.forbidden == "" {
				if err != nil {
					t.Fatalf("allowed project refused: %v", err)
				}
				if got := p.Outputs[0].Path; !strings.HasPrefix(got, out+string(filepath.Separator)) {
					t.Fatalf("output %s not inside %s", got, out)
				}
				return
			}
			if !Forbidden(err) || !strings.Contains(err.Error(), c.forbidden) {
				t.Fatalf("want a forbidden error with %q, got %v", c.forbidden, err)
			}
			if !strings.Contains(err.Error(), "p.yaml:") {
				t.Fatalf("error does not name the file and line: %v", err)
			}
		})
	}
	// Unconfined, the same escape is an ordinary project.
	if _, err := Parse([]byte("scenes:\n  - source: ../secret/x.png\n    duration: 1s\n"), "p.yaml", media, Options{SkipFileChecks: true}); Forbidden(err) {
		t.Fatalf("unconfined project refused: %v", err)
	}
	// No roots (a server without a media root, a project without uploads):
	// no file may be read, and the message says how to give one.
	_, err := Parse([]byte("scenes:\n  - source: a.png\n    duration: 1s\n"), "p.yaml", media, Options{SkipFileChecks: true, Confine: &Confine{OutputDir: out}})
	if !Forbidden(err) || !strings.Contains(err.Error(), "no media root") {
		t.Fatalf("a project confined to no root read a file: %v", err)
	}
	// A card reads no file: allowed with no roots.
	if _, err := Parse([]byte("scenes:\n  - background: red\n    duration: 1s\n"), "p.yaml", media, Options{SkipFileChecks: true, Confine: &Confine{OutputDir: out}}); err != nil {
		t.Fatalf("a project of cards refused with no roots: %v", err)
	}
	// A command generator is refused unless allowed.
	gen := "generators:\n  g:\n    kind: command\n    run: [echo, \"{prompt}\", \"{output}\"]\nscenes:\n  - prompt: a cat\n    generator: g\n    duration: 1s\n"
	if _, err := Parse([]byte(gen), "p.yaml", media, Options{SkipFileChecks: true, Confine: &Confine{Roots: []string{media}}}); !Forbidden(err) {
		t.Fatalf("command generator not refused: %v", err)
	}
	if _, err := Parse([]byte(gen), "p.yaml", media, Options{SkipFileChecks: true, Confine: &Confine{Roots: []string{media}, Commands: true}}); Forbidden(err) {
		t.Fatalf("allowed command generator refused: %v", err)
	}
}
