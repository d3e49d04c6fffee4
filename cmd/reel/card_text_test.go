package main

import (
	"strings"
	"testing"
)

// TestValidateCardText: a 200 KB placeholder text is refused by validate
// (exit 2, file:line:field, a message of one line), and a word too wide for
// the card is a warning naming the scene.
func TestValidateCardText(t *testing.T) {
	dir := t.TempDir()
	const head = "output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n"
	writeFile(t, dir, "project.yaml", head+"  - placeholder: {text: \""+strings.Repeat("novel ", 34_000)+"\"}\n    duration: 1s\n")
	r := reel(t, dir, nil, "validate", "project.yaml")
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "project.yaml:3: scenes[0].placeholder.text: the text is 204000 characters long; a placeholder card holds at most 2000")
	mustHold(t, len(r.stderr) < 1000, "stderr is %d bytes, want less than a screen", len(r.stderr))

	writeFile(t, dir, "project.yaml", head+"  - id: title\n    placeholder: {text: \"Pneumonoultramicroscopicsilicovolcanoconiosis-Supercalifragilistic\"}\n    duration: 1s\n")
	r = reel(t, dir, nil, "validate", "project.yaml")
	wantExit(t, r, 0)
	wantContains(t, "stderr", r.stderr, "reel: warning: ", "scene title", "too wide for the card")
}
