package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline"
)

func newGradesPreviewCmd() *cobra.Command {
	var out, at string
	var width, cols int
	cmd := &cobra.Command{
		Use:   "preview CLIP -o sheet.png",
		Short: "Write a contact sheet: one frame of a clip under every preset",
		Long: `Write a labelled contact sheet (PNG or JPEG): one frame of CLIP as it is,
then under every preset, so you can choose by looking.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			seek, err := timecode.Parse(at)
			if err != nil {
				return usage(fmt.Errorf("--at: %w", err))
			}
			if width < 64 || width > 4096 || cols < 1 || cols > 32 || width*cols > 16384 {
				return usage(fmt.Errorf("--width %d --columns %d: the width is 64 to 4096 pixels, the columns 1 to 32, and the sheet at most 16384 pixels wide", width, cols))
			}
			if err := checkToolOutput(out, []string{".png", ".jpg", ".jpeg"}, a[0]); err != nil {
				return err
			}
			sheet := pipeline.GradeSheet{Clip: a[0], Output: out, Seconds: seek.Float(frac.New(30, 1)), Width: width, Columns: cols}
			if err := newEngine(s, true).WriteGradeSheet(cmd.Context(), sheet); err != nil {
				return cliError(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "sheet.png", "the image to write")
	cmd.Flags().StringVar(&at, "at", "0s", "the time of the frame in the clip (e.g. 1.5s, 45f at 30 fps)")
	cmd.Flags().IntVar(&width, "width", 320, "width of each tile in pixels")
	cmd.Flags().IntVar(&cols, "columns", 4, "tiles per row")
	return cmd
}
