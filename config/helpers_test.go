package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/transitions"
)

// testXFade are the xfade transitions of the stand-in FFmpeg the tests
// check transition names against (the catalogue adds cut, dip and aliases).
var testXFade = []string{"dissolve", "fade", "fadeblack", "wipeleft", "wiperight"}

// testOptions checks names against the stand-in catalogue and skips file checks.
func testOptions() Options {
	cat, err := transitions.FromXFadeNames(testXFade)
	if err != nil {
		panic(err)
	}
	return Options{Transitions: cat, SkipFileChecks: true}
}

// writeFiles creates each named file (with parent directories) under dir.
func writeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// parseOK parses src and fails the test on any error.
func parseOK(t *testing.T, src, dir string, opts Options) *Project {
	t.Helper()
	p, err := Parse([]byte(src), "project.yaml", dir, opts)
	if err != nil {
		t.Fatalf("Parse: unexpected error:\n%v", err)
	}
	return p
}

// jsonDiff lists the lines that differ between the JSON forms of got and want.
func jsonDiff(t *testing.T, got, want any) string {
	t.Helper()
	g, err1 := json.MarshalIndent(got, "", "  ")
	w, err2 := json.MarshalIndent(want, "", "  ")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
	var out []string
	for i := 0; i < max(len(gl), len(wl)); i++ {
		a, b := line(gl, i), line(wl, i)
		if a != b {
			out = append(out, fmt.Sprintf("line %d: got %s, want %s", i+1, a, b))
		}
	}
	return strings.Join(out, "\n")
}

// line returns lines[i], or "" past the end.
func line(lines []string, i int) string {
	if i < len(lines) {
		return strings.TrimSpace(lines[i])
	}
	return ""
}
