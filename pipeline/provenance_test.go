package pipeline_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/provenance"
	"github.com/reel-film/reel/provenance/c2pa"
	"github.com/reel-film/reel/provenance/c2pa/c2patest"
)

// provProject mixes a camera clip (trimmed, graded, with a text layer) and a
// generated scene, and writes two renditions and a poster.
const provProject = `outputs:
  - {path: out/film.mp4, size: 160x90, fps: 10}
  - {path: out/small.mov, size: 96x54}
poster: {at: 0.2s, path: out/poster.jpg}
audio: {beds: [{source: media/beep.wav}]}
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
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "media"), 0o755)
	clip := fftest.Make(t, filepath.Join(dir, "media"), fftest.Clip{Name: "clip.mp4", Width: 160, Height: 90, Seconds: 1.5})
	beep := fftest.Make(t, filepath.Join(dir, "media"), fftest.Clip{Name: "beep.wav", Seconds: 0.5, Audio: true})
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
		if len(m.Film.Audio) != 1 || m.Film.Audio[0].Path != beep || m.Film.Audio[0].SHA256 != fileSHA(t, beep) {
			t.Errorf("%s: film audio %+v, want the bed hashed", filepath.Base(out), m.Film.Audio)
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

// TestRenderEmbedsContentCredentials: with a signing key, the MP4 and MOV
// renditions carry Content Credentials the independent reader validates
// (signature, BMFF hash), with the mixed film's composite source type, the
// generated scene's trainedAlgorithmicMedia and an ingredient per source;
// the manifests say so and hash the signed files. Without a key: no
// credentials, one notice, the manifests still written. A key without its
// certificate is refused before anything renders.
func TestRenderEmbedsContentCredentials(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "media"), 0o755)
	fftest.Make(t, filepath.Join(dir, "media"), fftest.Clip{Name: "clip.mp4", Width: 160, Height: 90, Seconds: 1.5})
	fftest.Make(t, filepath.Join(dir, "media"), fftest.Clip{Name: "beep.wav", Seconds: 0.5, Audio: true})
	path := writeProject(t, dir, strings.ReplaceAll(provProject, "FFMPEG", fftest.FFmpeg()))
	keyFile, certFile := c2patest.Credentials(t, t.TempDir())
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{})
	req := pipeline.Request{Path: path, WorkRoot: filepath.Join(dir, "work"), Generate: pipeline.GenMissing, SignKey: keyFile, SignCert: certFile}
	res, err := eng.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) != 0 {
		t.Errorf("notices with a key: %q", res.Notices)
	}
	for _, name := range []string{"film.mp4", "small.mov"} {
		out := filepath.Join(dir, "out", name)
		r := c2patest.Read(t, out)
		if !r.Valid || !r.Has("assertion.bmffHash.match") {
			t.Fatalf("%s: the reader does not validate the credentials:\n%s", name, r)
		}
		var sources []string
		for _, a := range r.Actions {
			sources = append(sources, a.Action+" "+strings.TrimPrefix(a.DigitalSourceType, "http://cv.iptc.org/newscodes/digitalsourcetype/"))
		}
		want := "c2pa.created compositeWithTrainedAlgorithmicMedia|c2pa.placed |c2pa.placed trainedAlgorithmicMedia|c2pa.edited "
		if got := strings.Join(sources, "|"); got != want {
			t.Errorf("%s: actions %s, want %s", name, got, want)
		}
		if len(r.Ingredients) != 2 || r.Ingredients[0].Title != "clip.mp4" || r.Title != name {
			t.Errorf("%s: ingredients %+v, title %q", name, r.Ingredients, r.Title)
		}
		m, err := provenance.Read(out + provenance.Suffix)
		if err != nil {
			t.Fatal(err)
		}
		if m.C2PA == nil || !m.C2PA.Embedded || !strings.Contains(m.C2PA.Signer, "reel test signer") || m.Output.SHA256 != fileSHA(t, out) {
			t.Errorf("%s: manifest c2pa %+v, sha256 %s (file %s)", name, m.C2PA, m.Output.SHA256, fileSHA(t, out))
		}
	}
	if m, _ := provenance.Read(filepath.Join(dir, "out", "poster.jpg") + provenance.Suffix); m == nil || m.C2PA != nil {
		t.Errorf("the poster's manifest says it carries credentials: %+v", m)
	}

	// Rendered again from the cache without a key: plain files, a notice.
	req.SignKey, req.SignCert = "", ""
	res, err = eng.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) != 1 || !strings.Contains(res.Notices[0], "film.mp4, small.mov carry no Content Credentials") || !strings.Contains(res.Notices[0], "--sign-key") {
		t.Errorf("notices %q", res.Notices)
	}
	if r := c2patest.Read(t, filepath.Join(dir, "out", "film.mp4")); r.Found {
		t.Errorf("credentials without a key:\n%s", r)
	}
	if m, err := provenance.Read(filepath.Join(dir, "out", "film.mp4") + provenance.Suffix); err != nil || m.C2PA != nil || m.Output.SHA256 != fileSHA(t, filepath.Join(dir, "out", "film.mp4")) {
		t.Errorf("unsigned manifest %+v: %v", m, err)
	}

	req.SignKey = keyFile
	if _, err := eng.Render(context.Background(), req); err == nil || !strings.Contains(err.Error(), "a signing key without its certificate") {
		t.Errorf("a key without a certificate: %v", err)
	}
}

// TestBatchSignsAndWritesManifests: every rendered variant of a batch gets
// its manifest (hashing its own output) and, with a key, Content
// Credentials the independent reader validates. Without a key the batch
// has one notice naming every unsigned output; those outputs are not up to
// date for a batch that signs, whose own outputs then are.
func TestBatchSignsAndWritesManifests(t *testing.T) {
	t.Parallel()
	dir, tpl := batchDir(t)
	keyFile, certFile := c2patest.Credentials(t, t.TempDir())
	vs := variants(dir, tpl, map[string]string{"id": "a", "name": "Ada"}, map[string]string{"id": "b", "name": "Bo"})
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Dir: filepath.Join(dir, "cache")})
	batch := func(key, cert string, want string) *pipeline.BatchResult {
		t.Helper()
		for i := range vs {
			vs[i].SignKey, vs[i].SignCert = key, cert
		}
		res, err := eng.Batch(context.Background(), pipeline.BatchRequest{Variants: vs})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range res.Variants {
			if v.Status != want {
				t.Errorf("%s: %s (%s), want %s", v.Name, v.Status, v.Error, want)
			}
		}
		return res
	}
	res := batch("", "", pipeline.VariantRendered)
	if len(res.Notices) != 1 || !strings.Contains(res.Notices[0], "a.mp4, b.mp4 carry no Content Credentials") {
		t.Errorf("notices %q", res.Notices)
	}
	res = batch(keyFile, certFile, pipeline.VariantRendered)
	if len(res.Notices) != 0 {
		t.Errorf("notices with a key: %q", res.Notices)
	}
	for i, id := range []string{"a", "b"} {
		out := filepath.Join(dir, "out", id+".mp4")
		m, err := provenance.Read(out + provenance.Suffix)
		if err != nil || m.Output.SHA256 != fileSHA(t, out) || m.C2PA == nil || !m.C2PA.Embedded || len(res.Variants[i].Warnings) != 0 {
			t.Errorf("%s: manifest %+v: %v (warnings %q)", id, m, err, res.Variants[i].Warnings)
		}
		if r := c2patest.Read(t, out); !r.Valid || !r.Has("assertion.bmffHash.match") {
			t.Errorf("%s: credentials:\n%s", id, r)
		}
	}
	batch(keyFile, certFile, pipeline.VariantUpToDate)
}

// TestReusedFilmIsSignedAgain: with ReuseFilms (the render service), a
// film copied from an earlier signed render is signed again with this
// render's key, or stripped of the earlier credentials without one.
func TestReusedFilmIsSignedAgain(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := writeProject(t, dir, "output: {path: out/film.mp4, size: 160x90, fps: 10}\nscenes:\n  - {placeholder: {text: one}, duration: 1s}\n")
	keyFile, certFile := c2patest.Credentials(t, t.TempDir())
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{})
	out := filepath.Join(dir, "out", "film.mp4")
	render := func(key, cert string) {
		t.Helper()
		if _, err := eng.Render(context.Background(), pipeline.Request{Path: path, WorkRoot: filepath.Join(dir, "work"), ReuseFilms: true, SignKey: key, SignCert: cert}); err != nil {
			t.Fatal(err)
		}
	}
	render(keyFile, certFile)
	if _, err := c2pa.Verify(out); err != nil {
		t.Fatalf("signed: %v", err)
	}
	render("", "")
	if _, err := c2pa.Verify(out); !errors.Is(err, c2pa.ErrNoCredentials) {
		t.Errorf("reused without a key: %v", err)
	}
	render(keyFile, certFile)
	if _, err := c2pa.Verify(out); err != nil {
		t.Errorf("reused and signed again: %v", err)
	}
	if m, err := provenance.Read(out + provenance.Suffix); err != nil || m.Output.SHA256 != fileSHA(t, out) {
		t.Errorf("manifest %+v: %v", m, err)
	}
}
