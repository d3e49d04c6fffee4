package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/cmd/reel/internal/progress"
	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/elide"
	"github.com/reel-film/reel/pipeline"
)

func newBatchCmd() *cobra.Command {
	var (
		data, progressMode      string
		sets                    []string
		asJSON, force, keepWork bool
		preview, noCache        bool
		placeholders            bool
		deadline                time.Duration
	)
	cmd := &cobra.Command{
		Use:   "batch PROJECT... [--data ROWS]",
		Short: "Render many variants of a template, or many projects, as one batch",
		Long: `Render a batch: every project named (a directory stands for the .yaml and
.yml files directly in it), and with --data, every project once per row of the
data file (.csv with a header row naming the fields, .json holding an array of
objects, or .jsonl with one object per line). A row's values fill the
template's merge fields ({{ name }}, declared under fields:); --set name=value
gives a value to every variant, over the rows'.

All the variants' jobs run as one graph with one budget of cores (--jobs):
a job identical in several variants (the same scene, the same encoding) runs
once, even in a cold batch, and the longest chains start first. Before
anything renders, two variants writing one path are refused (give the output
path a field: path: "out/{{ id }}.mp4").

The batch goes on after a failure, prints a table (variant, status, time,
output, error) or, with --json, the same for machines, and exits 1 when a
variant failed, 0 otherwise (2 when not one variant is a valid project). A variant whose outputs are up to date (the
content keys recorded beside them at its last render match its plan, and the
files are as recorded) is skipped: run the same batch again and only the
changed rows render. Ctrl-C stops every job and leaves only complete outputs.`,
		Example: `  reel batch promo.yaml --data people.csv
  reel batch promo.yaml --data people.jsonl --set lang=fr --jobs 4 --json
  reel batch intro.yaml outro.yaml films/
  reel plan promo.yaml --data people.csv     # what the batch will do`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			release, err := applyDeadline(cmd, deadline, "8h")
			if err != nil {
				return err
			}
			defer release()
			br, err := batchRequest(cmd, s, a, data, sets)
			if err != nil {
				return err
			}
			rep, err := progress.New(progressMode, cmd.ErrOrStderr())
			if err != nil {
				return usage(err)
			}
			br.Force, br.KeepWork = force, keepWork
			for i := range br.Variants {
				v := &br.Variants[i]
				v.Preview = preview
				v.SignKey, v.SignCert = s.SignKey, s.SignCert
				v.Generate = pipeline.GenMissing
				if placeholders {
					v.Generate = pipeline.GenPlaceholders
				}
			}
			br.OnEvent = rep.Event
			br.OnPlan = func(bp *pipeline.BatchPlan) {
				notices(cmd, progressMode, rep, bp.Notices)
				if keepWork {
					fmt.Fprintln(cmd.ErrOrStderr(), "reel: keeping the work directory "+bp.WorkDir)
				}
			}
			res, err := newEngine(s, noCache).Batch(cmd.Context(), br)
			rep.Finish()
			if err != nil {
				return withDeadline(cmd.Context(), deadline, cliError(err))
			}
			if asJSON {
				if err := printJSON(cmd, batchSummary(res)); err != nil {
					return err
				}
			} else {
				printBatch(cmd.OutOrStdout(), res)
			}
			if n := res.Failed(); n > 0 {
				err := fmt.Errorf("%d of %d variants failed", n, len(res.Variants))
				if n == len(res.Variants) && allInvalid(res) {
					// Not one variant is a valid project: the template's
					// own mistake, or the data's (exit 2).
					err = usage(err)
				}
				if asJSON {
					return reportedError{err}
				}
				return withDeadline(cmd.Context(), deadline, err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&data, "data", "", "render every project once per row of this .csv, .json or .jsonl file")
	f.StringArrayVar(&sets, "set", nil, "give merge field NAME this value in every variant: --set name=Ada (repeatable)")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON (each variant's status, time, outputs and error)")
	f.BoolVar(&force, "force", false, "render every variant, even those whose outputs are up to date")
	f.StringVar(&progressMode, "progress", progress.Auto, "auto | bar | json | plain | none (json: one object per line on stderr, each naming its variant)")
	f.BoolVar(&keepWork, "keep-work", false, "keep the work directory (debugging)")
	f.BoolVar(&preview, "preview", false, "render drafts: a quarter of the pixels, the fastest preset (to NAME.preview.mp4)")
	f.BoolVar(&noCache, "no-cache", false, "keep nothing in the cache and render every variant (identical jobs are still shared within the batch)")
	f.BoolVar(&placeholders, "placeholders", false, "render every prompt scene as a placeholder card (no generator is called)")
	f.DurationVar(&deadline, "deadline", 0, "give up on the whole batch after this long, e.g. 8h (default: no deadline)")
	addSignFlags(cmd)
	return cmd
}

// batchRequest makes the batch of the command line: its projects, the
// rows of its data file, its --set values.
func batchRequest(cmd *cobra.Command, s settings, a []string, data string, sets []string) (pipeline.BatchRequest, error) {
	projects, err := projectFiles(a)
	if err != nil {
		return pipeline.BatchRequest{}, err
	}
	set, err := setValues(sets, projects)
	if err != nil {
		return pipeline.BatchRequest{}, err
	}
	vs, err := variantRequests(cmd, s, projects, data, set)
	if err != nil {
		return pipeline.BatchRequest{}, err
	}
	return pipeline.BatchRequest{Variants: vs, Jobs: s.Jobs, WorkRoot: s.WorkDir, Log: logger(s, cmd.ErrOrStderr())}, nil
}

// printBatch writes the batch's summary table, the failures' whole
// messages, and a total line.
func printBatch(w io.Writer, res *pipeline.BatchResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIANT\tSTATUS\tTIME\tOUTPUT\tERROR")
	counts := map[string]int{}
	for _, v := range res.Variants {
		counts[v.Status]++
		t := "-"
		if v.Status == pipeline.VariantRendered {
			t = fmt.Sprintf("%.1fs", v.Seconds)
		}
		out := "-"
		if len(v.Outputs) > 0 {
			out = rel(v.Outputs[0])
			if len(v.Outputs) > 1 {
				out += fmt.Sprintf(" (+%d)", len(v.Outputs)-1)
			}
		}
		msg := ""
		if v.Error != "" {
			msg = elide.Middle(strings.SplitN(v.Error, "\n", 2)[0], 100)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Name, v.Status, t, out, msg)
	}
	tw.Flush()
	for _, v := range res.Variants {
		if v.Status == pipeline.VariantFailed && (strings.Contains(v.Error, "\n") || len(v.Error) > 100) {
			fmt.Fprintf(w, "\n%s failed:\n  %s\n", v.Name, strings.ReplaceAll(v.Error, "\n", "\n  "))
		}
	}
	st := res.Stats
	fmt.Fprintf(w, "\n%s: %d rendered, %d up to date, %d failed, in %.1fs; %d distinct jobs (%d ran, %d from the cache, %d shared by several variants)\n",
		variantCount(len(res.Variants)), counts[pipeline.VariantRendered], counts[pipeline.VariantUpToDate], counts[pipeline.VariantFailed],
		st.Wall.Seconds(), st.Jobs, st.Ran, st.Cached, st.Collapsed)
}

// batchSummary is the --json result of a batch.
func batchSummary(res *pipeline.BatchResult) map[string]any {
	counts := map[string]int{}
	for _, v := range res.Variants {
		counts[v.Status]++
	}
	return map[string]any{
		"variants": res.Variants, "stats": res.Stats, "sharing": res.Sharing,
		"rendered": counts[pipeline.VariantRendered], "up_to_date": counts[pipeline.VariantUpToDate], "failed": counts[pipeline.VariantFailed],
		"wall_seconds": res.Stats.Wall.Seconds(),
	}
}

// allInvalid reports whether every variant failed as an invalid project.
func allInvalid(res *pipeline.BatchResult) bool {
	for _, v := range res.Variants {
		var ce config.Errors
		if !errors.As(v.Err, &ce) {
			return false
		}
	}
	return true
}

// variantCount says "1 variant", "3 variants".
func variantCount(n int) string {
	if n == 1 {
		return "1 variant"
	}
	return fmt.Sprintf("%d variants", n)
}
