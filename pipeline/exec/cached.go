package exec

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
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
		for _, w := range readWarnings(j.CacheDir) {
			r.warn(j, w)
		}
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
	if err := writeWarnings(cache.Partial(j.CacheDir), r.jobWarnings(j)); err != nil {
		cache.Abort(j.CacheDir)
		return &JobError{Job: j, Err: err}
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

// warningsFile holds, in a cache entry, the warnings its job reported, so
// that a cache hit reports them again.
const warningsFile = "warnings.json"

// writeWarnings stores warnings in the entry directory dir (nothing when
// there are none).
func writeWarnings(dir string, warnings []string) error {
	if len(warnings) == 0 {
		return nil
	}
	b, _ := json.Marshal(warnings)
	if err := os.WriteFile(filepath.Join(dir, warningsFile), b, 0o644); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// readWarnings returns the warnings stored in the entry directory dir.
func readWarnings(dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, warningsFile))
	if err != nil {
		return nil
	}
	var w []string
	if json.Unmarshal(b, &w) != nil {
		return nil
	}
	return w
}
