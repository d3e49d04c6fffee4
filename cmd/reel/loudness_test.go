package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestRenderLoudnessWarnings renders a percussive bed whose gain to -14
// LUFS needs the limiter: the warning saying by how much reaches the user
// as a stderr line (plain progress), as a warning event (--progress json)
// and in render --json's warnings, from the cache too.
func TestRenderLoudnessWarnings(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	burst := "0.5*(2*random(0)-1)*exp(-40*mod(t,0.25))"
	if out, err := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-f", "lavfi", "-i",
		"aevalsrc=exprs='"+burst+"':s=48000:d=1", "-af", "lowpass=f=5000", filepath.Join(dir, "perc.wav")).CombinedOutput(); err != nil {
		t.Fatalf("making the bed: %v\n%s", err, out)
	}
	writeFile(t, dir, "project.yaml", `output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: drums}, duration: 2s}
audio:
  beds: [{source: perc.wav, loop: true}]
`)
	const limited = "a true-peak limiter lowers those peaks by up to"

	r := reel(t, dir, nil, "render", "project.yaml", "--progress", "plain", "--no-cache", "--work-dir", t.TempDir())
	wantExit(t, r, 0)
	wantContains(t, "stderr", r.stderr, "reel: warning: loudness: after a gain of", limited)

	r = reel(t, dir, nil, "render", "project.yaml", "--progress", "json", "--json", "--work-dir", t.TempDir())
	wantExit(t, r, 0)
	var events []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Errorf("stderr line is not JSON: %q", l)
			continue
		}
		if ev["state"] == "warning" {
			events = append(events, ev)
		}
	}
	if len(events) != 1 || events[0]["job"] != "audio" || !strings.Contains(events[0]["warning"].(string), limited) {
		t.Errorf("warning events %v, want one from the audio job about the limiter", events)
	}
	summary := func(r result) []string {
		var s struct{ Warnings []string }
		if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
			t.Fatalf("render --json: %v\n%s", err, r.stdout)
		}
		return s.Warnings
	}
	if w := summary(r); len(w) != 1 || !strings.Contains(w[0], limited) {
		t.Errorf("render --json warnings %q, want the limiter's", w)
	}

	r = reel(t, dir, nil, "render", "project.yaml", "--progress", "none", "--json", "--work-dir", t.TempDir())
	wantExit(t, r, 0)
	wantContains(t, "stdout", r.stdout, `"cached": 2`)
	wantContains(t, "stderr of a cached render", r.stderr, "reel: warning: loudness: after a gain of", limited)
	if w := summary(r); len(w) != 1 || !strings.Contains(w[0], limited) {
		t.Errorf("cached render --json warnings %q, want the limiter's", w)
	}
}
