package exec

import (
	"context"
	"errors"
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
func RunBatch(ctx context.Context, vs []Variant, opts Options) ([]VariantResult, *BatchStats) {
	res := make([]VariantResult, len(vs))
	for i := range res {
		res[i].Err = errors.New("batch: not implemented")
	}
	return res, &BatchStats{}
}

// Sharing is how the jobs of a batch's plans overlap (reel plan --data).
type Sharing struct {
	Jobs   int   `json:"jobs"`   // distinct jobs (identical keys once)
	Shared int   `json:"shared"` // distinct jobs every variant has
	Unique []int `json:"unique"` // by variant: its jobs no other variant has
}

// Share counts the jobs of plans (keyed: ApplyCache) that are identical.
func Share(plans []*plan.Plan) Sharing {
	return Sharing{Unique: make([]int, len(plans))}
}
