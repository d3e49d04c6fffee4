package pipeline

import (
	"context"
	"path/filepath"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/source"
	"github.com/reel-film/reel/pipeline/spec"
)

// Plan loads, resolves and plans the request's project without running a
// job (reel plan, validate): sources are downloaded (and, under
// GenMissing, generated) and probed; the plan's work directory is
// <work root>/reel-plan, which is not created. Problems in the project are
// config.Errors naming file, line and field; mistakes in the request are
// *RequestError.
func (e *Engine) Plan(ctx context.Context, req Request) (*Prepared, error) {
	return e.prepare(ctx, req, filepath.Join(req.workRoot(), "reel-plan"), "")
}

// prepare loads the project, resolves it into a spec and builds the plan,
// whose jobs write in workDir and whose outputs' temporary names are
// tagged with tag.
func (e *Engine) prepare(ctx context.Context, req Request, workDir, tag string) (*Prepared, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	if req.Data == nil && isCut(req.Path) {
		return e.prepareCut(ctx, req, workDir, tag)
	}
	dir, dirs, err := e.cacheDirs(req)
	if err != nil {
		return nil, err
	}
	version := e.ffmpegVersion(ctx, dirs)
	proj, err := e.load(ctx, req, dir, dirs)
	if err != nil {
		return nil, err
	}
	sp, sel, sources, err := e.resolve(ctx, proj, req, dirs)
	if err != nil {
		return nil, err
	}
	pl, err := buildPlan(sp, sel.files, workDir, tag, dirs, version)
	if err != nil {
		return nil, err
	}
	pl.Warnings = append(pl.Warnings, sources.Warnings...)
	return &Prepared{Project: proj, Spec: sp, Media: sp.Media, Plan: pl, Sources: sources, sel: sel}, nil
}

// buildPlan plans sp, refuses a plan that reads one of the files the
// render writes, and keys the jobs when the cache is on.
func buildPlan(sp *spec.Spec, files []written, workDir, tag string, dirs CacheDirs, version <-chan versionResult) (*plan.Plan, error) {
	pl, err := plan.Build(plan.Input{Spec: sp, WorkDir: workDir, TempTag: tag})
	if err != nil {
		return nil, err
	}
	if err := checkPlanInputs(files, pl.ExternalInputs()); err != nil {
		return nil, err
	}
	if dirs.On {
		if err := applyCache(pl, dirs, version); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

// resolve makes the spec of the render: the outputs the request chose
// (checked before any work), the scenes' sources, the probes, the shots'
// statistics and the cards' text widths.
func (e *Engine) resolve(ctx context.Context, proj *config.Project, req Request, dirs CacheDirs) (*spec.Spec, *selection, *SourceReport, error) {
	sel, err := selectOutputs(proj, req)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := checkOutputs(proj, sel, dirs); err != nil {
		return nil, nil, nil, err
	}
	film, sources, err := ResolveSources(ctx, proj, SourceOptions{FFprobe: e.tools.FFprobe, Cache: dirs,
		Generate: req.Generate, Regenerate: req.Regenerate, Deps: e.sourceDeps(req)})
	if err != nil {
		return nil, nil, nil, err
	}
	sp := resolveSpec(proj, film, sel, req.Preview)
	if sp.Media, err = probeAll(ctx, film, e.tools.Probes, prober(e.tools.FFprobe, dirs)); err != nil {
		return nil, nil, nil, err
	}
	if sp.Shots, err = analyse(ctx, film, sp.Media, e.tools.FFmpeg, dirs.Memo()); err != nil {
		return nil, nil, nil, err
	}
	if err := e.checkLibass(ctx, dirs, film); err != nil {
		return nil, nil, nil, err
	}
	if sp.Rubberband, err = e.hasRubberband(ctx, dirs, film); err != nil {
		return nil, nil, nil, err
	}
	if sp.Catalogue, err = e.transitions(ctx, dirs); err != nil {
		return nil, nil, nil, err
	}
	sp.Text = MeasureText(ctx, film, e.tools.FCList)
	if sp.Fonts, err = MeasureLayers(ctx, film, e.tools.FCList); err != nil {
		return nil, nil, nil, err
	}
	return sp, sel, sources, nil
}

// load reads the project strictly against the engine's transitions. An
// invalid project's errors come with the problems of its outputs and of
// the sources that exist, so that one round reports them all.
func (e *Engine) load(ctx context.Context, req Request, dir string, dirs CacheDirs) (*config.Project, error) {
	cat, err := e.transitions(ctx, dirs)
	if err != nil {
		return nil, err
	}
	opts := config.Options{
		Transitions: cat,
		Partial:     true,
		Values:      req.Values,
		Row:         req.Row,
		Confine:     req.Confine,
	}
	var proj *config.Project
	if req.Data != nil {
		name := req.Name
		if name == "" {
			name = "project.yaml"
		}
		proj, err = config.Parse(req.Data, name, dir, opts)
	} else {
		proj, err = config.Load(req.Path, opts)
	}
	if err != nil && config.Forbidden(err) {
		return nil, err // nothing outside the confinement is probed
	}
	if err != nil {
		return nil, withProbeErrors(ctx, proj, e.tools.FFprobe, e.tools.Probes, withOutputError(proj, req, dirs, err))
	}
	return proj, nil
}

// sourceDeps are the engine's network settings with the request's log.
func (e *Engine) sourceDeps(req Request) source.Deps {
	d := e.tools.Net
	d.Log = req.Log
	return d
}

// cacheDirs are the project directory of req and its cache: the one a
// batch placed, else the engine's policy's for that directory.
func (e *Engine) cacheDirs(req Request) (string, CacheDirs, error) {
	dir, err := req.projectDir()
	if err != nil {
		return "", CacheDirs{}, &RequestError{Field: "project", Err: err}
	}
	if req.dirs != nil {
		return dir, *req.dirs, nil
	}
	return dir, e.cache.For(dir), nil
}
