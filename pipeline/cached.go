package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe"
)

// rememberFFmpeg is what compute learns from the FFmpeg at bin, remembered
// in the cache by the binary's path, size and modification time (an
// upgraded FFmpeg is asked again), and computed afresh without a cache.
func rememberFFmpeg(bin string, dirs CacheDirs, what string, out any, compute func() (any, error)) error {
	path, err := ffmpeg.LookPath(bin)
	if !dirs.On || err != nil { // compute reports a missing FFmpeg
		v, err := compute()
		if err != nil {
			return err
		}
		b, _ := json.Marshal(v)
		return json.Unmarshal(b, out)
	}
	_, err = cache.Remember(dirs.Root, "ffmpeg", what, path, out, compute)
	return err
}

// applyCache keys the plan's jobs: the content of every file it reads, the
// FFmpeg version, and each job's arguments.
func applyCache(pl *plan.Plan, dirs CacheDirs, version <-chan versionResult) error {
	root := dirs.Root
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

// prober probes through the cache when it is on: a source unchanged since
// its last probe (same path, size and time, same ffprobe) is not probed again.
func prober(ffprobe string, dirs CacheDirs) func(context.Context, string) (*probe.Info, error) {
	if !dirs.On {
		return func(ctx context.Context, path string) (*probe.Info, error) {
			return probeScan(ctx, ffprobe, path)
		}
	}
	return func(ctx context.Context, path string) (*probe.Info, error) {
		var info probe.Info
		ok, err := cache.Remember(dirs.Root, "probes", ffprobe+"\x00"+plan.FormatVersion+"\x00"+probe.Version, path, &info, func() (any, error) {
			return probeScan(ctx, ffprobe, path)
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
