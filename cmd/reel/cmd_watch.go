package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/reel-film/reel/cmd/reel/internal/progress"
	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline"
)

// settle is how long watch waits after a change for the burst of writes an
// editor makes to end before it renders.
const settle = 300 * time.Millisecond

func newWatchCmd() *cobra.Command {
	var (
		out, progressMode string
		full, generate    bool
		sets              []string
	)
	cmd := &cobra.Command{
		Use:   "watch PROJECT",
		Short: "Re-render a preview each time the project or one of its clips changes",
		Long: `Render the project's preview (a quarter of the pixels, the fastest preset, the
same timing), then watch the project file and every file it reads (clips,
stills, music, voice-over, LUTs); after each
change, render again and print where the fresh output is. Renders go through
the job cache, so only the scenes and transitions that changed are encoded
again. An invalid edit is reported and watching goes on. Ctrl-C stops.

Prompt scenes use their cached clips; a prompt without one is shown as a
placeholder card, so editing a prompt never pays for a generation per save.
--generate makes the missing clips (each once: they are cached).`,
		Example: `  reel watch film.yaml
  reel watch film.yaml --full -o out/latest.mp4`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			if _, err := progress.New(progressMode, cmd.ErrOrStderr()); err != nil {
				return usage(err)
			}
			// An -o that no edit of the project can make right ends watch
			// before the first render, as it ends render.
			if out != "" {
				if err := pipeline.CheckOutputArg("-o", out); err != nil {
					return cliError(err)
				}
			}
			vals, err := setValues(sets, a)
			if err != nil {
				return err
			}
			w, err := fsnotify.NewWatcher()
			if err != nil {
				return fmt.Errorf("watch: %w", err)
			}
			defer w.Close()
			eng := newEngine(s, false)
			return watchLoop(cmd.Context(), w, a[0], func() (*pipeline.Prepared, error) {
				return watchRender(cmd, s, eng, a[0], out, progressMode, !full, generate, vals)
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "output file (default: the project's output with .preview before the extension)")
	cmd.Flags().StringVar(&progressMode, "progress", progress.Auto, "auto | bar | json | plain | none")
	cmd.Flags().BoolVar(&full, "full", false, "render at full quality instead of the preview")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "watch the template's variant with merge field NAME set to this value: --set name=Ada (repeatable)")
	cmd.Flags().BoolVar(&generate, "generate", false, "generate the clips of prompt scenes that are not cached yet")
	return cmd
}

// watchLoop renders, then waits for a change to the project file or a source
// of the last good render, and renders again, until ctx is done.
func watchLoop(ctx context.Context, w *fsnotify.Watcher, project string, render func() (*pipeline.Prepared, error)) error {
	abs, err := filepath.Abs(project)
	if err != nil {
		return err
	}
	watched := map[string]bool{abs: true}
	for {
		prep, _ := render()
		if ctx.Err() != nil {
			return nil
		}
		if prep != nil {
			watched = watchedFiles(abs, prep)
		}
		for f := range watched {
			// Watch directories: editors replace files by renaming.
			_ = w.Add(filepath.Dir(f))
		}
		if !waitChange(ctx, w, watched) {
			return nil
		}
	}
}

// waitChange blocks until a watched file changes and the writes settle; it
// returns false when ctx is done.
func waitChange(ctx context.Context, w *fsnotify.Watcher, watched map[string]bool) bool {
	changed := false
	var quiet <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return false
		case ev, ok := <-w.Events:
			if !ok {
				return false
			}
			if watched[filepath.Clean(ev.Name)] && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) != 0 {
				changed = true
				quiet = time.After(settle)
			}
		case <-w.Errors:
		case <-quiet:
			if changed {
				return true
			}
		}
	}
}

// watchRender renders the project once for watch and says how it went; a
// failure is reported and watching goes on. It returns what was planned,
// whose inputs are then watched (nil when planning failed).
func watchRender(cmd *cobra.Command, s settings, eng *pipeline.Engine, path, out, progressMode string, preview, generate bool, vals config.Values) (*pipeline.Prepared, error) {
	rep, err := progress.New(progressMode, cmd.ErrOrStderr())
	if err != nil {
		return nil, usage(err)
	}
	req := newRequest(cmd, s, path)
	req.Values = vals
	req.Preview, req.Generate = preview, pipeline.GenCachedOnly
	if out != "" {
		req.Outputs = []string{out}
	}
	if generate {
		req.Generate = pipeline.GenMissing
	}
	var prep *pipeline.Prepared
	req.OnEvent = rep.Event
	req.OnPlan = func(p *pipeline.Prepared) {
		prep = p
		warn(cmd, p.Plan.Warnings)
	}
	res, err := eng.Render(cmd.Context(), req)
	rep.Finish()
	if err == nil {
		fmt.Fprintf(cmd.OutOrStdout(), "%s rendered %s in %.1fs (%d of %d jobs from the cache)\n",
			time.Now().Format("15:04:05"), res.Plan.Output, res.Stats.Wall.Seconds(), res.Stats.Cached, len(res.Plan.Jobs))
	} else if !errors.Is(err, context.Canceled) {
		fmt.Fprintf(cmd.ErrOrStderr(), "reel: %v\nreel: watching for the next change\n", cliError(err))
	}
	return prep, err
}

// watchedFiles are the files whose change starts a new render: the project
// file, every file the plan reads (clips, stills, music, voice-over, LUTs),
// and every file the project names (a caption file, read at load, reaches
// the jobs as the text of the files they write, not as an input).
func watchedFiles(project string, prep *pipeline.Prepared) map[string]bool {
	watched := map[string]bool{project: true}
	for _, f := range prep.Plan.ExternalInputs() {
		watched[f] = true
	}
	if prep.Project != nil {
		for _, in := range prep.Project.Inputs {
			watched[in.Path] = true
		}
	}
	return watched
}
