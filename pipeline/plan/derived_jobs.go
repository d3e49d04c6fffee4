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
// output's temporary name (TempOutput with the render's tag). Each job
// writes into the work directory under a name of its own (the job's id,
// with the output's extension), which does not depend on the output's
// path or the render's tag, so that the cache can key and store it like
// any job's; the executor delivers it to its temporary name (Final.From).
// It returns the jobs, what they deliver, and every problem at once
// (config.Errors).
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
		for k, p := range paths {
			finals = append(finals, Final{Path: p, Temp: temp(p), Job: j.ID, From: j.Outputs[k]})
		}
	}
	work := func(name, path string) string {
		if ext := strings.ToLower(filepath.Ext(path)); !strings.HasSuffix(name, ext) {
			name += ext
		}
		return filepath.Join(b.workDir, name)
	}
	for _, o := range outs {
		if Derived(o, b.project.Output) {
			j, err := b.derivedJob(film, o, work("derived-"+safeName(o.Name), o.Path))
			add(j, err, o.Path)
		}
	}
	if poster != nil {
		j, err := b.posterJob(film, *poster, work("poster", poster.Path))
		add(j, err, poster.Path)
	}
	if thumbs != nil {
		j, err := b.thumbnailsJob(film, *thumbs, work("thumbnails", thumbs.Path), work("thumbnails", vttPath(*thumbs)))
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
