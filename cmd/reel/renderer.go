package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/progress"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
)

// renderProject prepares and runs one render with progress on stderr, in a
// fresh work directory that is removed afterwards (unless keepWork). render
// and watch share it.
func renderProject(cmd *cobra.Command, s settings, path string, o prepOpts, progressMode string, keepWork bool) (*pipeline.Prepared, *exec.Stats, error) {
	rep, err := progress.New(progressMode, cmd.ErrOrStderr())
	if err != nil {
		return nil, nil, usage(err)
	}
	if !o.NoCache {
		root := pipeline.CacheRoot(filepath.Dir(path), s.CacheDir)
		if err := pipeline.CheckWritableDir(root); err != nil {
			return nil, nil, usage(fmt.Errorf("cache directory %s: %w (set cache_dir, --cache-dir or REEL_CACHE_DIR, to a directory you can write to, or render with --no-cache)", root, err))
		}
		partials, _ := cache.CleanPartials(root) // a leftover only costs disk space
		for _, d := range partials {
			logger(s, cmd.ErrOrStderr()).Info("removed the partial cache entry of a job no one is running", "dir", d)
		}
	}
	if err := pipeline.CheckWritableDir(s.WorkDir); err != nil {
		return nil, nil, usage(fmt.Errorf("work directory %s: %w (%s)", s.WorkDir, err, workDirFix))
	}
	log := logger(s, cmd.ErrOrStderr())
	work, stale, err := exec.NewWorkDir(s.WorkDir)
	for _, d := range stale {
		log.Info("removed the work directory of a reel that is no longer running", "dir", d)
	}
	if work == "" {
		return nil, nil, usage(fmt.Errorf("%w (%s)", err, workDirFix))
	} else if err != nil {
		log.Warn("stale work directories", "error", err)
	}
	if keepWork {
		fmt.Fprintln(cmd.ErrOrStderr(), "reel: keeping the work directory "+work)
		defer exec.KeepWorkDir(work)
	} else {
		defer os.RemoveAll(work)
	}
	o.WorkDir = work
	prep, err := prepareProject(cmd.Context(), s, path, o)
	if err != nil {
		return nil, nil, err
	}
	pl := prep.Plan
	warn(cmd, pl.Warnings)
	log.Info("render", "project", pl.Project, "output", pl.Output, "frames", pl.Frames, "jobs", len(pl.Jobs), "work_dir", work)
	debug := log.Enabled(cmd.Context(), slog.LevelDebug)
	byID := map[string]*plan.Job{}
	for i := range pl.Jobs {
		byID[pl.Jobs[i].ID] = &pl.Jobs[i]
	}
	onEvent := func(ev exec.Event) {
		if debug && ev.State == "start" {
			j := byID[ev.Job]
			args, _ := plan.Expand(j.Args, plan.JobEnv(j, ev.Threads))
			log.Debug("job started", "job", ev.Job, "threads", ev.Threads, "command", ffmpeg.ShellQuote(append([]string{s.FFmpeg}, args...)))
		}
		rep.Event(ev)
	}
	st, err := exec.Run(cmd.Context(), pl, exec.Options{FFmpeg: s.FFmpeg, Jobs: s.Jobs, OnEvent: onEvent, KeepWork: keepWork})
	rep.Finish()
	return prep, st, err
}

// workDirFix says how to choose another work directory.
const workDirFix = "set work_dir (--work-dir or REEL_WORK_DIR) to a directory you can write to"
