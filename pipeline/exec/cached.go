package exec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// runCached runs a job (its arguments args) through the cache: under the
// entry's lock, a complete entry (its manifest, every output at its recorded
// size, its stored warnings intact) is a hit and the job does not run; the
// content of each output is verified when a job that runs reads it
// (verifyInputs). An entry with a file missing, of another size or damaged
// is reported in a warning event, and the job runs as on a miss
// (renderEntry).
func (r *runner) runCached(ctx context.Context, j *plan.Job, args []string, threads int) error {
	unlock, err := cache.Lock(ctx, j.CacheDir)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &JobError{Job: j, Err: err}
	}
	defer unlock()
	err = cache.Check(j.CacheDir)
	if err == nil {
		err = verifyWarnings(j.CacheDir)
	}
	if err == nil {
		cache.Touch(j.CacheDir)
		for _, w := range readWarnings(j.CacheDir) {
			r.warn(j, w)
		}
		r.event(j, "cached", ffmpeg.Progress{}, &ffmpeg.Result{})
		return nil
	}
	var damage *cache.DamageError
	if errors.As(err, &damage) {
		r.notice(j, fmt.Sprintf("job %s: %v; rendering it again", j.ID, damage))
	}
	return r.renderEntry(ctx, j, args, threads)
}

// renderEntry runs a cached job, its entry's lock held: its inputs from
// other entries are verified first, ffmpeg writes into the entry's partial
// directory, and the directory is committed (the SHA-256 of each output and
// of the stored warnings recorded) and renamed into place when complete.
func (r *runner) renderEntry(ctx context.Context, j *plan.Job, args []string, threads int) error {
	if err := r.verifyInputs(ctx, j, threads); err != nil {
		return err
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
	wrote, err := writeWarnings(cache.Partial(j.CacheDir), r.jobWarnings(j))
	if err != nil {
		cache.Abort(j.CacheDir)
		return &JobError{Job: j, Err: err}
	}
	if wrote {
		names = append(names, warningsFile)
	}
	if err := cache.Commit(j.CacheDir, j.Key, names); err != nil {
		cache.Abort(j.CacheDir)
		return &JobError{Job: j, Err: err}
	}
	r.setVerified(j.Outputs...)
	return nil
}

// warningsFile holds, in a cache entry, the warnings its job reported, so
// that a cache hit reports them again. The manifest records its SHA-256
// like an output's.
const warningsFile = "warnings.json"

// writeWarnings stores warnings in the entry directory dir (nothing when
// there are none); wrote says whether it did.
func writeWarnings(dir string, warnings []string) (wrote bool, err error) {
	if len(warnings) == 0 {
		return false, nil
	}
	b, _ := json.Marshal(warnings)
	if err := os.WriteFile(filepath.Join(dir, warningsFile), b, 0o644); err != nil {
		return false, fmt.Errorf("cache: %w", err)
	}
	return true, nil
}

// verifyWarnings checks the stored warnings of the entry at dir, when it has
// any, against the manifest: a hit must not lose or change them.
func verifyWarnings(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, warningsFile)); err != nil {
		return nil
	}
	return cache.VerifyFile(dir, warningsFile)
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
