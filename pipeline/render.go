package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/spec"
)

// Result is what a render did.
type Result struct {
	Spec     *spec.Spec
	Plan     *plan.Plan
	Stats    *exec.Stats
	Outputs  []string      // the files written, renditions first, then the poster, the sheet and its index
	Warnings []string      // the plan's, the sources', then what the jobs found while running
	Sources  *SourceReport // downloaded and generated scenes
	// Manifests are the sidecar manifests written beside the outputs
	// (<output>.manifest.json, see package provenance).
	Manifests []string
	// Notices are what the caller should tell the user once (no signing
	// key: the outputs carry no Content Credentials).
	Notices []string
}

// RemoteJobs is how many jobs a render with a Remote has out at once.
const RemoteJobs = 256

// Render loads, resolves, plans and runs the request's project on this
// machine, in a fresh work directory under the request's work root (removed
// afterwards, unless KeepWork). Cancelling ctx stops every job; a failed or
// cancelled render leaves nothing new at any output path. Problems in the
// project are config.Errors; mistakes in the request are *RequestError; a
// failed job is an *exec.JobError.
func (e *Engine) Render(ctx context.Context, req Request) (*Result, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	signer, err := req.signer()
	if err != nil {
		return nil, err
	}
	dir, err := req.projectDir()
	if err != nil {
		return nil, &RequestError{Field: "project", Err: err}
	}
	log := req.log()
	if err := prepareCache(e.cache.For(dir), log); err != nil {
		return nil, err
	}
	work, err := newWorkDir(req.workRoot(), log)
	if err != nil {
		return nil, err
	}
	prep, err := e.prepare(ctx, req, work, strconv.Itoa(os.Getpid()))
	if err != nil {
		os.RemoveAll(work)
		return nil, err
	}
	release, err := claim(prep.Written())
	if err != nil {
		os.RemoveAll(work)
		return nil, err
	}
	defer release()
	if req.KeepWork {
		defer exec.KeepWorkDir(work)
	} else {
		defer os.RemoveAll(work)
	}
	film, err := e.provenanceFilm(ctx, req, prep)
	if err != nil {
		return nil, err
	}
	seal := newSealer(film, prep, signer)
	if req.OnPlan != nil {
		req.OnPlan(prep)
	}
	pl := prep.Plan
	log.Info("render", "project", pl.Project, "output", pl.Output, "frames", pl.Frames, "jobs", len(pl.Jobs), "work_dir", work)
	jobs, remote := req.Jobs, req.Remote
	if h, ok := remote.(interface{ Here() bool }); ok && h.Here() {
		remote = nil // it chose, once the film was planned, to run it here
	}
	if remote != nil {
		// Every job ready is handed out at once, in the schedule's order
		// (the longest chain first): the workers' queue holds them.
		jobs = max(jobs, RemoteJobs)
	}
	st, err := exec.Run(ctx, pl, exec.Options{FFmpeg: e.tools.FFmpeg, Jobs: jobs, OnEvent: jobLog(ctx, log, pl, e.tools.FFmpeg, req.OnEvent), KeepWork: req.KeepWork, ReuseFilms: req.ReuseFilms,
		Seal: seal.seal, Remote: remote})
	if err != nil {
		return nil, err
	}
	res := &Result{Spec: prep.Spec, Plan: pl, Stats: st, Sources: prep.Sources,
		Outputs: delivered(pl), Warnings: append(append([]string{}, pl.Warnings...), st.Warnings...)}
	if res.Manifests, err = writeManifests(film, prep, seal.signed); err != nil {
		return nil, err
	}
	res.Notices = prep.Notices()
	for _, n := range res.Notices {
		log.Info(n)
	}
	return res, nil
}

// prepareCache makes sure the cache can be written and removes the partial
// entries of jobs no one is running (a leftover only costs disk space).
func prepareCache(dirs CacheDirs, log *slog.Logger) error {
	if !dirs.On {
		return nil
	}
	if err := CheckWritableDir(dirs.Root); err != nil {
		return &RequestError{Field: "cache_dir", Err: fmt.Errorf("cache directory %s: %w", dirs.Root, err)}
	}
	partials, _ := cache.CleanPartials(dirs.Root)
	for _, d := range partials {
		log.Info("removed the partial cache entry of a job no one is running", "dir", d)
	}
	return nil
}

// newWorkDir makes a fresh work directory in root, after removing those
// of reels that are no longer running.
func newWorkDir(root string, log *slog.Logger) (string, error) {
	if err := CheckWritableDir(root); err != nil {
		return "", &RequestError{Field: "work_dir", Err: fmt.Errorf("work directory %s: %w", root, err)}
	}
	work, stale, err := exec.NewWorkDir(root)
	for _, d := range stale {
		log.Info("removed the work directory of a reel that is no longer running", "dir", d)
	}
	if work == "" {
		return "", &RequestError{Field: "work_dir", Err: err}
	} else if err != nil {
		log.Warn("stale work directories", "error", err)
	}
	return work, nil
}

// jobLog passes the jobs' events on, logging each job's command when it
// starts at debug level.
func jobLog(ctx context.Context, log *slog.Logger, pl *plan.Plan, bin string, next func(Event)) func(Event) {
	debug := log.Enabled(ctx, slog.LevelDebug)
	byID := map[string]*plan.Job{}
	for i := range pl.Jobs {
		byID[pl.Jobs[i].ID] = &pl.Jobs[i]
	}
	return func(ev Event) {
		if j := byID[ev.Job]; debug && j != nil && ev.State == "start" {
			args, _ := plan.Expand(j.Args, plan.JobEnv(j, ev.Threads))
			log.Debug("job started", "job", ev.Job, "threads", ev.Threads, "command", ffmpeg.ShellQuote(append([]string{bin}, args...)))
		}
		if next != nil {
			next(ev)
		}
	}
}

// delivered lists the files the plan delivers: what a successful run
// wrote (a file of the spec the planner does not make yet is not claimed).
func delivered(pl *plan.Plan) []string {
	var out []string
	for _, f := range pl.Deliver {
		out = append(out, f.Path)
	}
	return out
}

// Written lists the files the prepared render writes: renditions, then the
// poster, the thumbnail sheet and its WebVTT index.
func (p *Prepared) Written() []string {
	var out []string
	if p.sel != nil {
		for _, w := range p.sel.files {
			out = append(out, w.path)
		}
	}
	return out
}
