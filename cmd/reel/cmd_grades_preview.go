package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/grade"
	"github.com/reel-film/reel/pipeline/probe"
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
			info, err := probe.Probe(cmd.Context(), s.FFprobe, a[0])
			if err != nil {
				return usage(err)
			}
			if info.Video == nil {
				return usage(fmt.Errorf("%s has no video stream", a[0]))
			}
			tmp := partialPath(out)
			defer os.Remove(tmp)
			args := previewArgs(a[0], tmp, seek.Float(frac.New(30, 1)), info, width, cols)
			if _, err := ffmpeg.Run(cmd.Context(), s.FFmpeg, args, ffmpeg.RunOptions{}); err != nil {
				return fmt.Errorf("contact sheet: %w", err)
			}
			if err := os.Rename(tmp, out); err != nil {
				return fmt.Errorf("contact sheet: %w", err)
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

// previewArgs is the ffmpeg command that writes the sheet: one frame at
// seconds, fitted into 16:9 tiles, through every preset, stacked.
func previewArgs(clip, out string, seconds float64, info *probe.Info, width, cols int) []string {
	w := width &^ 1
	h := (w*9/16 + 1) &^ 1
	g := ffmpeg.NewGraph()
	fitted := conform.Fit(g, "0:v:0", conform.FitContain, conform.Target{Width: w, Height: h, FPS: frac.New(30, 1)}, info.Video)
	sheet := grade.Sheet(g, fitted, grade.Builtin.All(), w, h, cols)
	args := []string{"-hide_banner", "-nostdin", "-y", "-loglevel", "error"}
	// -ss counts from the container's start, the clip's time from its
	// pictures' (probe.Info.SeekBase).
	if at := info.SeekBase() + seconds; at > 0 {
		args = append(args, "-ss", strconv.FormatFloat(at, 'f', 3, 64))
	}
	args = append(args, "-i", clip, "-filter_complex", g.String(), "-map", "["+sheet+"]", "-frames:v", "1")
	if ext := strings.ToLower(out); strings.HasSuffix(ext, ".jpg") || strings.HasSuffix(ext, ".jpeg") {
		args = append(args, "-q:v", "3")
	}
	return append(args, "-update", "1", out)
}
