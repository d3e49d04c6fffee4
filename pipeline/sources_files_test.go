package pipeline_test

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

// stillProject has a command generator that animates a still named in its
// arguments (the script is run as argv, from the project's directory).
const stillProject = `output: {size: 64x36, fps: 10}
generators:
  zoom: {kind: command, run: [./zoom.sh, --still=still.png, "{seconds}", "{prompt}", "{output}"]}
scenes:
  - {id: a, prompt: "slow zoom", duration: 0.5s}
`

// zoomScript logs each call, then makes a clip of the still.
const zoomScript = `#!/bin/sh
echo call >> calls.log
exec FFMPEG -hide_banner -loglevel error -y -loop 1 -i "${1#--still=}" -t "$2" -r 10 -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$4"
`

// TestGeneratorRerunsWhenItsFileChanges generates a clip from a still,
// then renders again: unchanged, the clip comes from the cache; with a
// new still (or a changed script), the generator runs again and the clip
// shows the new still.
func TestGeneratorRerunsWhenItsFileChanges(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	writeStill(t, filepath.Join(dir, "still.png"), color.RGBA{220, 30, 30, 255})
	script := strings.ReplaceAll(zoomScript, "FFMPEG", fftest.FFmpeg())
	if err := os.WriteFile(filepath.Join(dir, "zoom.sh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "p.yaml"), []byte(stillProject), 0o644); err != nil {
		t.Fatal(err)
	}
	env := pipeline.SourceOptions{FFprobe: fftest.FFprobe(), Cache: pipeline.Cache{Dir: filepath.Join(dir, "cache")}.For(dir), Generate: pipeline.GenMissing}
	resolve := func(step string, wantCalls int, wantHits int) string {
		t.Helper()
		p, err := config.Load(filepath.Join(dir, "p.yaml"), config.Options{})
		if err != nil {
			t.Fatal(err)
		}
		film, r, err := pipeline.ResolveSources(context.Background(), p, env)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "calls.log"))
		if calls := strings.Count(string(b), "call"); calls != wantCalls || r.Hits != wantHits {
			t.Fatalf("%s: %d generator calls so far and %d cache hits, want %d and %d", step, calls, r.Hits, wantCalls, wantHits)
		}
		return film.Scenes[0].Source
	}
	clip := resolve("first render", 1, 0)
	if m := fftest.MeanRGB(t, clip, 2); m[0] < 150 || m[2] > 90 {
		t.Errorf("first clip colour %v, want the red still", m)
	}
	resolve("unchanged", 1, 1)
	writeStill(t, filepath.Join(dir, "still.png"), color.RGBA{30, 30, 220, 255})
	clip = resolve("new still", 2, 0)
	if m := fftest.MeanRGB(t, clip, 2); m[2] < 150 || m[0] > 90 {
		t.Errorf("clip after the still changed: colour %v, want the blue still", m)
	}
	resolve("unchanged again", 2, 1)
	if err := os.WriteFile(filepath.Join(dir, "zoom.sh"), []byte(script+"# a changed script\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	resolve("changed script", 3, 0)
}

// writeStill writes a 64x36 PNG of one colour.
func writeStill(t *testing.T, path string, c color.RGBA) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for i := 0; i < len(img.Pix); i += 4 {
		copy(img.Pix[i:], []byte{c.R, c.G, c.B, c.A})
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
