package pipeline

import (
	"context"
	"path/filepath"

	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/source"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/transitions"
)

// Env is the settings of Prepare, the entry point before Engine: tools,
// cache policy and one request's choices in one value.
//
// Deprecated: use NewEngine (tools, cache) and Engine.Plan or
// Engine.Render (a Request). Env remains for the tests that still call
// Prepare (pipeline/plan's); it is to be removed with them.
type Env struct {
	FFmpeg     string
	FFprobe    string
	FCList     string
	Catalogue  *transitions.Catalogue
	WorkDir    string // the render's work directory
	TempTag    string // makes the temporary output name unique (e.g. the pid)
	Output     string // a new path for the project's one output, or a rendition's name or path
	OutputFlag string // how messages name Output, e.g. "-o" (default "output")
	Probes     int
	CacheDir   string
	NoCache    bool
	Preview    bool

	Generate    GenMode
	Regenerate  []string
	SourceCache string
	SourceDeps  source.Deps
}

// Prepare loads the project at path, probes its sources and builds the
// plan, as Engine.Plan does with env's settings.
//
// Deprecated: use Engine.Plan.
func Prepare(ctx context.Context, path string, env Env) (*Prepared, error) {
	e := env.engine()
	req := Request{Path: path, OutputFlag: env.OutputFlag, Preview: env.Preview, Generate: env.Generate, Regenerate: env.Regenerate, Log: env.SourceDeps.Log}
	if env.Output != "" {
		req.Outputs = []string{env.Output}
	}
	return e.prepare(ctx, req, env.WorkDir, env.TempTag)
}

// engine is the engine of env's tools and cache policy.
func (env Env) engine() *Engine {
	return NewEngine(Tools{FFmpeg: env.FFmpeg, FFprobe: env.FFprobe, FCList: env.FCList, Catalogue: env.Catalogue, Probes: env.Probes, Net: env.SourceDeps},
		Cache{Off: env.NoCache, Dir: env.CacheDir, Sources: env.SourceCache})
}

// planSpec plans a spec with env's settings, for the tests that change a
// prepared spec (its renditions) before planning.
func planSpec(sp *spec.Spec, env Env, version <-chan versionResult) (*plan.Plan, error) {
	return buildPlan(sp, nil, env.WorkDir, env.TempTag, env.engine().cache.For(sp.Project.Dir), version)
}

// ffmpegVersion is FFmpeg's version as env's engine asks it for the
// project at path (closed without a value when the cache is off).
func ffmpegVersion(ctx context.Context, env Env, path string) <-chan versionResult {
	e := env.engine()
	return e.ffmpegVersion(ctx, e.cache.For(filepath.Dir(path)))
}
