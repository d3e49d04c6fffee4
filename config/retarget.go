package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/suggest"
)

// Retarget returns the film's output written to path instead (`reel render
// -o`, or --output with a new path for a one-output project), with what
// follows the file: its container, its default name, and, when the project
// names no codec, the container's codec and sound. The error says why the
// film cannot go to path: an extension reel does not write, a GIF or an
// audio-only file (the film is a video), or a codec or encoder setting of
// the project that the new file cannot take. path is made absolute.
func (o Output) Retarget(path string) (Output, error) {
	ext := strings.ToLower(filepath.Ext(path))
	format, ok := FormatOf(strings.TrimPrefix(ext, "."))
	if !ok || ext == "" {
		return o, fmt.Errorf("reel writes the film as %s%s", strings.Join(VideoExts[:4], ", "), suggest.Hint(ext, VideoExts))
	}
	if format.Default == "" || format.Default == "gif" {
		return o, fmt.Errorf("the film's output cannot be a %s file (it is the master the other outputs are made from: a video); write %s", ext, strings.Join(VideoExts[:4], ", "))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return o, fmt.Errorf("output path: %w", err)
	}
	n := o
	n.Path, n.Container = abs, ext[1:]
	if !slices.Contains(o.Set, "name") {
		n.Name = outputName(abs)
	}
	if !slices.Contains(o.Set, "codec") && n.Container != o.Container {
		n.Codec = format.Default
	}
	if !slices.Contains(format.Codecs, n.Codec) {
		return o, fmt.Errorf("the project's codec %s cannot go in a %s file (FFmpeg writes it into %s only)", n.Codec, ext, strings.Join(containersOf(n.Codec), ", "))
	}
	if n.Codec != o.Codec {
		for _, k := range []string{"preset", "crf", "bitrate", "profile"} {
			if slices.Contains(o.Set, k) {
				return o, fmt.Errorf("a %s file is %s, and the project's %s is for %s: write codec: %s in the project, or another extension", ext, n.Codec, k, o.Codec, o.Codec)
			}
		}
		n.Preset, n.CRF, n.Bitrate, n.Profile = "", -1, 0, ""
	}
	n.Audio = AudioCodec(n.Container, n.Codec)
	return n, nil
}
