package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/cmd/reel/internal/progress"
	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/plan"
)

func newRenderCmd() *cobra.Command {
	var (
		outs, sets       []string
		progressMode     string
		keepWork, asJSON bool
		preview, noCache bool
		placeholders     bool
		regenerate       []string
		deadline         time.Duration
		mediaDirs        []string
		distribute       distFlags
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

A project with several outputs (outputs: in the project file) writes them all
from one render: each scene is still decoded once, then fitted and encoded
once per distinct encoding; a range, another frame rate, a GIF, the poster and
the thumbnails are made from the finished film. --output NAME (repeatable)
renders only those outputs, by name (the file name without its extension) or
path; adding an output later encodes only that output.

--preview renders a draft (a quarter of the pixels, the fastest preset, the
same frames and timing) about 3x faster than the full render from cold, and
re-renders only what an edit touched; reel watch does that on every save.

Beside every output goes <output>.manifest.json, its provenance: the sources
and their SHA-256, the generators and prompts, the edits, which scenes are
AI-generated, the output's own SHA-256. With --sign-key and --sign-cert (or
sign_key, sign_cert in the settings) MP4 and MOV outputs also carry signed
C2PA Content Credentials (see docs/provenance.md).

--distribute --nats URL spreads the scene, transition and audio jobs over the
workers of a reel service (reel worker, reel serve) on that NATS; the mux runs
here, and the outputs are written here. Media go through JetStream's object
store by content (or --shared-dir, a directory every machine mounts); a job
any worker did before is not done again (see docs/distributed.md).

Every output is written to a hidden temporary file beside its target, and all
are renamed only when every job succeeded: a failed, killed or cancelled render
(Ctrl-C) leaves nothing at any output path and never replaces an earlier good
output.`,
		Example: `  reel render samples/demo/project.yaml
  reel render film.yaml -o out/cut2.mp4 --jobs 4
  reel render film.yaml -o vertical -o out/master.mp4
  reel render film.yaml --progress json 2> progress.jsonl
  reel render promo.yaml --set name=Ada --set city=Paris
  reel render long.yaml --distribute --nats nats://render-1:4222`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			release, err := applyDeadline(cmd, deadline, "45m")
			if err != nil {
				return err
			}
			defer release()
			rep, err := progress.New(progressMode, cmd.ErrOrStderr())
			if err != nil {
				return usage(err)
			}
			req := newRequest(cmd, s, a[0])
			if req.Values, err = setValues(sets, a); err != nil {
				return err
			}
			req.Outputs, req.Preview, req.Regenerate, req.KeepWork = outs, preview, regenerate, keepWork
			req.MediaDirs = mediaDirs
			req.SignKey, req.SignCert = s.SignKey, s.SignCert
			req.Generate = pipeline.GenMissing
			if placeholders {
				req.Generate = pipeline.GenPlaceholders
			}
			req.OnEvent = rep.Event
			req.OnPlan = func(p *pipeline.Prepared) {
				warn(cmd, p.Plan.Warnings)
				notices(cmd, progressMode, rep, p.Notices())
				if keepWork {
					fmt.Fprintln(cmd.ErrOrStderr(), "reel: keeping the work directory "+p.Plan.WorkDir)
				}
			}
			remote, closeRemote, err := distribute.open(cmd)
			if err != nil {
				return err
			}
			defer closeRemote()
			if remote != nil {
				req.Remote = remote
			}
			if req.ChunkSeconds, err = distribute.chunkSeconds(); err != nil {
				return err
			}
			res, err := newEngine(s, noCache).Render(cmd.Context(), req)
			rep.Finish()
			if err != nil {
				return withDeadline(cmd.Context(), deadline, cliError(err))
			}
			if asJSON {
				sum := renderSummary(res)
				if remote != nil {
					sum["distribution"] = distSummary(res, remote)
				}
				return printJSON(cmd, sum)
			}
			pl, st := res.Plan, res.Stats
			fmt.Fprintf(cmd.OutOrStdout(), "rendered %s%s in %.1fs (%d of %d jobs from the cache)\n",
				rel(pl.Output), firstFile(res), st.Wall.Seconds(), st.Cached, len(pl.Jobs))
			for _, o := range res.Outputs {
				if o != pl.Output {
					fmt.Fprintf(cmd.OutOrStdout(), "rendered %s\n", rel(o))
				}
			}
			if remote != nil {
				printDist(cmd, res, remote)
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVarP(&outs, "output", "o", nil, "render only this output (its name or path; repeatable); in a one-output project, a new path for it (default: every output)")
	cmd.Flags().StringVar(&progressMode, "progress", progress.Auto, "auto | bar | json | plain | none (json: one object per line on stderr)")
	cmd.Flags().BoolVar(&keepWork, "keep-work", false, "keep the work directory with the segments (debugging)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary (output, frames, per-job CPU and memory, cache hits)")
	cmd.Flags().BoolVar(&preview, "preview", false, "render a draft: a quarter of the pixels, the fastest preset, the same timing (to NAME.preview.mp4 unless -o)")
	cmd.Flags().BoolVar(&noCache, "no-cache", false, "render every job afresh and store nothing in the cache")
	cmd.Flags().BoolVar(&placeholders, "placeholders", false, "render every prompt scene as a placeholder card showing its prompt (no generator is called)")
	cmd.Flags().StringSliceVar(&regenerate, "regenerate", nil, "generate (or download) the clip of this scene id again, ignoring the cache (repeatable, or comma-separated)")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "give the template's merge field NAME this value: --set name=Ada (repeatable; reel batch renders many)")
	cmd.Flags().StringArrayVar(&mediaDirs, "media-dir", nil, "an editor's cut (.otio, .edl): look for media that is not where the cut says in this directory, by file name (repeatable)")
	distribute.add(cmd)
	cmd.Flags().DurationVar(&deadline, "deadline", 0, "give up on the whole render (generation included) after this long, e.g. 45m (default: no deadline)")
	addSignFlags(cmd)
	return cmd
}

// notices prints what a render says once to stderr ("reel: note: ..."),
// or, with --progress json, as an event of state "notice" (its text in
// "warning"), so that every line stays JSON.
func notices(cmd *cobra.Command, mode string, rep *progress.Reporter, ns []string) {
	for _, n := range ns {
		if mode == progress.JSON {
			rep.Event(event.Event{State: "notice", Warning: n})
			continue
		}
		fmt.Fprintln(cmd.ErrOrStderr(), "reel: note: "+n)
	}
}

// firstFile describes the first file a render wrote (the plan's Output):
// its frames, length, size and rate, the film's unless it is another
// video; those of its own when it is made from the film (a range, another
// rate, a GIF); nothing for the poster or the thumbnail sheet.
func firstFile(res *pipeline.Result) string {
	pl := res.Plan
	frames, sec, w, h, fps := pl.Frames, pl.Seconds, pl.Width, pl.Height, pl.FPS
	var out *config.Output
	for i, r := range res.Spec.Renditions {
		if r.Path == pl.Output {
			out = &res.Spec.Renditions[i]
		}
	}
	if out == nil {
		return ""
	}
	if len(pl.Deliver) > 0 && pl.Deliver[0].Path == pl.Output {
		if j := pl.Job(pl.Deliver[0].Job); j != nil && j.Kind == plan.KindDerived {
			frames, sec = j.Frames, j.Seconds
		}
	}
	if !out.AudioOnly() && out.Width > 0 {
		w, h = out.Width, out.Height
	}
	if !out.FPS.IsZero() {
		fps = out.FPS
	}
	return fmt.Sprintf(": %d frames, %.3fs, %dx%d @ %v fps,", frames, sec, w, h, fps)
}

// renderSummary is the --json result of a render: output, frames and
// seconds are the film's (its first rendition), outputs every file
// written; warnings are the plan's and those the jobs reported while
// running.
func renderSummary(res *pipeline.Result) map[string]any {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	pl, st := res.Plan, res.Stats
	return map[string]any{
		"output": pl.Output, "frames": pl.Frames, "seconds": pl.Seconds, "outputs": pipeline.Outputs(res.Spec),
		"wall_seconds": st.Wall.Seconds(), "jobs": st.Jobs, "cached": st.Cached, "reel_max_rss_kb": ru.Maxrss,
		"warnings": res.Warnings, "notices": res.Notices, "manifests": res.Manifests,
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
