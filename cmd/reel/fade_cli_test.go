package main

import (
	"testing"
)

// TestLastSceneTransitionIsAWarning checks that a project ported from a
// tool that allows a transition on the last scene validates (exit 0), with
// a warning that names the line and points to fade_out, and that a
// transition shorter than a frame is said to be a cut.
func TestLastSceneTransitionIsAWarning(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", `output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
fade_in: 0.5s
scenes:
  - {id: one, placeholder: {}, duration: 1s, transition: {type: fade, duration: 0.01s}}
  - {id: two, placeholder: {}, duration: 1s, transition: fade}
`)
	r := reel(t, dir, nil, "validate", "project.yaml")
	wantExit(t, r, 0)
	wantContains(t, "stderr", r.stderr,
		"reel: warning: project.yaml:4: scenes[0].transition: transition one → two: fade of 0.01s rounds to 0 frames at 30 fps, so it is a cut",
		"reel: warning: project.yaml:5: scenes[1].transition: the last scene has no next scene, so its transition (fade) is ignored; to fade the film out, use the top-level fade_out")
}
