package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/progress"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/exec"
)

func newRenderCmd() *cobra.Command {
	var (
		out, progressMode string
		keepWork, asJSON  bool
		preview, noCache  bool
		placeholders      bool
		regenerate        []string
		deadline          time.Duration
	)
	cmd := &cobra.Command{
		Use:   "render PROJECT",
		Short: "Render a project to its output file",
		Long: `Render a project: each scene is decoded, conformed and encoded by its own
ffmpeg job, each transition window by another (--jobs at once, the longest
chain first; a job running alone gets every core); the whole timeline's audio
is mixed and encoded once; the segments are joined by stream copy. Finished
jobs are kept in the cache (.reel-cache beside the project), so a re-render
encodes only what changed and an interrupted render resumes.

--preview renders a draft (a quarter of the pixels, the fastest preset, the
same frames and timing) about 3x faster than the full render from cold, and
re-renders only what an edit touched; reel watch does that on every save.

The output is written to a hidden temporary file beside the target and renamed
when complete: a failed, killed or cancelled render (Ctrl-C) leaves nothing at
the output path and never replaces an earlier good output.`,
		Example: `  reel render samples/demo/project.yaml
  reel render film.yaml -o out/cut2.mp4 --jobs 4
  reel render film.yaml --progress json 2> progress.jsonl`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			if deadline < 0 {
				return usage(fmt.Errorf("--deadline %s: a deadline must be positive (e.g. 45m), or left out for none", deadline))
			}
			if deadline > 0 {
				ctx, cancel := context.WithTimeout(cmd.Context(), deadline)
				defer cancel()
				cmd.SetContext(ctx)
			}
			gen := pipeline.GenMissing
			if placeholders {
				gen = pipeline.GenPlaceholders
			}
			prep, st, err := renderProject(cmd, s, a[0], prepOpts{TempTag: strconv.Itoa(os.Getpid()), Output: out, Preview: preview, NoCache: noCache,
				Generate: gen, Regenerate: regenerate, Log: logger(s, cmd.ErrOrStderr())}, progressMode, keepWork)
			if err != nil {
				return withDeadline(cmd.Context(), deadline, err)
			}
			pl := prep.Plan
			if asJSON {
				return printJSON(cmd, renderSummary(pl.Output, pl.Frames, pl.Seconds, append(append([]string{}, pl.Warnings...), st.Warnings...), st))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "rendered %s: %d frames, %.3fs, %dx%d @ %v fps, in %.1fs (%d of %d jobs from the cache)\n",
				rel(pl.Output), pl.Frames, pl.Seconds, pl.Width, pl.Height, pl.FPS, st.Wall.Seconds(), st.Cached, len(pl.Jobs))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "output file (default: the project's output.path)")
	cmd.Flags().StringVar(&progressMode, "progress", progress.Auto, "auto | bar | json | plain | none (json: one object per line on stderr)")
	cmd.Flags().BoolVar(&keepWork, "keep-work", false, "keep the work directory with the segments (debugging)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary (output, frames, per-job CPU and memory, cache hits)")
	cmd.Flags().BoolVar(&preview, "preview", false, "render a draft: a quarter of the pixels, the fastest preset, the same timing (to NAME.preview.mp4 unless -o)")
	cmd.Flags().BoolVar(&noCache, "no-cache", false, "render every job afresh and store nothing in the cache")
	cmd.Flags().BoolVar(&placeholders, "placeholders", false, "render every prompt scene as a placeholder card showing its prompt (no generator is called)")
	cmd.Flags().StringSliceVar(&regenerate, "regenerate", nil, "generate (or download) the clip of this scene id again, ignoring the cache (repeatable, or comma-separated)")
	cmd.Flags().DurationVar(&deadline, "deadline", 0, "give up on the whole render (generation included) after this long, e.g. 45m (default: no deadline)")
	return cmd
}

// renderSummary is the --json result of a render: warnings are the plan's
// and those the jobs reported while running.
func renderSummary(output string, frames int64, seconds float64, warnings []string, st *exec.Stats) map[string]any {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return map[string]any{
		"output": output, "frames": frames, "seconds": seconds,
		"wall_seconds": st.Wall.Seconds(), "jobs": st.Jobs, "cached": st.Cached, "reel_max_rss_kb": ru.Maxrss,
		"warnings": warnings,
	}
}

// rel shows a path relative to the working directory when it is inside it.
func rel(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}
