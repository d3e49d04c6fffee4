package exec

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// runCached runs a job (its arguments args) through the cache: under the
// entry's lock, a complete entry is a hit and the job does not run;
// otherwise ffmpeg writes into the entry's partial directory, which is
// renamed into place when complete.
func (r *runner) runCached(ctx context.Context, j *plan.Job, args []string, threads int) error {
	unlock, err := cache.Lock(ctx, j.CacheDir)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &JobError{Job: j, Err: err}
	}
	defer unlock()
	if cache.Valid(j.CacheDir) {
		r.event(j, "cached", ffmpeg.Progress{}, &ffmpeg.Result{})
		return nil
	}
	if err := cache.Begin(j.CacheDir); err != nil {
		return &JobError{Job: j, Err: err}
	}
	partial := strings.NewReplacer(j.CacheDir+string(filepath.Separator), cache.Partial(j.CacheDir)+string(filepath.Separator))
	args = append([]string(nil), args...)
	for i, a := range args {
		args[i] = partial.Replace(a)
	}
	if err := r.runFFmpeg(ctx, j, args, threads); err != nil {
		cache.Abort(j.CacheDir)
		return err
	}
	names := make([]string, len(j.Outputs))
	for i, o := range j.Outputs {
		names[i] = filepath.Base(o)
	}
	if err := cache.Commit(j.CacheDir, j.Key, names); err != nil {
		cache.Abort(j.CacheDir)
		return &JobError{Job: j, Err: err}
	}
	return nil
}
