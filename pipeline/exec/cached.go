package exec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// runCached runs a job through the cache. Under the locks of its parts'
// entries, a complete entry (its manifest, every output at its recorded
// size, its stored warnings intact) is a hit; the content of each output is
// verified when a job that runs reads it (verifyInputs). Every part a hit:
// the job does not run. No part a hit: the job runs once, writing every
// part. Some: each missing part runs alone (its own arguments), so adding
// a rendition to a rendered film encodes only the new rendition's parts.
// An entry with a file missing, of another size or damaged is reported in
// a warning event, and its part runs as on a miss (renderParts). A job
// made from the film then delivers its outputs out of its entries to their
// temporary names (copyOut: copies verified against the manifest); a copy
// found damaged on a hit is reported and its part rendered again.
func (r *runner) runCached(ctx context.Context, j *plan.Job, threads int) error {
	locks, err := lockParts(ctx, j)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &JobError{Job: j, Err: err}
	}
	defer locks.releaseAll()
	var missing []int
	var warns []string
	for k, pt := range j.Parts {
		err := cache.Check(pt.CacheDir)
		if err == nil {
			err = verifyWarnings(pt.CacheDir)
		}
		if err == nil {
			warns = append(warns, readWarnings(pt.CacheDir)...)
			continue
		}
		var damage *cache.DamageError
		if errors.As(err, &damage) {
			r.notice(j, fmt.Sprintf("job %s: %v; rendering it again", j.ID, damage))
		}
		missing = append(missing, k)
	}
	if len(missing) == 0 {
		// A job whose outputs are delivered (made from the film) copies
		// them out of its entries, each copy verified whole.
		if missing, err = r.copyOut(j); err != nil {
			return err
		}
	}
	if len(missing) == 0 {
		for _, pt := range j.Parts {
			cache.Touch(pt.CacheDir)
		}
		for _, w := range uniqStrings(warns) {
			r.warn(j, w)
		}
		r.event(j, "cached", ffmpeg.Progress{}, &ffmpeg.Result{})
		return nil
	}
	if len(missing) < len(j.Parts) {
		r.ranParts(j, missing)
		if len(r.handover[j.ID]) == 0 { // nothing to copy out of the complete entries after
			locks.keepOnly(j, missing)
		}
	}
	if err := r.renderParts(ctx, j, missing, threads); err != nil {
		return err
	}
	if bad, err := r.copyOut(j); err != nil || len(bad) > 0 {
		if err == nil {
			err = &JobError{Job: j, Err: errors.New("a cache entry changed while it was delivered")}
		}
		return err
	}
	return nil
}

// lockParts takes the locks of the job's entries, in key order (so two
// renders sharing entries never wait on each other in a cycle).
func lockParts(ctx context.Context, j *plan.Job) (*partLocks, error) {
	dirs := make([]string, 0, len(j.Parts))
	for _, pt := range j.Parts {
		dirs = append(dirs, pt.CacheDir)
	}
	sort.Strings(dirs)
	dirs = slices.Compact(dirs)
	l := &partLocks{unlock: map[string]func(){}}
	for _, d := range dirs {
		u, err := cache.Lock(ctx, d)
		if err != nil {
			l.releaseAll()
			return nil, err
		}
		l.order = append(l.order, d)
		l.unlock[d] = u
	}
	return l, nil
}

// partLocks are the entry locks a job holds, by entry directory.
type partLocks struct {
	order  []string // taken in this order
	unlock map[string]func()
}

// releaseAll releases every lock still held, last taken first.
func (l *partLocks) releaseAll() {
	for i := len(l.order) - 1; i >= 0; i-- {
		l.release(l.order[i])
	}
}

// release releases the lock of the entry dir, if held.
func (l *partLocks) release(dir string) {
	if u, ok := l.unlock[dir]; ok {
		delete(l.unlock, dir)
		u()
	}
}

// keepOnly releases the locks of the entries of parts not listed: the
// entries a job found complete, which it neither writes nor reads while
// its missing parts render. Another job holding one of them (a batch's
// variants share a scene's raw frames while each renders its own body)
// then waits for nothing.
func (l *partLocks) keepOnly(j *plan.Job, parts []int) {
	keep := map[string]bool{}
	for _, k := range parts {
		keep[j.Parts[k].CacheDir] = true
	}
	for _, d := range slices.Clone(l.order) {
		if !keep[d] {
			l.release(d)
		}
	}
}

// renderParts runs the parts of a cached job listed in parts, their
// entries' locks held: its inputs from other entries are verified first;
// every part at once with the job's arguments when parts are all of them,
// or with a group's when parts are that group's, else each alone with its
// own; ffmpeg writes into the entries' partial
// directories, which are committed (the SHA-256 of each output and of the
// stored warnings recorded) and renamed into place when complete.
func (r *runner) renderParts(ctx context.Context, j *plan.Job, parts []int, threads int) error {
	if err := r.verifyInputs(ctx, j, threads); err != nil {
		return err
	}
	if len(parts) == len(j.Parts) {
		return r.renderEntries(ctx, j, j.Args, parts, threads)
	}
	for _, g := range j.Groups {
		if slices.Equal(g.Parts, parts) {
			return r.renderEntries(ctx, j, g.Args, parts, threads)
		}
	}
	for _, k := range parts {
		if err := r.renderEntries(ctx, j, j.PartArgs(k), []int{k}, threads); err != nil {
			return err
		}
	}
	return nil
}

// renderEntries runs args, which write the outputs of parts, into those
// parts' partial entry directories and commits them.
func (r *runner) renderEntries(ctx context.Context, j *plan.Job, args []string, parts []int, threads int) error {
	env := plan.JobEnv(j, threads)
	env.Outputs = append([]string(nil), j.Outputs...)
	var wrote []int
	abort := func() {
		for _, k := range parts {
			cache.Abort(j.Parts[k].CacheDir)
		}
	}
	for _, k := range parts {
		pt := j.Parts[k]
		if err := cache.Begin(pt.CacheDir); err != nil {
			abort()
			return &JobError{Job: j, Err: err}
		}
		for _, o := range pt.Outputs {
			env.Outputs[o] = filepath.Join(cache.Partial(pt.CacheDir), filepath.Base(j.Outputs[o]))
			wrote = append(wrote, o)
		}
	}
	if err := r.runFFmpeg(ctx, j, args, env, wrote); err != nil {
		abort()
		return err
	}
	for _, k := range parts {
		pt := j.Parts[k]
		var names []string
		for _, o := range pt.Outputs {
			names = append(names, filepath.Base(j.Outputs[o]))
		}
		w, err := writeWarnings(cache.Partial(pt.CacheDir), r.jobWarnings(j))
		if err == nil && w {
			names = append(names, warningsFile)
		}
		if err == nil {
			err = cache.Commit(pt.CacheDir, pt.Key, names)
		}
		if err != nil {
			abort()
			return &JobError{Job: j, Err: err}
		}
		for _, o := range pt.Outputs {
			r.setVerified(j.Outputs[o])
		}
	}
	return nil
}

// uniqStrings drops repeated strings, keeping the first of each.
func uniqStrings(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
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
