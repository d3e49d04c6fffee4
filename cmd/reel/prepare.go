package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/source"
)

// prepOpts are a command's choices for preparing a project.
type prepOpts struct {
	WorkDir string // the render's work directory
	TempTag string // makes the temporary output unique ("" for plan and validate)
	Output  string // -o, overriding the project's output path
	Preview bool   // --preview: a quarter-size draft
	NoCache bool   // --no-cache: no job keys, nothing stored

	Generate   pipeline.GenMode // prompt scenes: placeholders, cached only, or generate the missing
	Regenerate []string         // --regenerate: scene ids made again
	Log        *slog.Logger     // generator progress and retries
}

// prepareProject loads, probes and plans the project for a command. A
// project file that does not exist, or an output flag with an extension reel
// cannot write, is a usage error.
func prepareProject(ctx context.Context, s settings, path string, o prepOpts) (*pipeline.Prepared, error) {
	output := o.Output
	if fi, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usage(fmt.Errorf("project file %s does not exist", path))
	} else if err != nil {
		return nil, usage(fmt.Errorf("project file: %w", err))
	} else if fi.IsDir() {
		return nil, usage(fmt.Errorf("project file %s is a directory (name the .yaml file)", path))
	}
	if err := checkOutputExt(output); err != nil {
		return nil, err
	}
	return pipeline.Prepare(ctx, path, pipeline.Env{
		FFmpeg: s.FFmpeg, FFprobe: s.FFprobe, WorkDir: o.WorkDir, TempTag: o.TempTag, Output: output, OutputFlag: "-o",
		CacheDir: s.CacheDir, NoCache: o.NoCache, Preview: o.Preview,
		Generate: o.Generate, Regenerate: o.Regenerate, SourceDeps: source.Deps{Log: o.Log},
	})
}

// checkOutputExt refuses an -o whose extension reel cannot write (a usage
// error); "" is no -o.
func checkOutputExt(output string) error {
	if output == "" {
		return nil
	}
	ext := strings.ToLower(filepath.Ext(output))
	if !slices.Contains(config.Containers, ext) {
		return usage(fmt.Errorf("-o %s: reel writes %s files%s", output, strings.Join(config.Containers, ", "), suggest.Hint(ext, config.Containers)))
	}
	return nil
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
