package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline"
)

func newValidateCmd() *cobra.Command {
	var asJSON bool
	var sets []string
	cmd := &cobra.Command{
		Use:   "validate PROJECT",
		Short: "Check a project and probe every source, without encoding",
		Long: `Check a project strictly: unknown keys, wrong types, durations without units,
trims outside their clip, missing or unreadable files, unknown transitions.
Every problem is reported at once with its file, line and field path, and a
suggestion where one is obvious. Every source is probed, so a broken clip is
found before any encode starts. Exit code 2 when the project is invalid.`,
		Example: `  reel validate film.yaml
  reel validate film.yaml --json
  reel validate promo.yaml --set name=Ada`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			req := newRequest(cmd, s, a[0])
			if req.Values, err = setValues(sets, a); err != nil {
				return err
			}
			prep, err := newEngine(s, true).Plan(cmd.Context(), req)
			err = cliError(err)
			if asJSON {
				return validateJSON(cmd, prep, err)
			}
			if err != nil {
				return err
			}
			warn(cmd, prep.Plan.Warnings)
			p := prep.Plan
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok: %d scenes, %d frames (%.3fs) at %dx%d @ %v fps, %d jobs\n",
				a[0], len(prep.Project.Scenes), p.Frames, p.Seconds, p.Width, p.Height, p.FPS, len(p.Jobs))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {valid, errors[], warnings[]} as JSON")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "check the template with merge field NAME set to this value: --set name=Ada (repeatable)")
	return cmd
}

// validateJSON prints the result for machines; the exit code still says
// whether the project is valid.
func validateJSON(cmd *cobra.Command, prep *pipeline.Prepared, err error) error {
	type jerr struct {
		File string `json:"file"`
		Line int    `json:"line,omitempty"`
		Path string `json:"path,omitempty"`
		Msg  string `json:"message"`
	}
	res := struct {
		Valid    bool     `json:"valid"`
		Errors   []jerr   `json:"errors"`
		Warnings []string `json:"warnings"`
	}{Valid: err == nil, Errors: []jerr{}, Warnings: []string{}}
	var ce config.Errors
	var one *config.Error
	switch {
	case errors.As(err, &ce):
		for _, e := range ce {
			res.Errors = append(res.Errors, jerr{e.File, e.Line, e.Path, e.Msg})
		}
	case errors.As(err, &one):
		res.Errors = append(res.Errors, jerr{one.File, one.Line, one.Path, one.Msg})
	case err != nil:
		return err
	}
	if prep != nil {
		res.Warnings = append(res.Warnings, prep.Plan.Warnings...)
	}
	if e := printJSON(cmd, res); e != nil {
		return e
	}
	if err != nil {
		return reportedError{usage(err)}
	}
	return nil
}
