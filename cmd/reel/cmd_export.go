package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/interchange/cut"
	"github.com/reel-film/reel/interchange/edl"
	"github.com/reel-film/reel/interchange/export"
	"github.com/reel-film/reel/interchange/otio"
	"github.com/reel-film/reel/pipeline"
)

// Hand-off formats.
const (
	formatOTIO = "otio"
	formatEDL  = "edl"
)

func newExportCmd() *cobra.Command {
	var out, format, tc string
	var relative, placeholders bool
	cmd := &cobra.Command{
		Use:   "export PROJECT --format otio|edl -o FILE",
		Short: "Write the film's edit for an editing application (OpenTimelineIO or CMX 3600 EDL)",
		Long: `Write the film's edit as an OpenTimelineIO timeline (.otio: DaVinci Resolve,
Premiere through its OTIO plug-in, Kdenlive) or a CMX 3600 EDL (.edl), at the
film's frame rate, with the exact frames reel renders: each clip's source
range, the transitions, cards as gaps, beds and voice-over on audio tracks,
layers and captions as markers. The project is resolved as reel plan does
(sources probed; nothing is encoded).

reel import (or reel render CUT) reads the cut back; a cut reel exported and
nobody changed gives the same film, as the .otio keeps the project's other
settings in its metadata. See docs/handoff.md.`,
		Example: `  reel export film.yaml --format otio -o cut.otio
  reel export film.yaml --format edl -o cut.edl
  reel export film.yaml -o cut.otio --relative`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if out == "" {
				return usage(fmt.Errorf("name the file to write with -o (e.g. -o cut.otio)"))
			}
			if format == "" {
				format = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
			}
			if format != formatOTIO && format != formatEDL {
				return usage(fmt.Errorf("--format %q: reel exports otio or edl", format))
			}
			if err := checkToolOutput(out, []string{"." + format}, a[0]); err != nil {
				return err
			}
			if tc != "auto" && tc != "drop" && tc != "non-drop" {
				return usage(fmt.Errorf("--timecode %q: auto, drop or non-drop", tc))
			}
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			req := newRequest(cmd, s, a[0])
			req.Generate = pipeline.GenCachedOnly
			if placeholders {
				req.Generate = pipeline.GenPlaceholders
			}
			prep, err := newEngine(s, false).Plan(cmd.Context(), req)
			if err != nil {
				return cliError(err)
			}
			warn(cmd, prep.Plan.Warnings)
			var o export.Options
			if relative {
				if o.RelativeTo, err = filepath.Abs(filepath.Dir(out)); err != nil {
					return err
				}
			}
			c, err := export.Film(prep.Spec, prep.Plan.Timeline, o)
			if err != nil {
				return err
			}
			var data []byte
			switch format {
			case formatOTIO:
				if data, err = otio.Encode(cut.ToOTIO(c)); err != nil {
					return err
				}
			case formatEDL:
				drop := tc == "drop" || tc == "auto" && edl.CanDrop(c.FPS)
				l, err := cut.ToEDL(c, drop)
				if err != nil {
					return usage(fmt.Errorf("--timecode %s: %w", tc, err))
				}
				data = edl.Write(l)
				if len(c.Sounds) > 0 || len(c.Markers) > 0 {
					warn(cmd, []string{"an EDL holds the picture's edit only: the beds, voice-over, layers and captions are left out (export --format otio keeps them)"})
				}
			}
			if err := writeAtomic(out, data); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s (%d shots, %d frames at %v fps)\n", out, len(c.Shots), prep.Plan.Timeline.Frames, c.FPS)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write (.otio or .edl)")
	cmd.Flags().StringVar(&format, "format", "", "otio | edl (default: from -o's extension)")
	cmd.Flags().StringVar(&tc, "timecode", "auto", "an EDL's timecode: auto (drop-frame at 29.97 and 59.94 fps), drop or non-drop")
	cmd.Flags().BoolVar(&relative, "relative", false, "write media paths relative to the cut file instead of absolute file:// URLs")
	cmd.Flags().BoolVar(&placeholders, "placeholders", false, "export every prompt scene as a placeholder card, as render --placeholders does")
	return cmd
}

// writeAtomic writes data to path through a temporary file beside it, so
// a failure never leaves half a file.
func writeAtomic(path string, data []byte) error {
	tmp := partialPath(path)
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
