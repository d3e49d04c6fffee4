package plan

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/config"
)

// derivedJobs makes everything made from the finished film: the derived
// renditions among outs (see Derived; the film's format is the project's
// first output), the poster and the thumbnails (nil: none). temp gives an
// output's temporary name (TempOutput with the render's tag). It returns
// the jobs, what they deliver, and every problem at once (config.Errors).
func (b *builder) derivedJobs(film filmFile, outs []config.Output, poster *config.Poster, thumbs *config.Thumbnails, temp func(string) string) ([]Job, []Final, error) {
	var jobs []Job
	var finals []Final
	var errs config.Errors
	add := func(j Job, err error, paths ...string) {
		var ce *config.Error
		switch {
		case errors.As(err, &ce):
			errs = append(errs, ce)
			return
		case err != nil:
			errs = append(errs, &config.Error{Msg: err.Error()})
			return
		}
		jobs = append(jobs, j)
		for _, p := range paths {
			finals = append(finals, Final{Path: p, Temp: temp(p), Job: j.ID})
		}
	}
	for _, o := range outs {
		if Derived(o, b.project.Output) {
			j, err := b.derivedJob(film, o, temp(o.Path))
			add(j, err, o.Path)
		}
	}
	if poster != nil {
		j, err := b.posterJob(film, *poster, temp(poster.Path))
		add(j, err, poster.Path)
	}
	if thumbs != nil {
		j, err := b.thumbnailsJob(film, *thumbs, temp(thumbs.Path), temp(vttPath(*thumbs)))
		add(j, err, thumbs.Path, vttPath(*thumbs))
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return jobs, finals, nil
}

// vttPath is the thumbnails' WebVTT index: the sheet's path with .vtt.
func vttPath(t config.Thumbnails) string {
	if t.VTT != "" {
		return t.VTT
	}
	return strings.TrimSuffix(t.Path, filepath.Ext(t.Path)) + ".vtt"
}
