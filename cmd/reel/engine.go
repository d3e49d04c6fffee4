package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/pipeline"
)

// newEngine is the render engine of the settings' tools, with the cache
// off for noCache.
func newEngine(s settings, noCache bool) *pipeline.Engine {
	return pipeline.NewEngine(pipeline.Tools{FFmpeg: s.FFmpeg, FFprobe: s.FFprobe}, pipeline.Cache{Off: noCache, Dir: s.CacheDir})
}

// newRequest is the request for the project at path with the settings'
// jobs, work directory and log; the command fills in its own choices.
func newRequest(cmd *cobra.Command, s settings, path string) pipeline.Request {
	return pipeline.Request{Path: path, OutputFlag: "-o", Jobs: s.Jobs, WorkRoot: s.WorkDir, Log: logger(s, cmd.ErrOrStderr())}
}

// Fixes the CLI adds to a request's problems with its directories.
const (
	workDirFix  = "set work_dir (--work-dir or REEL_WORK_DIR) to a directory you can write to"
	cacheDirFix = "set cache_dir, --cache-dir or REEL_CACHE_DIR, to a directory you can write to, or render with --no-cache"
)

// cliError makes a request's mistake a usage error, with how to fix it on
// the command line; other errors pass unchanged.
func cliError(err error) error {
	var re *pipeline.RequestError
	if !errors.As(err, &re) {
		return err
	}
	switch re.Field {
	case "work_dir":
		return usage(fmt.Errorf("%w (%s)", err, workDirFix))
	case "cache_dir":
		return usage(fmt.Errorf("%w (%s)", err, cacheDirFix))
	}
	return usage(err)
}

// logger returns a logger on stderr at the settings' level.
func logger(s settings, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(s.LogLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// warn prints the plan's warnings on stderr.
func warn(cmd *cobra.Command, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintln(cmd.ErrOrStderr(), "reel: warning: "+secret.RedactTokens(w))
	}
}
