package exec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/reel-film/reel/pipeline/plan"
)

// Variant is one plan of a batch, and the name messages and events give it
// (its row, or its project).
type Variant struct {
	Name string
	Plan *plan.Plan
}

// VariantResult is what a batch did for one variant.
type VariantResult struct {
	// Stats are its jobs' costs; a job identical to one of an earlier
	// variant (the same key) is counted once, in the first variant that has it.
	Stats *Stats
	// Err is nil when every file its plan delivers is in place. Otherwise
	// nothing new is at any of its paths: the failed job's *JobError (a job
	// shared with other variants fails them all), or the cancellation.
	Err error
	// Shared counts its jobs run once for several variants.
	Shared int
	// Wall is the time from the batch's start to the variant's delivery
	// (or its failure).
	Wall time.Duration
}

// BatchStats is what a whole batch cost.
type BatchStats struct {
	Wall      time.Duration `json:"wall_ns"`
	Jobs      int           `json:"jobs"`      // distinct jobs in the graph (identical jobs once)
	Ran       int           `json:"ran"`       // jobs that ran (not cache hits)
	Cached    int           `json:"cached"`    // jobs served from the cache
	Collapsed int           `json:"collapsed"` // jobs of variants served by an identical job of another
}

// RunBatch runs the plans of a batch as one graph on this machine, at most
// opts.Jobs jobs at once sharing opts.Cores: identical jobs (the same
// cache key) run once even in a cold batch, the longest chains first. A
// failure fails only the variants that need the failed job; the others go
// on and are delivered, each all or nothing (as Run). Cancelling ctx stops
// every job and delivers nothing that was not complete. Events carry the
// variant and the batch's progress.
//
// Each variant is delivered as soon as its last job is done, and its work
// directory then removed (unless opts.KeepWork); each variant needs a work
// directory and output paths of its own (a variant sharing another's is
// failed before anything runs). Besides the jobs' events, each finished
// variant is reported by an event of state "variant-done" or
// "variant-failed" (see event.Event).
func RunBatch(ctx context.Context, vs []Variant, opts Options) ([]VariantResult, *BatchStats) {
	if opts.FFmpeg == "" {
		opts.FFmpeg = "ffmpeg"
	}
	if opts.Cores <= 0 {
		opts.Cores = runtime.NumCPU()
	}
	b := newBatch(ctx, vs, opts)
	b.run()
	return b.res, b.stats()
}

// batch is the state of one RunBatch. Apart from the runners (which guard
// theirs with sh.mu), it is only used by the goroutine that schedules.
type batch struct {
	ctx      context.Context
	vs       []Variant
	opts     Options
	sh       *shared
	runners  []*runner
	finals   [][]plan.Final
	g        *batchGraph
	res      []VariantResult
	pending  []int  // by variant: nodes it needs that have not ended
	owns     []bool // by variant: its work directory and temporaries are its own (cleaned up)
	finished []bool
}

// errNotNeeded ends a node every variant needing it has failed already.
var errNotNeeded = errors.New("batch: no variant needs the job any more")

func newBatch(ctx context.Context, vs []Variant, opts Options) *batch {
	b := &batch{ctx: ctx, vs: vs, opts: opts, sh: newShared(time.Now()), res: make([]VariantResult, len(vs)),
		finals: make([][]plan.Final, len(vs)), owns: make([]bool, len(vs)), finished: make([]bool, len(vs))}
	b.sh.variants = len(vs)
	b.prepareAll()
	b.graph()
	return b
}

// prepareAll makes a runner for each variant and prepares those that have
// a plan.
func (b *batch) prepareAll() {
	paths, works := map[string]int{}, map[string]int{}
	for v, vr := range b.vs {
		p := vr.Plan
		if p == nil {
			p = &plan.Plan{}
			b.res[v].Err = errors.New("batch: no plan")
		}
		r := newRunner(p, b.opts, b.sh)
		r.name = vr.Name
		b.runners = append(b.runners, r)
		b.res[v].Stats = &r.stats
		if b.res[v].Err == nil {
			b.res[v].Err = b.prepare(v, paths, works)
		}
	}
}

// graph builds the batch's graph and its totals. A variant that cannot
// run has no jobs in it: it owns none that others need.
func (b *batch) graph() {
	plans := make([]*plan.Plan, len(b.vs))
	handovers := make([]map[string][]plan.Final, len(b.vs))
	for v, r := range b.runners {
		plans[v], handovers[v] = r.plan, r.handover
		if b.res[v].Err != nil {
			plans[v] = &plan.Plan{}
		}
	}
	b.g = buildBatchGraph(plans, handovers)
	b.sh.jobs = len(b.g.nodes)
	for _, n := range b.g.nodes {
		b.sh.total += n.job.Seconds
	}
	b.pending = append([]int(nil), b.g.pending...)
	for v := range b.vs {
		b.res[v].Shared = b.g.shared[v]
		if b.res[v].Err == nil {
			b.res[v].Err = b.g.errs[v]
		}
	}
}

// prepare makes variant v's work directory and output directories, and
// removes what killed renders left beside its outputs, once its paths are
// checked to be its own (paths and works: those of the variants before).
func (b *batch) prepare(v int, paths, works map[string]int) error {
	p := b.vs[v].Plan
	b.finals[v] = deliveries(p)
	if u, ok := works[p.WorkDir]; ok {
		return fmt.Errorf("batch: variant %s has the work directory of variant %s (%s)", b.vs[v].Name, b.vs[u].Name, p.WorkDir)
	}
	for _, f := range b.finals[v] {
		if u, ok := paths[f.Path]; ok {
			return fmt.Errorf("batch: variants %s and %s both write %s", b.vs[u].Name, b.vs[v].Name, f.Path)
		}
	}
	works[p.WorkDir] = v
	for _, f := range b.finals[v] {
		paths[f.Path] = v
	}
	b.owns[v] = true
	if err := os.MkdirAll(p.WorkDir, 0o755); err != nil {
		return fmt.Errorf("create work directory: %w", err)
	}
	for _, f := range b.finals[v] {
		if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
			return fmt.Errorf("create output directory: %w", err)
		}
		removeStalePartials(f.Path)
	}
	return nil
}
