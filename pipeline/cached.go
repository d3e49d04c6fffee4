package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/transitions"
)

// CacheDir is the job cache of a project: the configured one, or .reel-cache
// beside the project file.
func CacheDir(p *config.Project, configured string) string {
	return CacheRoot(p.Dir, configured)
}

// CacheRoot is CacheDir for a project in dir (also before it is loaded).
func CacheRoot(dir, configured string) string {
	root := configured
	if root == "" {
		root = filepath.Join(dir, ".reel-cache")
	}
	if abs, err := filepath.Abs(root); err == nil {
		return abs
	}
	return root
}

// catalogue is the transitions of env's FFmpeg: the one given, or discovered
// once and remembered (see rememberFFmpeg).
func catalogue(ctx context.Context, env Env, project string) (*transitions.Catalogue, error) {
	if env.Catalogue != nil {
		return env.Catalogue, nil
	}
	var names []string
	err := rememberFFmpeg(env, project, "xfade-names", &names, func() (any, error) {
		c, err := transitions.Discover(ctx, env.FFmpeg)
		if err != nil {
			return nil, err
		}
		return c.XFadeNames(), nil
	})
	if err != nil {
		return nil, err
	}
	return transitions.FromXFadeNames(names)
}

// rememberFFmpeg is what compute learns from env's FFmpeg, remembered in the
// cache by the binary's path, size and modification time (an upgraded FFmpeg
// is asked again), and computed afresh without a cache. project is the
// project file, which places the default cache before the project is loaded.
func rememberFFmpeg(env Env, project, what string, out any, compute func() (any, error)) error {
	bin, err := exec.LookPath(env.FFmpeg)
	if env.NoCache || err != nil { // compute reports a missing FFmpeg
		v, err := compute()
		if err != nil {
			return err
		}
		b, _ := json.Marshal(v)
		return json.Unmarshal(b, out)
	}
	_, err = cache.Remember(CacheRoot(filepath.Dir(project), env.CacheDir), "ffmpeg", what, bin, out, compute)
	return err
}

// versionResult is FFmpeg's version line, asked for while the other stages run.
type versionResult struct {
	line string
	err  error
}

// ffmpegVersion starts asking FFmpeg its version (remembered, see
// rememberFFmpeg) when the cache needs it.
func ffmpegVersion(ctx context.Context, env Env, project string) <-chan versionResult {
	ch := make(chan versionResult, 1)
	if env.NoCache {
		close(ch)
		return ch
	}
	go func() {
		var v string
		err := rememberFFmpeg(env, project, "version", &v, func() (any, error) { return ffmpeg.Version(ctx, env.FFmpeg) })
		ch <- versionResult{v, err}
	}()
	return ch
}

// applyCache keys the plan's jobs: the content of every file it reads, the
// FFmpeg version, and each job's arguments.
func applyCache(pl *plan.Plan, p *config.Project, env Env, version <-chan versionResult) error {
	root := CacheDir(p, env.CacheDir)
	v := <-version
	if v.err != nil {
		return v.err
	}
	keys := map[string]string{}
	for _, in := range pl.ExternalInputs() {
		k, err := cache.FileKey(root, in)
		if err != nil {
			return err
		}
		keys[in] = k
	}
	if err := pl.ApplyCache(plan.Cache{Dir: root, FFmpegVersion: v.line, FileKeys: keys}); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// previewOutput turns the output into a draft: a quarter of the pixels (half
// the width and height, kept even), the fastest preset, the same frame rate
// and timing. (Its name is previewPath's, set before any work.)
func previewOutput(p *config.Project) {
	o := &p.Output
	if o.Codec == "h265" && min(o.Width, o.Height)/2 < config.MinSideH265 {
		o.Preset, o.CRF = "ultrafast", 28 // halved, it would be too small for libx265
		return
	}
	o.Width, o.Height = max(2, o.Width/2&^1), max(2, o.Height/2&^1)
	o.Preset, o.CRF = "ultrafast", 28
}

// previewPath is where a draft goes unless the user named the output:
// ".preview" before the extension, so a draft never replaces the full render.
func previewPath(path string) string {
	ext := filepath.Ext(path)
	return path[:len(path)-len(ext)] + ".preview" + ext
}

// prober probes through the cache when it is on: a source unchanged since
// its last probe (same path, size and time, same ffprobe) is not probed again.
func prober(p *config.Project, env Env) func(context.Context, string) (*probe.Info, error) {
	if env.NoCache {
		return func(ctx context.Context, path string) (*probe.Info, error) {
			return probeScan(ctx, env.FFprobe, path)
		}
	}
	root := CacheDir(p, env.CacheDir)
	return func(ctx context.Context, path string) (*probe.Info, error) {
		var info probe.Info
		ok, err := cache.Remember(root, "probes", env.FFprobe+"\x00"+plan.FormatVersion+"\x00"+probe.Version, path, &info, func() (any, error) {
			return probeScan(ctx, env.FFprobe, path)
		})
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("probe %s: cache entry unreadable", path)
		}
		return &info, nil
	}
}

// probeScan probes the file at path and scans its packets for where its
// streams really end (probe.Extent; an image is decoded), so a truncated
// source is found before any encode. The scan costs about what reading the
// file costs; it is remembered with the probe.
func probeScan(ctx context.Context, ffprobe, path string) (*probe.Info, error) {
	info, err := probe.Probe(ctx, ffprobe, path)
	if err != nil {
		return nil, err
	}
	if info.Extent, err = probe.Scan(ctx, ffprobe, path, info); err != nil {
		return nil, err
	}
	return info, nil
}
