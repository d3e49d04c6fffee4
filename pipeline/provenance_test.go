package pipeline_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/provenance"
)

// provProject mixes a camera clip (trimmed, graded, with a text layer) and a
// generated scene, and writes two renditions and a poster.
const provProject = `outputs:
  - {path: out/film.mp4, size: 160x90, fps: 10}
  - {path: out/small.mov, size: 96x54}
poster: {at: 0.2s, path: out/poster.jpg}
generators:
  ff:
    kind: command
    run: [FFMPEG, -hide_banner, -loglevel, error, -y, -f, lavfi, -i, "color=c=blue:s={width}x{height}:r=10:d={seconds}", -metadata, "title={prompt}", -c:v, libx264, -preset, ultrafast, "{output}"]
scenes:
  - id: camera
    source: media/clip.mp4
    trim: {start: 0.1s, duration: 0.5s}
    grade: {preset: warm}
    speed: 2
    layers: [{text: "Hello"}]
  - {id: dream, prompt: "a storm at sea", generator: ff, seed: 7, duration: 0.5s}
`

// fileSHA is the hex SHA-256 of a file.
func fileSHA(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestRenderWritesManifests: every delivered rendition and the poster has
// a <output>.manifest.json whose hashes match the output, the project and
// the sources, with the generator, the edits and the AI flags; a failed
// render leaves no manifest.
func TestRenderWritesManifests(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "media"), 0o755)
	clip := fftest.Make(t, filepath.Join(dir, "media"), fftest.Clip{Name: "clip.mp4", Width: 160, Height: 90, Seconds: 1.5})
	path := writeProject(t, dir, strings.ReplaceAll(provProject, "FFMPEG", fftest.FFmpeg()))
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Off: true})
	res, err := eng.Render(context.Background(), pipeline.Request{Path: path, WorkRoot: filepath.Join(dir, "work"), Generate: pipeline.GenMissing})
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{filepath.Join(dir, "out", "film.mp4"), filepath.Join(dir, "out", "small.mov"), filepath.Join(dir, "out", "poster.jpg")}
	if len(res.Manifests) != len(outs) {
		t.Fatalf("manifests %q, want one per output of %q", res.Manifests, outs)
	}
	for i, out := range outs {
		if res.Manifests[i] != out+".manifest.json" {
			t.Errorf("manifest %d is %s, want beside %s", i, res.Manifests[i], out)
		}
		m, err := provenance.Read(out + ".manifest.json")
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(out)
		checks := []struct {
			what      string
			got, want any
		}{
			{"format", m.Format, provenance.Format},
			{"output path", m.Output.Path, out},
			{"output sha256", m.Output.SHA256, fileSHA(t, out)},
			{"output size", m.Output.Size, fi.Size()},
			{"project sha256", m.Project.SHA256, fileSHA(t, path)},
			{"ffmpeg", strings.HasPrefix(m.FFmpeg, "ffmpeg version"), true},
			{"ai_generated", m.AIGenerated, true},
			{"source type", m.DigitalSourceType, provenance.SourceComposite},
			{"scenes", len(m.Scenes), 2},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s: %s is %v, want %v", filepath.Base(out), c.what, c.got, c.want)
			}
		}
		if len(m.Scenes) != 2 {
			continue
		}
		cam, gen := m.Scenes[0], m.Scenes[1]
		if cam.Kind != "file" || cam.AIGenerated || cam.Source == nil || cam.Source.Path != clip || cam.Source.SHA256 != fileSHA(t, clip) {
			t.Errorf("camera scene %+v (source %+v): want a file, not AI, hashed", cam, cam.Source)
		}
		if e := cam.Edits; e.Trim == nil || e.Trim.Start != "0.1s" || e.Trim.Duration != "0.5s" || e.Speed != 2 || e.Grade == nil || e.Grade.Preset != "warm" || len(e.Layers) != 1 || e.Layers[0].Text != "Hello" {
			t.Errorf("camera edits %+v: want the trim, speed, grade and layer", e)
		}
		if g := gen.Generator; gen.Kind != "prompt" || !gen.AIGenerated || g == nil || g.Name != "ff" || g.Kind != "command" || g.Prompt != "a storm at sea" || g.Seed != 7 {
			t.Errorf("generated scene %+v (generator %+v)", gen, g)
		}
		if gen.Source == nil || gen.Source.SHA256 != fileSHA(t, gen.Source.Path) {
			t.Errorf("generated scene's clip %+v: its hash does not match", gen.Source)
		}
	}

	// A render that fails leaves no manifest (and keeps none from before
	// pointing at a new file).
	bad := writeProject(t, dir, "output: {path: out2/film.mp4, size: 160x90, fps: 10}\nscenes:\n  - {source: media/clip.mp4, grade: {lut: missing.cube}}\n")
	if _, err := eng.Render(context.Background(), pipeline.Request{Path: bad, WorkRoot: filepath.Join(dir, "work")}); err == nil {
		t.Fatal("a project with a missing LUT rendered")
	}
	if _, err := os.Stat(filepath.Join(dir, "out2", "film.mp4.manifest.json")); !os.IsNotExist(err) {
		t.Errorf("a failed render left a manifest: %v", err)
	}
}
