package main

import (
	"fmt"
	"io"
	"math"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/pipeline/probe"
)

func newProbeCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "probe FILE...",
		Short: "Show what reel sees in media files",
		Long: `Show what the pipeline sees in each file: size (and display size after
rotation), frame rate (and whether it is variable), duration, frames, audio,
rotation and colour. --json prints a list of objects for machines.`,
		Example: `  reel probe clips/*.mp4
  reel probe shot.mov --json`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			var infos []*probe.Info
			for _, f := range a {
				info, err := probe.Probe(cmd.Context(), s.FFprobe, f)
				if err != nil {
					return err
				}
				// What a render reads: where the packets end, an APNG's
				// length, a field order flagged only in the frames.
				if info.Extent, err = probe.Scan(cmd.Context(), s.FFprobe, f, info); err != nil {
					return err
				}
				infos = append(infos, info)
			}
			if asJSON {
				return printJSON(cmd, infos)
			}
			for _, info := range infos {
				printInfo(cmd.OutOrStdout(), info)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// printInfo writes one file's facts for people.
func printInfo(w io.Writer, in *probe.Info) {
	fmt.Fprintf(w, "%s: %s, %.3fs, %d bytes\n", in.Path, in.Format, in.Duration, in.Size)
	if v := in.Video; v != nil {
		kind := "video"
		if v.Still {
			kind = "image"
		}
		fmt.Fprintf(w, "  %s: %s %dx%d", kind, v.Codec, v.Width, v.Height)
		if v.Rotation != 0 {
			fmt.Fprintf(w, " rotated %d° → %dx%d", v.Rotation, v.DisplayWidth, v.DisplayHeight)
		}
		if !v.Still {
			vfr := ""
			if v.VFR {
				vfr = " (variable)"
			}
			fmt.Fprintf(w, ", %v fps%s, %d frames, %.3fs", v.FPS, vfr, v.Frames, v.Duration)
		}
		fmt.Fprintf(w, ", %s", v.PixFmt)
		if v.Alpha {
			fmt.Fprint(w, " with alpha")
			if v.Decoder != "" {
				fmt.Fprintf(w, " (decoded by %s)", v.Decoder)
			}
		}
		if v.Interlaced() {
			fmt.Fprintf(w, ", interlaced (%s)", v.FieldOrder)
		}
		fmt.Fprintf(w, ", colour %s/%s/%s range %s\n", orUnknown(v.ColorSpace), orUnknown(v.ColorPrimaries), orUnknown(v.ColorTransfer), orUnknown(v.ColorRange))
	} else {
		fmt.Fprintln(w, "  video: none")
	}
	if a := in.Audio; a != nil {
		fmt.Fprintf(w, "  audio: %s %d Hz, %d channels %s, %.3fs\n", a.Codec, a.SampleRate, a.Channels, a.Layout, a.Duration)
	} else {
		fmt.Fprintln(w, "  audio: none (reel adds silence)")
	}
	printStarts(w, in)
}

// printStarts says where the clip's time starts when its streams or its
// container do not start together (reel keeps them in sync; this says why
// sound before the pictures is not used).
func printStarts(w io.Writer, in *probe.Info) {
	v, a := in.Video, in.Audio
	if v == nil || v.Still || a == nil {
		return
	}
	lead := v.StartTime - a.StartTime
	if math.Abs(lead) < 0.0005 && math.Abs(in.SeekBase()) < 0.0005 {
		return
	}
	fmt.Fprintf(w, "  starts: container %.3fs, video %.3fs, audio %.3fs", in.StartTime, v.StartTime, a.StartTime)
	switch {
	case lead >= 0.0005:
		fmt.Fprintf(w, " (sound %.3fs before the pictures: not used)", lead)
	case lead <= -0.0005:
		fmt.Fprintf(w, " (sound %.3fs after the pictures: silence until then)", -lead)
	}
	fmt.Fprintln(w)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
