package pipeline_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

// genProject has two prompt scenes with the same clip (one generator call),
// one other prompt, a URL source and a generator that fails.
const genProject = `output: {size: 64x36, fps: 10}
generators:
  ff:
    kind: command
    run: [FFMPEG, -hide_banner, -loglevel, error, -y, -f, lavfi, -i, "color=c=blue:s={width}x{height}:r=10:d={seconds}",
          -metadata, "title={prompt}", -c:v, libx264, -preset, ultrafast, "{output}"]
    parallel: 2
  broken:
    kind: command
    run: [FFMPEG, -hide_banner, -loglevel, error, -f, lavfi, -i, "nosuchsource", "{output}", "{prompt}"]
scenes:
  - {id: a, prompt: "storm: it's dark", generator: ff, duration: 1s, seed: 1}
  - {id: b, prompt: "storm: it's dark", generator: ff, duration: 1s, seed: 1}
  - {id: c, prompt: "calm", generator: ff, duration: 0.5s}
  - {id: d, source: URL/clip.mp4}
`

// load writes genProject (with the failing scene when broken) and loads it.
func load(t *testing.T, dir, url string, broken bool) *config.Project {
	t.Helper()
	src := strings.ReplaceAll(strings.ReplaceAll(genProject, "FFMPEG", fftest.FFmpeg()), "URL", url)
	if broken {
		src += "  - {id: e, prompt: \"never\", generator: broken, duration: 1s}\n"
	}
	path := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestResolveSources(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	media := t.TempDir()
	clip := fftest.Make(t, media, fftest.Clip{Name: "clip.mp4", Width: 64, Height: 36, Seconds: 0.5})
	var downloads int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		downloads++
		http.ServeFile(w, r, clip)
	}))
	defer srv.Close()
	dir := t.TempDir()
	opts := pipeline.SourceOptions{FFprobe: fftest.FFprobe(), Cache: pipeline.Cache{Sources: filepath.Join(dir, "cache")}.For(dir)}
	ctx := context.Background()

	run := func(mode pipeline.GenMode, regen ...string) (*config.Project, *pipeline.SourceReport) {
		t.Helper()
		p := load(t, dir, srv.URL, false)
		opts.Generate, opts.Regenerate = mode, regen
		film, r, err := pipeline.ResolveSources(ctx, p, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.Scenes { // the loaded project is not changed
			if (s.URL != "" || s.Prompt != nil) && (s.Source != "" || s.Placeholder != nil) {
				t.Fatalf("resolving changed the loaded project's scene %s: source %q, placeholder %v", s.ID, s.Source, s.Placeholder)
			}
		}
		return film, r
	}
	counts := func(r *pipeline.SourceReport) [4]int { return [4]int{r.Calls, r.Hits, r.Misses, r.Downloads} }

	p, r := run(pipeline.GenCachedOnly)
	if got := counts(r); got != [4]int{2, 0, 3, 1} || p.Scenes[0].Placeholder == nil || p.Scenes[0].Placeholder.Text != "storm: it's dark" {
		t.Fatalf("plan before generating: counts %v, scene a %+v", got, p.Scenes[0])
	}
	p, r = run(pipeline.GenMissing)
	if got := counts(r); got != [4]int{2, 0, 3, 0} || p.Scenes[0].Source == "" || p.Scenes[0].Source != p.Scenes[1].Source {
		t.Fatalf("render: counts %v, sources %q %q", got, p.Scenes[0].Source, p.Scenes[1].Source)
	}
	if _, r = run(pipeline.GenMissing); counts(r) != [4]int{0, 3, 0, 0} || len(r.Warnings) != 0 {
		t.Fatalf("second render: counts %v, warnings %q, want every clip from the cache", counts(r), r.Warnings)
	}
	corruptMiddle(t, p.Scenes[2].Source, 0.5) // the middle of scene c's clip, same size and time
	if _, r = run(pipeline.GenMissing); counts(r) != [4]int{1, 2, 1, 0} || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "ff: calm") {
		t.Fatalf("after damage: counts %v, warnings %q; want scene c made again, with a warning", counts(r), r.Warnings)
	}
	if n := fftest.FrameCount(t, p.Scenes[2].Source); n != 5 {
		t.Errorf("the clip made again has %d frames, want 5", n)
	}
	if _, r = run(pipeline.GenMissing, "c", "d"); counts(r) != [4]int{1, 2, 1, 1} {
		t.Fatalf("--regenerate c,d: counts %v", counts(r))
	}
	if p, r = run(pipeline.GenPlaceholders); r.Calls != 0 || p.Scenes[2].Placeholder == nil {
		t.Fatalf("--placeholders: %v", counts(r))
	}
	if downloads != 2 {
		t.Errorf("%d downloads, want 2 (once, then once more for --regenerate)", downloads)
	}
}

func TestResolveSourcesErrors(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	env := pipeline.SourceOptions{FFprobe: fftest.FFprobe(), Cache: pipeline.Cache{Sources: filepath.Join(dir, "cache")}.For(dir), Generate: pipeline.GenMissing}
	_, _, err := pipeline.ResolveSources(context.Background(), load(t, dir, srv.URL, true), env)
	var ce config.Errors
	if err == nil || !strings.Contains(err.Error(), "p.yaml:15: scenes[3].source: cannot use "+srv.URL+"/clip.mp4: download") {
		t.Fatalf("a missing URL: %v (%T, config errors: %v)", err, err, ce)
	}
	media := t.TempDir()
	clip := fftest.Make(t, media, fftest.Clip{Name: "clip.mp4", Width: 64, Height: 36, Seconds: 0.5})
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, clip) }))
	defer ok.Close()
	_, _, err = pipeline.ResolveSources(context.Background(), load(t, dir, ok.URL, true), env)
	if err == nil || !strings.Contains(err.Error(), `scene "e" (scenes[4]): generator "broken" (command): ffmpeg exited with code`) || !strings.Contains(err.Error(), "nosuchsource") {
		t.Fatalf("a failing generator: %v", err)
	}
	env.Regenerate = []string{"z"}
	if _, _, err := pipeline.ResolveSources(context.Background(), load(t, dir, srv.URL, true), env); err == nil || !strings.Contains(err.Error(), `--regenerate z: no scene has this id`) {
		t.Fatalf("unknown --regenerate: %v", err)
	}
}
