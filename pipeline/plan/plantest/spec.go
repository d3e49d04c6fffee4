// Package plantest builds plans from fixed data, with no FFmpeg: a project
// file, hand-written probe data and FFmpeg 5.1's transition catalogue, and
// prints plans compactly for golden files (one block per job, one filter
// per line). It serves the tests of pipeline/plan and pipeline.
package plantest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/grade"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/subtitles"
	"github.com/reel-film/reel/transitions"
)

// Dir is the directory a fixed project lives in, and WorkDir its render's
// work directory; neither is read or written.
const (
	Dir     = "/project"
	WorkDir = "/work"
)

// Spec resolves a project file (YAML or JSON, named project.yaml in
// messages) against fixed probe data, media, keyed by file name relative to
// Dir (a scene's `source: clip.mp4` reads media["clip.mp4"]), and shot
// statistics by scene id (nil for none). No file is read.
func Spec(project []byte, media map[string]*probe.Info, shots map[string]grade.Stats) (*spec.Spec, error) {
	cat := transitions.FFmpeg51()
	p, err := config.Parse(project, "project.yaml", Dir, config.Options{
		Transitions:    cat,
		SkipFileChecks: true,
	})
	if err != nil {
		return nil, err
	}
	abs := map[string]*probe.Info{}
	for name, info := range media {
		path := filepath.Join(Dir, name)
		in := *info
		in.Path = path
		abs[path] = &in
	}
	// Every output, the first setting the film's format (as a render that
	// selects none).
	renditions := []config.Output{p.Output}
	if len(p.Outputs) > 1 {
		renditions = append(renditions, p.Outputs[1:]...)
	}
	return &spec.Spec{Project: p, Film: p, Renditions: renditions, Poster: p.Poster, Thumbnails: p.Thumbnails,
		Media: abs, Catalogue: cat, Shots: shots}, nil
}

// Build plans a project from fixed data, into WorkDir.
func Build(project []byte, media map[string]*probe.Info, shots map[string]grade.Stats) (*plan.Plan, error) {
	sp, err := Spec(project, media, shots)
	if err != nil {
		return nil, err
	}
	return plan.Build(plan.Input{Spec: sp, WorkDir: WorkDir})
}

// Case is one golden case: a txtar archive with the sections
// project.yaml, media.json (probe data by file name; optional),
// shots.json (shot statistics by scene id; optional) and plan (the
// expected Print of the plan, or the expected error).
type Case struct {
	Archive *Archive
	Project []byte
	Media   map[string]*probe.Info
	Shots   map[string]grade.Stats
}

// ReadCase reads a case from its archive.
func ReadCase(data []byte) (*Case, error) {
	c := &Case{Archive: ParseArchive(data)}
	var ok bool
	if c.Project, ok = c.Archive.Get("project.yaml"); !ok {
		return nil, fmt.Errorf("no -- project.yaml -- section")
	}
	if b, ok := c.Archive.Get("media.json"); ok {
		if err := json.Unmarshal(b, &c.Media); err != nil {
			return nil, fmt.Errorf("media.json: %w", err)
		}
	}
	if b, ok := c.Archive.Get("shots.json"); ok {
		if err := json.Unmarshal(b, &c.Shots); err != nil {
			return nil, fmt.Errorf("shots.json: %w", err)
		}
	}
	return c, nil
}

// Build builds the case's plan. The captions' cues are read from the
// archive's section named as the captions file (subs.srt), when it has one.
func (c *Case) Build() (*plan.Plan, error) {
	sp, err := Spec(c.Project, c.Media, c.Shots)
	if err != nil {
		return nil, err
	}
	if cp := sp.Film.Captions; cp != nil {
		name, _ := filepath.Rel(Dir, cp.File)
		if data, ok := c.Archive.Get(name); ok {
			cues, err := subtitles.Parse(bytes.NewReader(data), name, filepath.Ext(name))
			if err != nil {
				return nil, err
			}
			cp.Cues = config.CaptionCues(cues)
		}
	}
	return plan.Build(plan.Input{Spec: sp, WorkDir: WorkDir})
}

// Print is what the case's plan section holds: the plan built (p) printed,
// or the error that stopped it ("error:" and its text).
func Print(p *plan.Plan, err error) string {
	if err != nil {
		return "error:\n" + indent(strings.ReplaceAll(err.Error(), Dir+string(filepath.Separator), ""), "  ")
	}
	return Format(p, Options{Dir: Dir})
}

// indent prefixes every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix) + "\n"
}
