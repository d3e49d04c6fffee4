package exec

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// handOvers lists, by job id, the files the plan delivers from where the
// job writes them (Final.From): the outputs of the jobs made from the film.
func handOvers(p *plan.Plan) map[string][]plan.Final {
	out := map[string][]plan.Final{}
	for _, f := range p.Deliver {
		if f.From != "" {
			out[f.Job] = append(out[f.Job], f)
		}
	}
	return out
}

// handOver delivers what uncached job j wrote in the work directory to its
// temporary names: moved, or copied when the work directory is on another
// file system.
func (r *runner) handOver(j *plan.Job) error {
	for _, f := range r.handover[j.ID] {
		err := os.Rename(f.From, f.Temp)
		if errors.Is(err, syscall.EXDEV) {
			err = cache.CopyFile(f.From, f.Temp)
		}
		if err != nil {
			return &JobError{Job: j, Err: fmt.Errorf("deliver %s: %w", filepath.Base(f.Path), err)}
		}
	}
	return nil
}

// copyOut delivers what cached job j stored in its entries to their
// temporary names (cache.CopyOut: a copy verified against the manifest).
// It returns the parts whose files were found damaged (their copies
// removed), to be rendered again.
func (r *runner) copyOut(j *plan.Job) (damaged []int, err error) {
	for _, f := range r.handover[j.ID] {
		k := partOf(j, f.From)
		if k < 0 {
			return nil, &JobError{Job: j, Err: fmt.Errorf("deliver %s: %s is not one of the job's outputs", filepath.Base(f.Path), f.From)}
		}
		err := cache.CopyOut(j.Parts[k].CacheDir, filepath.Base(f.From), f.Temp)
		var damage *cache.DamageError
		switch {
		case errors.As(err, &damage) || errors.Is(err, cache.ErrAbsent):
			r.notice(j, fmt.Sprintf("job %s: %v; rendering it again", j.ID, err))
			if !slices.Contains(damaged, k) {
				damaged = append(damaged, k)
			}
		case err != nil:
			return nil, &JobError{Job: j, Err: err}
		}
	}
	return damaged, nil
}

// partOf is the index of the part of j that writes path, or -1.
func partOf(j *plan.Job, path string) int {
	for k, pt := range j.Parts {
		for _, o := range pt.Outputs {
			if j.Outputs[o] == path {
				return k
			}
		}
	}
	return -1
}
