package pipeline_test

import (
	"context"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/provenance"
)

// TestDisclosureLabelAndMetadata: the disclosure label is drawn in the
// bottom-right corner over the film's first second only (and nowhere else),
// every rendition's container says so in its comment tag as ffprobe reads
// it, and the manifest records the disclosure.
func TestDisclosureLabelAndMetadata(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	writePNG(t, dir, "black.png", 160, 90, color.NRGBA{A: 255})
	path := writeProject(t, dir, `outputs:
  - {path: out/film.mp4, size: 160x90, fps: 10}
  - {path: out/film.mov, size: 160x90}
  - {path: out/film.mkv, size: 160x90}
disclosure: {text: "AI-generated", position: bottom-right, duration: 1s, size: 12%}
scenes:
  - {source: black.png, duration: 2s}
`)
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	if _, err := eng.Render(context.Background(), pipeline.Request{Path: path, WorkRoot: filepath.Join(dir, "work")}); err != nil {
		t.Fatal(err)
	}
	film := filepath.Join(dir, "out", "film.mp4")
	frames := fftest.GreyFrames(t, film, 160, 90)
	if len(frames) != 20 {
		t.Fatalf("%d frames, want 20", len(frames))
	}
	quarter := func(f []byte, right, bottom bool) (top byte) {
		for y := range 45 {
			for x := range 80 {
				xx, yy := x, y
				if right {
					xx += 80
				}
				if bottom {
					yy += 45
				}
				top = max(top, f[yy*160+xx])
			}
		}
		return top
	}
	for i, f := range frames {
		br := quarter(f, true, true)
		others := max(quarter(f, false, false), quarter(f, true, false), quarter(f, false, true))
		switch {
		case i < 10 && br < 150:
			t.Errorf("frame %d: the bottom-right corner's brightest pixel is %d: no label", i, br)
		case i >= 11 && br > 40:
			t.Errorf("frame %d (after the label's 1s): the bottom-right corner's brightest pixel is %d", i, br)
		}
		if others > 40 {
			t.Errorf("frame %d: something bright (%d) outside the bottom-right corner", i, others)
		}
	}
	for _, name := range []string{"film.mp4", "film.mov", "film.mkv"} {
		out, err := exec.Command(fftest.FFprobe(), "-v", "error", "-show_entries", "format_tags=comment", "-of", "default=nw=1:nk=1", filepath.Join(dir, "out", name)).Output()
		if err != nil {
			t.Fatalf("ffprobe %s: %v", name, err)
		}
		if got := strings.TrimSpace(string(out)); got != "AI-generated (AI-generated content disclosed by reel)" {
			t.Errorf("%s: comment %q", name, got)
		}
	}
	m, err := provenance.Read(film + provenance.Suffix)
	if err != nil {
		t.Fatal(err)
	}
	if d := m.Disclosure; d == nil || d.Text != "AI-generated" || d.Duration != "1s" || d.Position != "bottom-right" {
		t.Errorf("manifest disclosure %+v", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "film.mkv"+provenance.Suffix)); err != nil {
		t.Error(err)
	}
}
