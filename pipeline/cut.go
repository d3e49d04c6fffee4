package pipeline

import (
	"context"
	"path/filepath"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/interchange/cut"
)

// isCut says whether a project path is an editor's cut (.otio, .edl).
func isCut(path string) bool { return cut.IsCut(path) }

// prepareCut prepares an editor's cut (an OpenTimelineIO timeline or an
// EDL) as the project it converts to (package cut), its relative paths in
// the cut's directory, its media relinked from req.MediaDirs. What the
// conversion left out or guessed is a warning; the project's problems name
// the cut's lines and items.
func (e *Engine) prepareCut(ctx context.Context, req Request, workDir, tag string) (*Prepared, error) {
	abs, err := filepath.Abs(req.Path)
	if err != nil {
		return nil, &RequestError{Field: "project", Err: err}
	}
	dir := filepath.Dir(abs)
	cv, err := cut.Convert(req.Path, cut.Options{Dir: dir, Base: dir, MediaDirs: req.MediaDirs})
	if err != nil {
		return nil, err
	}
	req.Data, req.Dir, req.Name, req.Path = cv.Data, dir, req.Path, ""
	prep, err := e.prepare(ctx, req, workDir, tag)
	if err != nil {
		return nil, cv.Remap(err)
	}
	warnings := make([]string, 0, len(cv.Warnings)+len(prep.Plan.Warnings))
	for _, w := range cv.Warnings {
		warnings = append(warnings, (&config.Error{File: w.File, Line: w.Line, Path: w.Path, Msg: w.Msg}).Error())
	}
	for _, w := range prep.Plan.Warnings {
		warnings = append(warnings, cv.RemapText(w))
	}
	prep.Plan.Warnings = warnings
	return prep, nil
}
