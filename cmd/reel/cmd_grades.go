package main

import (
	"bytes"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/looks"
	"github.com/reel-film/reel/pipeline/grade"
)

func newGradesCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "grades",
		Short: "List the colour grade presets",
		Long: `List the shipped colour grade presets with a line on each. Use one as
  grade: cinematic
or  grade: {preset: warm, intensity: 0.6, vignette: 0.3}
in a project or a scene (see docs/grading.md). Every preset is data: export
any of them as a .cube LUT, or look at them all on your own clip.`,
		Example: `  reel grades
  reel grades export cinematic -o cinematic.cube
  reel grades preview clips/shot1.mp4 -o sheet.png`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, a []string) error {
			if asJSON {
				return printJSON(cmd, looks.Builtin.All())
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			for _, p := range looks.Builtin.All() {
				fmt.Fprintf(tw, "%s\t%s\n", p.Name, p.Description)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (the presets' parameters too)")
	cmd.AddCommand(newGradesExportCmd(), newGradesPreviewCmd())
	return cmd
}

func newGradesExportCmd() *cobra.Command {
	var out string
	var size int
	cmd := &cobra.Command{
		Use:   "export NAME -o NAME.cube",
		Short: "Write a preset as a .cube 3D LUT (Resolve, Premiere, FFmpeg lut3d)",
		Long: `Write a preset as a standard .cube 3D LUT for BT.709 video. The LUT is
sampled from the same compiled operations the render runs, so it looks the
same in your editor as in reel's output.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			p, err := looks.Builtin.Lookup(a[0])
			if err != nil {
				return usage(err)
			}
			if out == "" {
				out = p.Name + ".cube"
			}
			if size < 2 || size > looks.MaxCube3D {
				return usage(fmt.Errorf("--size %d: want 2 to %d", size, looks.MaxCube3D))
			}
			if err := checkToolOutput(out, []string{".cube"}); err != nil {
				return err
			}
			c := grade.Export(grade.Compile(p.Look, 1, nil), "reel "+p.Name, size)
			if err := writeCube(out, c); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s (%d³ points)\n", out, size)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the .cube file to write (default NAME.cube)")
	cmd.Flags().IntVar(&size, "size", grade.ExportSize, "points along each side of the LUT")
	return cmd
}

// writeCube writes c to path through a temporary file (writeAtomic), so a
// failure never leaves half a LUT.
func writeCube(path string, c *looks.Cube) error {
	var b bytes.Buffer
	if err := c.Write(&b); err != nil {
		return fmt.Errorf("writing the LUT: %w", err)
	}
	return writeAtomic(path, b.Bytes())
}
