package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/looks"
	"github.com/reel-film/reel/pipeline/grade"
)

func TestGradesCommands(t *testing.T) {
	dir := t.TempDir()
	r := reel(t, dir, nil, "grades")
	wantExit(t, r, 0)
	wantContains(t, "reel grades", r.stdout, looks.Builtin.Names()...)
	wantContains(t, "reel grades", r.stdout, "teal and orange")

	r = reel(t, dir, nil, "grades", "export", "noir", "-o", "noir.cube")
	wantExit(t, r, 0)
	c, err := looks.ReadCube(filepath.Join(dir, "noir.cube"), "noir.cube")
	if err != nil {
		t.Fatalf("exported cube does not parse: %v", err)
	}
	if c.Size != grade.ExportSize || c.Dim != 3 {
		t.Errorf("exported cube: %dD size %d", c.Dim, c.Size)
	}

	fftest.Make(t, dir, fftest.Clip{Name: "clip.mp4", Seconds: 0.5})
	r = reel(t, dir, nil, "grades", "preview", "clip.mp4", "-o", "sheet.png", "--width", "96")
	wantExit(t, r, 0)
	img := fftest.Frame(t, filepath.Join(dir, "sheet.png"), 0)
	if b := img.Bounds(); b.Dx() != 4*96 || b.Dy() != 3*54 {
		t.Errorf("contact sheet is %v, want 4x3 tiles of 96x54", b)
	}
}

func TestGradesErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"grades", "export", "cinemtic"}, `unknown grade preset "cinemtic" (did you mean "cinematic"?)`},
		{[]string{"grades", "export", "noir", "--size", "1"}, "--size 1"},
		{[]string{"grades", "preview", "missing.mp4"}, "missing.mp4"},
	}
	for _, tt := range tests {
		r := reel(t, dir, nil, tt.args...)
		wantExit(t, r, 2)
		wantContains(t, "stderr", r.stderr, tt.want)
	}
	if _, err := os.Stat(filepath.Join(dir, "cinemtic.cube")); err == nil {
		t.Error("a failed export left a file")
	}
}

// TestGradesPreviewAtClipTime: --at is a time in the clip, counted from its
// first picture, also when its sound starts earlier (so the container
// starts before the pictures): the sheet shows the flash at 0.5 s.
func TestGradesPreviewAtClipTime(t *testing.T) {
	dir := t.TempDir()
	fftest.MakeSync(t, dir, fftest.SyncClip{Name: "clip.mp4", AudioLead: 0.5, Flashes: []int{15}})
	for _, tt := range []struct {
		at     string
		bright bool
	}{{"0.5s", true}, {"0.4s", false}} {
		r := reel(t, dir, nil, "grades", "preview", "clip.mp4", "--at", tt.at, "-o", "sheet.png", "--width", "64")
		wantExit(t, r, 0)
		m := fftest.MeanRGB(t, filepath.Join(dir, "sheet.png"), 0)
		if grey := (m[0] + m[1] + m[2]) / 3; (grey > 100) != tt.bright {
			t.Errorf("--at %s: the sheet's mean grey is %.0f, want it bright: %v", tt.at, grey, tt.bright)
		}
	}
}

// TestProbeStarts: `reel probe` says when a clip's streams start apart.
func TestProbeStarts(t *testing.T) {
	dir := t.TempDir()
	fftest.MakeSync(t, dir, fftest.SyncClip{Name: "lead.mp4", AudioLead: 0.5})
	fftest.MakeSync(t, dir, fftest.SyncClip{Name: "lag.mov", AudioLead: -0.25})
	fftest.Make(t, dir, fftest.Clip{Name: "plain.mp4", Audio: true, Seconds: 0.5})
	r := reel(t, dir, nil, "probe", "lead.mp4", "lag.mov", "plain.mp4")
	wantExit(t, r, 0)
	wantContains(t, "reel probe", r.stdout,
		"starts: container 0.000s, video 0.500s, audio 0.000s (sound 0.500s before the pictures: not used)",
		// The AAC priming before the late sound is part of the stream: 0.228s.
		"starts: container 0.000s, video 0.000s, audio 0.2", "after the pictures: silence until then)")
	if n := strings.Count(r.stdout, "starts:"); n != 2 {
		t.Errorf("%d starts: lines, want 2 (none for plain.mp4):\n%s", n, r.stdout)
	}
}
