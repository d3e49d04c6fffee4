package exec

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// producer is the cached job, and its part, that writes a file.
type producer struct {
	job  *plan.Job
	part int
}

// dir is the cache entry holding the file.
func (p producer) dir() string { return p.job.Parts[p.part].CacheDir }

// producers maps every file a cached job writes to that job and part.
func producers(p *plan.Plan) map[string]producer {
	out := map[string]producer{}
	for i := range p.Jobs {
		j := &p.Jobs[i]
		if !j.Cached() {
			continue
		}
		for k, pt := range j.Parts {
			for _, o := range pt.Outputs {
				out[j.Outputs[o]] = producer{j, k}
			}
		}
	}
	return out
}

// verifyInputs hashes, right before job j reads them, the files j takes
// from other jobs' cache entries, unless this render already verified or
// wrote them: each file's whole content against the SHA-256 recorded when
// its entry was committed. A damaged file's job is rendered again first,
// with a warning event, so j never reads a damaged file. Files no job that
// runs reads (the raw frames of a transition whose own entry is a hit) are
// never read, so never hashed.
func (r *runner) verifyInputs(ctx context.Context, j *plan.Job, threads int) error {
	for _, in := range j.Inputs {
		p, ok := r.producer[in]
		if !ok || r.isVerified(in) {
			continue
		}
		err := cache.VerifyFile(p.dir(), filepath.Base(in))
		if err == nil && !r.usable(ctx, in) {
			err = fmt.Errorf("%s is held by the workers of an earlier render, and this render cannot reach it", filepath.Base(in))
		}
		if err != nil {
			if err := r.redo(ctx, p, in, err, threads); err != nil {
				return err
			}
		}
		r.setVerified(in)
	}
	return nil
}

// redo renders part p again because its file was found damaged (cause),
// under its lock; another job or render may have redone it meanwhile.
func (r *runner) redo(ctx context.Context, p producer, file string, cause error, threads int) error {
	unlock, err := cache.Lock(ctx, p.dir())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &JobError{Job: p.job, Err: err}
	}
	defer unlock()
	if cache.VerifyFile(p.dir(), filepath.Base(file)) == nil && r.usable(ctx, file) {
		return nil
	}
	r.notice(p.job, fmt.Sprintf("job %s: %v; rendering it again", p.job.ID, cause))
	r.uncount(p.job)
	if len(p.job.Parts) > 1 {
		r.ranParts(p.job, []int{p.part})
	}
	if err := r.verifyInputs(ctx, p.job, threads); err != nil {
		return err
	}
	return r.renderEntries(ctx, p.job, p.job.PartArgs(p.part), []int{p.part}, threads)
}

// isVerified says whether the file was verified or written in this render.
func (r *runner) isVerified(path string) bool {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	return r.sh.verified[path]
}

// setVerified records files verified or written in this render.
func (r *runner) setVerified(paths ...string) {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	for _, p := range paths {
		r.sh.verified[p] = true
	}
}

// uncount takes back the cache hit counted for job p, which runs again (and
// reports its own warnings afresh).
func (r *runner) uncount(p *plan.Job) {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	delete(r.warns, p.ID)
	for i, s := range r.stats.Jobs {
		if s.Job == p.ID && s.Cached {
			r.stats.Jobs = append(r.stats.Jobs[:i], r.stats.Jobs[i+1:]...)
			r.stats.Cached--
			r.sh.ndone--
			return
		}
	}
}

// usable says whether a verified input can be read by the job about to
// run: a file, or a stub whose object this render's Remote holds (see
// Remote).
func (r *runner) usable(ctx context.Context, path string) bool {
	object, _, stub := ReadStub(path)
	return !stub || (r.opts.Remote != nil && r.opts.Remote.Holds(ctx, object))
}
