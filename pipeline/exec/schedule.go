package exec

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/reel-film/reel/pipeline/plan"
)

// schedule runs jobs, at most slots at once, each once its dependencies are
// done. Among the ready jobs it starts the one with the longest remaining
// path first (its cost plus the costliest chain of jobs waiting on it): the
// long scene jobs start early, the short transition jobs fill the gaps, and
// the render does not end with one core waiting on a late long job.
//
// Each job is given threads from the cores not in use, shared among the jobs
// starting together: a job that runs alone (the one scene an edit changed)
// gets every core, jobs started side by side split them. Jobs marked in hit
// (expected cache hits, nil for none) start first, take one thread and are
// not counted as sharing the cores; run still decides whether they are hits.
// The first failure cancels the running jobs and starts no more; its error
// is returned.
func schedule(ctx context.Context, jobs []plan.Job, hit []bool, slots, cores int, run func(ctx context.Context, j *plan.Job, threads int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots, cores = max(slots, 1), max(cores, 1)
	index := make(map[string]int, len(jobs))
	for i, j := range jobs {
		index[j.ID] = i
	}
	waiting := make([]int, len(jobs))      // dependencies not done yet
	dependents := make([][]int, len(jobs)) // jobs waiting on each job
	for i, j := range jobs {
		for _, d := range j.Deps {
			k, ok := index[d]
			if !ok {
				return fmt.Errorf("plan: job %s waits on %s, which is not in the plan", j.ID, d)
			}
			waiting[i]++
			dependents[k] = append(dependents[k], i)
		}
	}
	rank := ranks(jobs, dependents)
	isHit := func(i int) bool { return i < len(hit) && hit[i] }
	var ready []int
	for i := range jobs {
		if waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	type result struct {
		i, held int // held: the threads counted as in use
		err     error
	}
	results := make(chan result)
	running, finished, inUse := 0, 0, 0
	var first error
	for {
		// Expected hits first (they take no time and unblock others), then
		// the most urgent ready job; plan order breaks ties.
		sort.SliceStable(ready, func(a, b int) bool {
			if isHit(ready[a]) != isHit(ready[b]) {
				return isHit(ready[a])
			}
			if rank[ready[a]] != rank[ready[b]] {
				return rank[ready[a]] > rank[ready[b]]
			}
			return ready[a] < ready[b]
		})
		for first == nil && running < slots && len(ready) > 0 {
			i := ready[0]
			threads, held := 1, 0
			if !isHit(i) {
				work := 0 // ready jobs expected to run
				for _, k := range ready {
					if !isHit(k) {
						work++
					}
				}
				threads = max(1, (cores-inUse)/min(slots-running, work))
				held = threads
			}
			ready = ready[1:]
			running++
			inUse += held
			go func() { results <- result{i, held, run(ctx, &jobs[i], threads)} }()
		}
		if running == 0 {
			break
		}
		res := <-results
		running--
		inUse -= res.held
		if res.err != nil {
			if first == nil {
				first = res.err
				cancel()
			}
			continue
		}
		finished++
		for _, d := range dependents[res.i] {
			if waiting[d]--; waiting[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	if first == nil && finished < len(jobs) {
		var stuck []string
		for i, j := range jobs {
			if waiting[i] > 0 {
				stuck = append(stuck, j.ID)
			}
		}
		return fmt.Errorf("plan: jobs %s wait on each other", strings.Join(stuck, ", "))
	}
	return first
}

// ranks returns each job's cost plus the largest rank among the jobs waiting
// on it: the work left on the longest path that starts with the job. A job
// without a cost estimate counts as one unit so that the order stays
// meaningful.
func ranks(jobs []plan.Job, dependents [][]int) []float64 {
	rank := make([]float64, len(jobs))
	state := make([]byte, len(jobs)) // 0 new, 1 visiting, 2 done
	var visit func(i int) float64
	visit = func(i int) float64 {
		switch state[i] {
		case 2:
			return rank[i]
		case 1: // a cycle: schedule reports it as stuck jobs
			return 0
		}
		state[i] = 1
		var tail float64
		for _, d := range dependents[i] {
			tail = max(tail, visit(d))
		}
		rank[i] = max(jobs[i].Cost, 1) + tail
		state[i] = 2
		return rank[i]
	}
	for i := range jobs {
		visit(i)
	}
	return rank
}
