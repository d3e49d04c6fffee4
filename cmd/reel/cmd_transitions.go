package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/transitions"
)

func newTransitionsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "transitions",
		Short: "List the transitions you can use between scenes",
		Long: `List every transition: cut, dip (through any colour), every xfade transition of
the installed FFmpeg (discovered from it, so the list is exactly what works
here), and aliases. Use one as  transition: {type: NAME, duration: 0.5s}.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			cat, err := transitions.Discover(cmd.Context(), s.FFmpeg)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd, cat.All())
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			for _, t := range cat.All() {
				desc := t.Description
				if t.AliasOf != "" {
					desc = "alias of " + t.AliasOf
				}
				fmt.Fprintf(tw, "%s\t%s\n", t.Name, desc)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
