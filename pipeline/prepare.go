package pipeline

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
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
	sp, sel, sources, fontErrs, err := e.resolve(ctx, proj, req, dirs)
	if err != nil {
		return nil, err
	}
	pl, err := buildPlan(sp, sel.files, workDir, tag, req.ChunkSeconds, dirs, version)
	if len(fontErrs) > 0 {
		return nil, mergeErrors(asWritten(fontErrs, proj.Dir), err) // one round: the fonts' and the plan's problems
	}
	if err != nil {
		return nil, err
	}
	pl.Warnings = append(pl.Warnings, sources.Warnings...)
	return &Prepared{Project: proj, Spec: sp, Media: sp.Media, Plan: pl, Sources: sources, sel: sel}, nil
}

// buildPlan plans sp (scene bodies split into chunks of about chunk
// seconds, none when 0), refuses a plan that reads one of the files the
// render writes, and keys the jobs when the cache is on.
func buildPlan(sp *spec.Spec, files []written, workDir, tag string, chunk float64, dirs CacheDirs, version <-chan versionResult) (*plan.Plan, error) {
	pl, err := plan.Build(plan.Input{Spec: sp, WorkDir: workDir, TempTag: tag, ChunkFrames: chunkFrames(chunk, sp.Film.Output.FPS)})
	if err != nil {
		return nil, asWritten(err, sp.Film.Dir)
	}
	for i, w := range pl.Warnings {
		pl.Warnings[i] = trimDir(w, sp.Film.Dir)
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
// statistics and the cards' text widths. Problems with the text layers'
// fonts come back apart (fontErrs), with a spec that lays those layers out
// by estimate, so that planning reports its problems in the same round.
func (e *Engine) resolve(ctx context.Context, proj *config.Project, req Request, dirs CacheDirs) (sp *spec.Spec, sel *selection, sources *SourceReport, fontErrs config.Errors, err error) {
	sel, err = selectOutputs(proj, req)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := checkOutputs(proj, sel, dirs); err != nil {
		return nil, nil, nil, nil, err
	}
	film, sources, err := ResolveSources(ctx, proj, SourceOptions{FFprobe: e.tools.FFprobe, Cache: dirs,
		Generate: req.Generate, Regenerate: req.Regenerate, Deps: e.sourceDeps(req)})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	sp = resolveSpec(proj, film, sel, req.Preview)
	if sp.Media, err = probeAll(ctx, film, e.tools.Probes, prober(e.tools.FFprobe, dirs)); err != nil {
		return nil, nil, nil, nil, err
	}
	if sp.Shots, err = analyse(ctx, film, sp.Media, e.tools.FFmpeg, dirs.Memo()); err != nil {
		return nil, nil, nil, nil, err
	}
	if err := e.checkLibass(ctx, dirs, film); err != nil {
		return nil, nil, nil, nil, err
	}
	if sp.Rubberband, err = e.hasRubberband(ctx, dirs, film); err != nil {
		return nil, nil, nil, nil, err
	}
	if sp.Catalogue, err = e.transitions(ctx, dirs); err != nil {
		return nil, nil, nil, nil, err
	}
	sp.Text = MeasureText(ctx, film, e.tools.FCList)
	if sp.Fonts, err = MeasureLayers(ctx, film, e.tools.FCList); err != nil {
		if !errors.As(err, &fontErrs) || sp.Fonts == nil {
			return nil, nil, nil, nil, err
		}
	}
	return sp, sel, sources, fontErrs, nil
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
		err = withProbeErrors(ctx, proj, e.tools.FFprobe, e.tools.Probes, withOutputError(proj, req, dirs, err))
		return nil, e.withFontErrors(ctx, proj, err)
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

// withFontErrors adds to an invalid project's problems those of its text
// layers' fonts (a family that is not installed, a font file that cannot
// be read), which are otherwise found only once the rest is right. A
// field already reported is not reported twice.
func (e *Engine) withFontErrors(ctx context.Context, proj *config.Project, err error) error {
	if proj == nil {
		return err
	}
	_, ferr := MeasureLayers(ctx, proj, e.tools.FCList)
	return mergeErrors(err, asWritten(ferr, proj.Dir))
}

// mergeErrors joins two rounds of a project's problems in file order,
// leaving out b's problems at a field a already reports. When either is
// not a list of problems, a wins if it is an error, else b.
func mergeErrors(a, b error) error {
	var ea, eb config.Errors
	switch {
	case a == nil:
		return b
	case b == nil || !errors.As(a, &ea) || !errors.As(b, &eb):
		return a
	}
	seen := map[string]bool{}
	for _, e := range ea {
		seen[e.File+"\x00"+e.Path] = true
	}
	all := append(config.Errors{}, ea...)
	for _, e := range eb {
		if e.Path == "" || !seen[e.File+"\x00"+e.Path] {
			all = append(all, e)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}

// asWritten names the files in a plan's problems as the project names
// them: relative to the project's directory dir when they lie inside it
// (the plan sees them resolved to absolute paths).
func asWritten(err error, dir string) error {
	var errs config.Errors
	if !errors.As(err, &errs) {
		return err
	}
	out := make(config.Errors, len(errs))
	for i, e := range errs {
		c := *e
		c.Msg = trimDir(c.Msg, dir)
		out[i] = &c
	}
	return out
}

// trimDir removes the absolute directory dir (with its separator) where
// it starts a path in msg.
func trimDir(msg, dir string) string {
	if !filepath.IsAbs(dir) || len(dir) < 2 {
		return msg
	}
	prefix := filepath.Clean(dir) + string(filepath.Separator)
	var b strings.Builder
	for {
		i := strings.Index(msg, prefix)
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i])
		if i > 0 && !strings.ContainsRune(" (\"'`,:", rune(msg[i-1])) {
			b.WriteString(prefix) // inside a longer path: left whole
		}
		msg = msg[i+len(prefix):]
	}
}

// chunkFrames is a chunk of seconds in whole frames at fps: the nearest,
// at least one; 0 (no chunks) for 0.
func chunkFrames(seconds float64, fps frac.Rational) int64 {
	if seconds <= 0 || fps.Den == 0 {
		return 0
	}
	return max(1, int64(math.Round(seconds*float64(fps.Num)/float64(fps.Den))))
}
