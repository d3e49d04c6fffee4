package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

func newPlanCmd() *cobra.Command {
	var asJSON, preview, noCache, placeholders bool
	var regenerate, outs, sets []string
	var data string
	cmd := &cobra.Command{
		Use:   "plan PROJECT [--data ROWS | --set NAME=VALUE]",
		Short: "Print every ffmpeg job a render will run, without running anything",
		Long: `Print the render plan: every ffmpeg job with its full argument list (copy-pastable
into a shell), what it reads and writes, and what it waits for. Nothing is
encoded; sources are probed. --json prints the plan for machines.

The work directory shown is <work_dir>/reel-plan; a render uses a fresh one.

With --data (or several projects), plan the batch that reel batch would run:
each variant (to render, up to date, or failing with its error), the jobs in
total with identical jobs counted once, the jobs every variant shares, the
jobs unique to each, and the generator calls.`,
		Example: `  reel plan samples/demo/project.yaml
  reel plan film.yaml --json | jq '.jobs[].id'
  reel plan promo.yaml --set name=Ada
  reel plan promo.yaml --data people.csv`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			if data != "" || len(a) > 1 {
				return planBatch(cmd, s, a, data, sets, asJSON, noCache, preview, placeholders)
			}
			req := newRequest(cmd, s, a[0])
			if req.Values, err = setValues(sets, a); err != nil {
				return err
			}
			req.Outputs, req.Preview, req.Regenerate = outs, preview, regenerate
			req.Generate = pipeline.GenCachedOnly
			if placeholders {
				req.Generate = pipeline.GenPlaceholders
			}
			prep, err := newEngine(s, noCache).Plan(cmd.Context(), req)
			if err != nil {
				return cliError(err)
			}
			warn(cmd, prep.Plan.Warnings)
			if asJSON {
				return printJSON(cmd, struct {
					*plan.Plan
					Outputs []pipeline.OutputInfo  `json:"outputs"`
					Sources *pipeline.SourceReport `json:"sources,omitempty"`
				}{prep.Plan, pipeline.Outputs(prep.Spec), prep.Sources})
			}
			out := &errWriter{w: cmd.OutOrStdout()}
			for _, line := range prep.Sources.Summary(false) {
				fmt.Fprintln(out, "# "+line)
			}
			printPlan(out, prep, s.FFmpeg)
			if out.err != nil {
				return fmt.Errorf("write the plan: %w", out.err)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plan as JSON")
	cmd.Flags().StringArrayVarP(&outs, "output", "o", nil, "plan only this output (its name or path; repeatable), as render --output does")
	cmd.Flags().BoolVar(&preview, "preview", false, "plan the quarter-size draft that render --preview makes")
	cmd.Flags().BoolVar(&noCache, "no-cache", false, "plan without the cache (jobs write to the work directory)")
	cmd.Flags().BoolVar(&placeholders, "placeholders", false, "plan every prompt scene as a placeholder card, as render --placeholders does")
	cmd.Flags().StringSliceVar(&regenerate, "regenerate", nil, "plan as if this scene's clip were made again (repeatable, or comma-separated)")
	cmd.Flags().StringVar(&data, "data", "", "plan the batch of one variant per row of this .csv, .json or .jsonl file")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "give merge field NAME this value: --set name=Ada (repeatable)")
	return cmd
}

// planBatch prints what reel batch would do with the same arguments.
func planBatch(cmd *cobra.Command, s settings, a []string, data string, sets []string, asJSON, noCache, preview, placeholders bool) error {
	br, err := batchRequest(cmd, s, a, data, sets)
	if err != nil {
		return err
	}
	for i := range br.Variants {
		br.Variants[i].Preview = preview
		br.Variants[i].Generate = pipeline.GenCachedOnly
		if placeholders {
			br.Variants[i].Generate = pipeline.GenPlaceholders
		}
	}
	bp, err := newEngine(s, noCache).PlanBatch(cmd.Context(), br)
	if err != nil {
		return cliError(err)
	}
	if asJSON {
		return printJSON(cmd, bp)
	}
	out := &errWriter{w: cmd.OutOrStdout()}
	printBatchPlan(out, bp)
	if out.err != nil {
		return fmt.Errorf("write the plan: %w", out.err)
	}
	return nil
}

// printBatchPlan writes a batch's plan for people: the totals, then a
// table of the variants.
func printBatchPlan(w io.Writer, bp *pipeline.BatchPlan) {
	counts := map[string]int{}
	for _, v := range bp.Variants {
		counts[v.Status]++
	}
	sh := bp.Sharing
	fmt.Fprintf(w, "# %s: %d to render, %d up to date, %d that cannot be planned\n",
		variantCount(len(bp.Variants)), counts[pipeline.VariantRender], counts[pipeline.VariantUpToDate], counts[pipeline.VariantFailed])
	fmt.Fprintf(w, "# jobs: %d in total (identical jobs once), %d shared by all variants to render, the rest unique to each (below)\n", sh.Jobs, sh.Shared)
	fmt.Fprintf(w, "# generator calls: %d\n", bp.GeneratorCalls)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIANT\tSTATUS\tJOBS\tUNIQUE\tOUTPUT\tERROR")
	for _, v := range bp.Variants {
		out := "-"
		if len(v.Outputs) > 0 {
			out = rel(v.Outputs[0])
		}
		unique := "-"
		if v.Status == pipeline.VariantRender {
			unique = fmt.Sprint(v.Unique)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", v.Name, v.Status, v.Jobs, unique, out, strings.SplitN(v.Error, "\n", 2)[0])
	}
	tw.Flush()
}

// printPlan writes the plan for people: the film, every file the render
// delivers when there are more than one, then the jobs.
func printPlan(w io.Writer, prep *pipeline.Prepared, bin string) {
	p := prep.Plan
	fmt.Fprintf(w, "# %s → %s\n# %dx%d @ %v fps, %d frames (%.3fs), audio %d samples at 48 kHz, %d jobs\n",
		p.Project, p.Output, p.Width, p.Height, p.FPS, p.Frames, p.Seconds, p.Samples, len(p.Jobs))
	if len(p.Deliver) > 1 {
		fmt.Fprintf(w, "# writes:")
		for _, f := range p.Deliver {
			fmt.Fprintf(w, " %s", f.Path)
		}
		fmt.Fprintln(w)
	}
	for _, j := range p.Jobs {
		fmt.Fprintf(w, "\n## %s (%s", j.ID, j.Kind)
		if len(j.Scenes) > 0 {
			fmt.Fprintf(w, "; scenes %s", strings.Join(j.Scenes, ", "))
		}
		if j.Frames > 0 {
			fmt.Fprintf(w, "; %d frames", j.Frames)
		}
		fmt.Fprintln(w, ")")
		for _, pt := range j.Parts {
			if pt.CacheDir == "" {
				continue
			}
			state := "will run"
			if cache.Complete(pt.CacheDir) {
				state = "cached, will not run"
			}
			name := ""
			if pt.Name != "" {
				name = " " + pt.Name
			}
			fmt.Fprintf(w, "# cache%s: %s (%s)\n", name, pt.CacheDir, state)
		}
		fmt.Fprintf(w, "# reads:  %s\n# writes: %s\n", strings.Join(j.Inputs, " "), strings.Join(j.Outputs, " "))
		if len(j.Deps) > 0 {
			fmt.Fprintf(w, "# after:  %s\n", strings.Join(j.Deps, " "))
		}
		env := plan.Env{Inputs: j.Inputs, Outputs: j.Outputs, Files: filePaths(j), Keep: true}
		for _, f := range j.Files {
			text, err := plan.ExpandString(f.Content, env)
			if err != nil {
				text = f.Content
			}
			path, err := plan.FilePath(f, env) // it may be an output's
			if err != nil {
				path = f.Path
			}
			fmt.Fprintf(w, "# file %s:\n#   %s\n", path, strings.ReplaceAll(strings.TrimSpace(text), "\n", "\n#   "))
		}
		// The executor gives each job its threads when it starts; 0
		// lets ffmpeg choose.
		args, err := plan.Expand(j.Args, env)
		if err != nil {
			args = j.Args
		}
		fmt.Fprintln(w, ffmpeg.ShellQuote(append([]string{bin}, args...)))
	}
}

// filePaths are the paths of the files the executor writes for j.
func filePaths(j plan.Job) []string {
	var out []string
	for _, f := range j.Files {
		out = append(out, f.Path)
	}
	return out
}
