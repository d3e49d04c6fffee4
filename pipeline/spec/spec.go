// Package spec holds the resolved render specification: what the planner
// reads. Loading gives the user's project (config.Project), which nothing
// changes afterwards; resolving it (sources downloaded or generated, media
// probed, shots measured, the preview and the renditions chosen) gives a
// Spec, a separate value that is not changed after it is made either. The
// planner is a pure function of a Spec.
package spec

import (
	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/grade"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/text"
	"github.com/reel-film/reel/transitions"
)

// Spec is a project resolved for one render. Treat it as read-only: it is
// shared by the planner, the executor's callers and the reports.
type Spec struct {
	// Project is the user's project as loaded, never changed.
	Project *config.Project
	// Film is the project as it renders: a copy of Project whose scenes
	// carry their resolved sources (a downloaded or generated file, or a
	// placeholder card for a prompt with no clip) and whose Output is the
	// film's own format (the first output; halved for a preview). The
	// planner reads the timeline, scenes, grades and audio from it.
	Film *config.Project
	// Renditions are the outputs this render writes, in project order, with
	// their final paths (a preview's name, an override) resolved: all of the
	// project's outputs, or those the request selected.
	Renditions []config.Output
	Poster     *config.Poster         // nil: none written
	Thumbnails *config.Thumbnails     // nil: none written
	Media      map[string]*probe.Info // probed sources by absolute path
	Catalogue  *transitions.Catalogue
	// Shots are the colour statistics of scenes by id, measured for shot
	// matching; nil for none.
	Shots map[string]grade.Stats
	// Text holds the widths of the placeholder cards' characters in the
	// installed fonts; nil lays cards out by estimate.
	Text *text.Metrics
	// Fonts are the fonts of the text layers (families checked, widths
	// measured, font files' family names read); nil lays text layers out
	// by estimate in the default family.
	Fonts *text.LayerFonts
	// Draft is a preview: sources may be decoded approximately (no
	// deblocking) and encoded with the fastest settings.
	Draft bool
	// Rubberband says that FFmpeg has the rubberband filter: a clip at
	// another speed keeps its sound's pitch with it (its transients stay
	// within a frame of their picture); else with atempo.
	Rubberband bool
}
