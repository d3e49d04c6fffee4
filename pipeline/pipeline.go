// Package pipeline orders the stages of a render: load the project strictly,
// discover the transitions, probe every source, and compile the plan. Nothing
// here encodes; the executor runs the plan.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/source"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/transitions"
)

// Env is how the stages reach the tools and where they write.
type Env struct {
	FFmpeg     string
	FFprobe    string
	FCList     string                 // fontconfig's fc-list, to measure card text (default "fc-list")
	Catalogue  *transitions.Catalogue // discovered from FFmpeg when nil
	WorkDir    string                 // the render's work directory
	TempTag    string                 // makes the temporary output name unique (e.g. the pid)
	Output     string                 // overrides the project's output path when set
	OutputFlag string                 // how the caller names Output in messages, e.g. "-o" (default "output")
	Probes     int                    // probes at once (default 4)
	CacheDir   string                 // job cache root (default: .reel-cache beside the project)
	NoCache    bool                   // render every job afresh and store nothing
	Preview    bool                   // a draft: half the width and height, a fast preset, the same timing

	Generate    GenMode     // prompt scenes: placeholder cards (zero), cached clips only, or generate the missing
	Regenerate  []string    // ids of scenes whose clips are downloaded or generated again
	SourceCache string      // downloaded and generated clips (default: <cache dir>/sources)
	SourceDeps  source.Deps // network, environment, timings and log of the generators
}

// Prepared is a project ready to render.
type Prepared struct {
	Project *config.Project
	Spec    *spec.Spec // what the plan was built from
	Media   map[string]*probe.Info
	Plan    *plan.Plan
	Sources *SourceReport // downloaded and generated scenes
}

// Prepare loads the project at path, probes its sources and builds the plan.
// Invalid projects return config.Errors naming file, line and field.
func Prepare(ctx context.Context, path string, env Env) (*Prepared, error) {
	version := ffmpegVersion(ctx, env, path)
	cat, err := catalogue(ctx, env, path)
	if err != nil {
		return nil, err
	}
	proj, err := config.Load(path, config.Options{
		CheckTransition: func(name string) error { _, err := cat.Lookup(name); return err },
		CheckCurve:      transitions.CheckCurve,
		Partial:         true,
	})
	if err != nil {
		return nil, withProbeErrors(ctx, proj, env, withOutputError(proj, env, err))
	}
	if err := finalOutput(proj, env); err != nil {
		return nil, err
	}
	if err := checkOutput(proj, env, CacheDir(proj, env.CacheDir), env.SourceCache); err != nil {
		return nil, err
	}
	sources, err := ResolveSources(ctx, proj, env)
	if err != nil {
		return nil, err
	}
	if env.Preview {
		previewOutput(proj)
	}
	media, err := probeAll(ctx, proj, env.Probes, prober(proj, env))
	if err != nil {
		return nil, err
	}
	memo := ""
	if !env.NoCache {
		memo = CacheDir(proj, env.CacheDir)
	}
	shots, err := analyse(ctx, proj, media, env.FFmpeg, memo)
	if err != nil {
		return nil, err
	}
	if err := checkLibass(ctx, env, proj); err != nil {
		return nil, err
	}
	sp := &spec.Spec{Project: proj, Film: proj, Renditions: renditions(proj, env.Preview),
		Media: media, Catalogue: cat, Shots: shots, Text: MeasureText(ctx, proj, env.FCList), Draft: env.Preview}
	if !env.Preview { // a preview's draft must not overwrite the real poster and sheet
		sp.Poster, sp.Thumbnails = proj.Poster, proj.Thumbnails
	}
	pl, err := planSpec(sp, env, version)
	if err != nil {
		return nil, err
	}
	pl.Warnings = append(pl.Warnings, sources.Warnings...)
	return &Prepared{Project: proj, Spec: sp, Media: media, Plan: pl, Sources: sources}, nil
}

// renditions are the outputs a render of p writes: every output, the first
// being the film's own (with the path override applied); a preview is a
// draft of the film alone.
func renditions(p *config.Project, preview bool) []config.Output {
	outs := []config.Output{p.Output}
	if len(p.Outputs) > 1 && !preview {
		outs = append(outs, p.Outputs[1:]...)
	}
	return outs
}

// planSpec builds the plan of sp, checks what it reads and, unless the
// cache is off, keys its jobs.
func planSpec(sp *spec.Spec, env Env, version <-chan versionResult) (*plan.Plan, error) {
	proj := sp.Project
	pl, err := plan.Build(plan.Input{Spec: sp,
		WorkDir: env.WorkDir, TempTag: env.TempTag})
	if err != nil {
		return nil, err
	}
	if err := checkPlanInputs(proj, env, pl.ExternalInputs()); err != nil {
		return nil, err
	}
	if !env.NoCache {
		if err := applyCache(pl, proj, env, version); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

// ProbeAll probes every distinct source of the project, a few at once, and
// reports each unreadable one against the scene that uses it (config.Errors).
// A cancelled probe is a cancellation, not a project error.
func ProbeAll(ctx context.Context, p *config.Project, ffprobe string, parallel int) (map[string]*probe.Info, error) {
	return probeAll(ctx, p, parallel, func(ctx context.Context, path string) (*probe.Info, error) {
		return probe.Probe(ctx, ffprobe, path)
	})
}

// probeAll is ProbeAll with the probe function given.
func probeAll(ctx context.Context, p *config.Project, parallel int, probeFn func(context.Context, string) (*probe.Info, error)) (map[string]*probe.Info, error) {
	if parallel <= 0 {
		parallel = 4
	}
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		media = map[string]*probe.Info{}
		fails = map[string]error{}
		sem   = make(chan struct{}, parallel)
	)
	uses := probeUses(p)
	for _, s := range uses {
		if s.Path == "" {
			continue
		}
		if _, seen := media[s.Path]; seen {
			continue
		}
		media[s.Path] = nil
		wg.Add(1)
		go func(path string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			info, err := probeFn(ctx, path)
			mu.Lock()
			defer mu.Unlock()
			media[path], fails[path] = info, err
		}(s.Path)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("probing cancelled: %w", err)
	}
	var errs config.Errors
	for _, s := range uses {
		if err := fails[s.Path]; err != nil {
			errs = append(errs, s.Pos.Errorf("cannot use this file: %v", err))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return media, nil
}

// probeUses lists every file the project reads with where it is written:
// the scenes' sources, then the audio section's beds and voice-overs.
func probeUses(p *config.Project) []config.AudioFile {
	var uses []config.AudioFile
	for _, s := range p.Scenes {
		uses = append(uses, config.AudioFile{Path: s.Source, Pos: s.SourcePos})
	}
	return append(uses, p.Audio.Files()...)
}

// withProbeErrors adds to an invalid project's errors the problems of the
// scene sources that exist, so a broken clip is reported in the same round
// as a typo instead of after it is fixed.
func withProbeErrors(ctx context.Context, proj *config.Project, env Env, err error) error {
	var errs config.Errors
	if proj == nil || !errors.As(err, &errs) {
		return err
	}
	ok := &config.Project{}
	for _, s := range proj.Scenes {
		if fi, serr := os.Stat(s.Source); s.Source != "" && serr == nil && fi.Mode().IsRegular() && fi.Size() > 0 { // config reports empty files
			ok.Scenes = append(ok.Scenes, s)
		}
	}
	_, perr := ProbeAll(ctx, ok, env.FFprobe, env.Probes)
	var more config.Errors
	if !errors.As(perr, &more) {
		return errs
	}
	all := append(append(config.Errors{}, errs...), more...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}
