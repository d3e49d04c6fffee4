package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/pipeline"
)

// prepareProject loads, probes and plans the project for a command.
func prepareProject(ctx context.Context, s settings, path, workDir, tempTag, output string) (*pipeline.Prepared, error) {
	return pipeline.Prepare(ctx, path, pipeline.Env{
		FFmpeg: s.FFmpeg, FFprobe: s.FFprobe, WorkDir: workDir, TempTag: tempTag, Output: output,
		Threads: max(1, runtime.NumCPU()/s.Jobs),
	})
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
		fmt.Fprintln(cmd.ErrOrStderr(), "reel: warning: "+w)
	}
}
