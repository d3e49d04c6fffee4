package main

import (
	"path/filepath"
	"testing"
)

// TestDeadlineNamed checks that a render stopped by --deadline says so,
// with the deadline and what was running, and leaves no output (exit 1).
func TestDeadlineNamed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(2, "0.5s", "160x90"))
	work := t.TempDir()
	for _, d := range []string{"1ms", "50ms"} {
		r := reel(t, dir, nil, "render", "--deadline", d, "--no-cache", "--progress", "none", "--work-dir", work, "project.yaml")
		wantExit(t, r, 1)
		wantContains(t, "stderr", r.stderr, "reel: deadline "+d+" exceeded while ", "give --deadline more time")
	}
	assertAbsent(t, filepath.Join(dir, "out", "film.mp4"))
	assertNoLeftovers(t, filepath.Join(dir, "out"), work)
}

// TestProjectMessages checks messages that once misled: a tab in the
// indentation, a non-ASCII id, an empty source file, a colour that does not
// exist.
func TestProjectMessages(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "empty.mp4", "")
	tests := []struct{ name, src, want string }{
		{"tab", "scenes:\n\t- {placeholder: {}, duration: 1s}\n",
			"project.yaml:2: tabs are not allowed for indentation in YAML; use spaces"},
		{"unicode id", "scenes:\n  - {id: café, placeholder: {}, duration: 1s}\n",
			`project.yaml:2: scenes[0].id: id "café" may only hold ASCII letters (a-z, A-Z), digits, '_', '.' and '-'`},
		{"empty source", "scenes:\n  - source: empty.mp4\n",
			"project.yaml:2: scenes[0].source: empty.mp4 is empty (0 bytes), not a video, image or audio file"},
		{"colour", "scenes:\n  - {placeholder: {color: blurple}, duration: 1s}\n",
			`project.yaml:2: scenes[0].placeholder.color: unknown colour "blurple" (did you mean "purple"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, dir, "project.yaml", tt.src)
			r := reel(t, dir, nil, "validate", "project.yaml")
			wantExit(t, r, 2)
			wantContains(t, "stderr", r.stderr, "reel: "+tt.want)
		})
	}
}
