package pipeline

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/spec"
)

// copyProject is a copy of p that can be resolved without changing p: its
// own scenes and outputs (the slices the resolving stages write), sharing
// the rest, which is only read.
func copyProject(p *config.Project) *config.Project {
	c := *p
	c.Scenes = slices.Clone(p.Scenes)
	c.Outputs = slices.Clone(p.Outputs)
	return &c
}

// resolveSpec makes the spec of one render: film is the project with its
// sources resolved (ResolveSources' copy), sel what the request writes.
// The film takes its format from the first output (halved for a preview),
// and its output is the first output as written (path included);
// Renditions are the selected outputs with their final paths.
func resolveSpec(proj, film *config.Project, sel *selection, preview bool) *spec.Spec {
	film.Output = sel.film
	film.Outputs = sel.renditions
	film.Poster, film.Thumbnails = sel.poster, sel.thumbnails
	return &spec.Spec{Project: proj, Film: film, Renditions: sel.renditions, Poster: sel.poster, Thumbnails: sel.thumbnails, Draft: preview}
}

// previewOutput turns an output into a draft: a quarter of the pixels (half
// the width and height, kept even), the fastest preset, the same frame rate
// and timing. An audio-only output is left as it is. (Its name is
// previewPath's.)
func previewOutput(o *config.Output) {
	if o.AudioOnly() || o.Width == 0 {
		return
	}
	if o.Codec == "h265" && min(o.Width, o.Height)/2 < config.MinSideH265 {
		o.Preset, o.CRF = "ultrafast", 28 // halved, it would be too small for libx265
		return
	}
	o.Width, o.Height = max(2, o.Width/2&^1), max(2, o.Height/2&^1)
	o.Preset, o.CRF = "ultrafast", 28
}

// previewPath is where a draft goes unless the user named the output:
// ".preview" before the extension, so a draft never replaces the full render.
func previewPath(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".preview" + ext
}
