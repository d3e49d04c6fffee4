package exec

import (
	"context"
	"errors"
	"os"
	"slices"
	"time"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/plan"
)

// run runs the graph and finishes every variant.
func (b *batch) run() {
	for v := range b.vs {
		if b.pending[v] == 0 { // no jobs, or a plan that cannot run
			b.finish(v)
		}
	}
	hit := make([]bool, len(b.g.nodes))
	for i, n := range b.g.nodes {
		hit[i] = expectHit(n.job)
	}
	// The variants in order, each's longest chains first: the first
	// variants are delivered while the others render (a batch cancelled
	// late keeps most of its work), and the slots one variant leaves idle
	// go to the next.
	err := runGraph(b.ctx, b.g.nodes, graphRun{hit: hit, group: b.g.owner, slots: b.opts.Jobs, cores: b.opts.Cores,
		run: b.runNode, ended: b.ended, skip: b.skip})
	for v := range b.vs {
		if b.finished[v] {
			continue
		}
		if b.res[v].Err == nil {
			b.res[v].Err = err
		}
		if b.res[v].Err == nil { // cannot happen: every node ended
			b.res[v].Err = errors.New("batch: a job did not run")
		}
		b.finish(v)
	}
}

// runNode runs node i in the runner of the variant that owns it.
func (b *batch) runNode(ctx context.Context, i, threads int) error {
	return b.runners[b.g.owner[i]].runJob(ctx, b.g.nodes[i].job, threads)
}

// skip ends node i without running it when every variant needing it has
// failed already.
func (b *batch) skip(i int) error {
	for _, v := range b.g.needs[i] {
		if b.res[v].Err == nil {
			return nil
		}
	}
	return errNotNeeded
}

// ended records that node i ended (err: nil when it succeeded) and finishes
// the variants whose last node it was. A failure fails every variant
// needing the node (the first failure is a variant's error).
func (b *batch) ended(i int, err error) {
	owner, j := b.runners[b.g.owner[i]], b.g.nodes[i].job
	if err != nil {
		owner.settle(j)
	} else if len(b.g.needs[i]) > 1 {
		// What a shared job found is about every variant's film.
		for _, v := range b.g.needs[i][1:] {
			b.runners[v].addWarnings(owner.jobWarnings(j))
		}
	}
	for _, v := range b.g.needs[i] {
		if err != nil && b.res[v].Err == nil && !errors.Is(err, errNotNeeded) {
			b.res[v].Err = err
		}
		if b.pending[v]--; b.pending[v] == 0 && !b.finished[v] {
			b.finish(v)
		}
	}
}

// finish delivers variant v when all its nodes succeeded and the batch is
// not cancelled, removes its temporaries otherwise, and its work directory,
// and reports it. Its error is the cancellation unless one of its jobs
// failed.
func (b *batch) finish(v int) {
	b.finished[v] = true
	r, err := b.runners[v], b.res[v].Err
	var je *JobError
	switch cerr := b.ctx.Err(); {
	case cerr != nil && !errors.As(err, &je):
		err = cancelled(cerr)
	case err == nil:
		if err = r.seal(b.finals[v]); err != nil {
			break
		}
		if err = deliver(b.finals[v]); err == nil {
			r.recordFilms(b.finals[v])
		}
	}
	if b.owns[v] {
		if err != nil {
			for _, f := range b.finals[v] {
				os.Remove(f.Temp)
			}
		}
		if !b.opts.KeepWork {
			os.RemoveAll(r.plan.WorkDir)
		}
	}
	b.res[v].Err = err
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	r.stats.Wall = time.Since(r.sh.start)
	b.res[v].Wall = r.stats.Wall
	r.sh.vdone++
	if b.opts.OnEvent == nil {
		return
	}
	ev := r.snapshot(&plan.Job{}, "variant-done", ffmpeg.Progress{})
	if err != nil {
		ev.State, ev.Error = "variant-failed", err.Error()
	}
	b.opts.OnEvent(ev)
}

// stats sums up the batch.
func (b *batch) stats() *BatchStats {
	st := &BatchStats{Wall: time.Since(b.sh.start), Jobs: len(b.g.nodes), Collapsed: b.g.collapsed}
	for _, r := range b.runners {
		for _, j := range r.stats.Jobs {
			if !j.Cached {
				st.Ran++
			}
		}
		st.Cached += r.stats.Cached
	}
	return st
}

// addWarnings adds the warnings of a job another variant's runner ran, each
// once.
func (r *runner) addWarnings(ws []string) {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	for _, w := range ws {
		if !slices.Contains(r.stats.Warnings, w) {
			r.stats.Warnings = append(r.stats.Warnings, w)
		}
	}
}

// settle counts job j, which failed or was not run because a job it needs
// failed, as done in the batch's progress: the batch's bar still ends at
// its total.
func (r *runner) settle(j *plan.Job) {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	r.sh.ndone++
	r.setProgress(j.ID, j.Seconds)
}
