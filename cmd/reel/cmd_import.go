package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/interchange/cut"
	"github.com/reel-film/reel/internal/frac"
)

// sizeRe is a film size, WIDTHxHEIGHT (the project checks the numbers).
var sizeRe = regexp.MustCompile(`^[1-9][0-9]{0,4}x[1-9][0-9]{0,4}$`)

func newImportCmd() *cobra.Command {
	var out, fps, size, film string
	var mediaDirs []string
	cmd := &cobra.Command{
		Use:   "import CUT -o project.yaml",
		Short: "Make a project of an editor's cut (OpenTimelineIO .otio or CMX 3600 .edl)",
		Long: `Make a reel project of an editor's cut: an OpenTimelineIO timeline (.otio)
or a CMX 3600 EDL (.edl). Clips become scenes trimmed to their source
ranges, gaps black cards, dissolves fades, a transition at the start or the
end a fade in or out. Media that cannot be found becomes a placeholder card
named after the clip, with a warning; --media-dir looks for it by file name.
reel render CUT renders a cut directly. See docs/handoff.md.`,
		Example: `  reel import cut.otio -o project.yaml
  reel import cut.otio -o project.yaml --media-dir ~/footage
  reel import cut.edl --fps 29.97 -o project.yaml`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			in := a[0]
			if !cut.IsCut(in) {
				return usage(fmt.Errorf("%s: reel imports .otio and .edl files", in))
			}
			fi, err := os.Stat(in)
			if err != nil || fi.IsDir() {
				return usage(fmt.Errorf("%s: no such file", in))
			}
			o := cut.Options{MediaDirs: mediaDirs, Size: size, Output: film}
			if fps != "" {
				if o.FPS, err = frac.Parse(fps); err != nil || o.FPS.Num <= 0 {
					return usage(fmt.Errorf("--fps %q is not a frame rate (e.g. 24, 29.97, 30000/1001)", fps))
				}
			}
			if size != "" && !sizeRe.MatchString(size) {
				return usage(fmt.Errorf("--size %q is not a size (e.g. 1280x720)", size))
			}
			for _, d := range mediaDirs {
				if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
					return usage(fmt.Errorf("--media-dir %s is not a directory", d))
				}
			}
			if out != "" {
				if err := checkToolOutput(out, []string{".yaml", ".yml"}, in); err != nil {
					return err
				}
				if o.Dir, err = filepath.Abs(filepath.Dir(out)); err != nil {
					return err
				}
			} else if o.Dir, err = os.Getwd(); err != nil {
				return err
			}
			data, warnings, err := cut.Load(in, o)
			if err != nil {
				return err
			}
			for _, w := range warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "reel: warning: "+w.String())
			}
			if out == "" {
				_, err := cmd.OutOrStdout().Write(data)
				return err
			}
			if err := writeAtomic(out, data); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the project file to write (default: print it)")
	cmd.Flags().StringArrayVar(&mediaDirs, "media-dir", nil, "look for media that is not where the cut says in this directory, by file name (repeatable)")
	cmd.Flags().StringVar(&fps, "fps", "", "an EDL's frame rate (default: what the file says, else a guess, with a warning)")
	cmd.Flags().StringVar(&size, "size", "", "the film's size, e.g. 1280x720 (a cut from another application; default reel's)")
	cmd.Flags().StringVar(&film, "film", "", "the film's output path, relative to the project (default out/CUT-NAME.mp4)")
	return cmd
}
