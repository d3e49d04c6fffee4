package main

import (
	"encoding/json"

	"github.com/spf13/cobra"
)

// printJSON writes v as indented JSON on the command's stdout: the one
// shape of every --json output.
func printJSON(cmd *cobra.Command, v any) error {
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
