package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/ffmpeg"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print reel's version and the FFmpeg it uses",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			fmt.Fprintf(cmd.OutOrStdout(), "reel %s\n", v)
			fv, err := ffmpeg.Version(cmd.Context(), s.FFmpeg)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), fv)
			return nil
		},
	}
}
