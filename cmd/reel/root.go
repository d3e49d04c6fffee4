package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/suggest"
)

// newRoot builds the command tree. Every command lives in its own file.
func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "reel",
		Short: "Assemble clips into a finished multi-scene film through FFmpeg",
		Long: `reel turns clips from any AI video generator, or plain files, into a finished
film: it conforms clips that never match (size, frame rate, colour, audio),
joins scenes with transitions, and renders frame-exact through FFmpeg.

A project file (YAML or JSON) lists the scenes; see docs/project-file.md.

  reel validate film.yaml      check a project and probe every clip, no encode
  reel plan film.yaml          print every ffmpeg command a render will run
  reel render film.yaml        render it (atomic: never a half-written file)
  reel batch tpl.yaml --data rows.csv
                               render a variant per row, shared jobs once
  reel probe clip.mp4          what reel sees in a media file
  reel transitions             the transitions you can use
  reel grades                  the colour grades (export as .cube, preview sheet)
  reel watch film.yaml         re-render a preview whenever the project or a clip changes
  reel cache stats             what the job cache holds (reel cache prune to trim it)
  reel serve                   a render service: HTTP API, queue on NATS, workers, webhooks
  reel worker --nats URL       render a reel serve's queue from another process or machine

Settings: flags > REEL_* environment variables > settings file
(~/.config/reel/settings.yaml, or --settings FILE) > defaults.
Exit codes: 0 success, 1 failure, 2 usage error or invalid project.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, a []string) error {
			if len(a) == 0 {
				return nil
			}
			var names []string
			for _, c := range cmd.Commands() {
				names = append(names, c.Name())
			}
			return usage(fmt.Errorf("unknown command %q%s (see reel --help)", a[0], suggest.Hint(a[0], names)))
		},
		RunE: func(cmd *cobra.Command, a []string) error { return cmd.Help() },
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usage(flagError(err)) })
	addSettingsFlags(root)
	root.AddCommand(newRenderCmd(), newBatchCmd(), newPlanCmd(), newValidateCmd(), newProbeCmd(), newTransitionsCmd(), newGradesCmd(), newCacheCmd(), newWatchCmd(), newServeCmd(), newWorkerCmd(), newVersionCmd())
	root.AddCommand(newExportCmd(), newImportCmd())
	return root
}

// args wraps a cobra argument check so that its failure is a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error { return usage(check(cmd, a)) }
}
