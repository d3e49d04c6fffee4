package exec

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/reel-film/reel/pipeline/plan"
)

// node is one job of the scheduler's graph and the nodes it waits on (by
// index into the graph).
type node struct {
	job  *plan.Job
	deps []int
}

// graphRun says how to run a graph (see runGraph).
type graphRun struct {
	hit []bool // expected cache hits, by node (nil for none)
	// group, when set, orders the ready nodes before their rank: lower
	// first (a batch's variants in order, so that they are delivered one
	// after another rather than all at the end).
	group        []int
	slots, cores int
	run          func(ctx context.Context, i, threads int) error
	// ended, when set, makes the run go on after a failure: a failed node
	// fails every node waiting on it, transitively, with its error
	// (without running them), and the others go on. It is told of every
	// node that ends (nil when it succeeded), from the scheduling
	// goroutine, one call at a time.
	ended func(i int, err error)
	// skip, when set (with ended), is asked before a node starts: an error
	// ends the node as a failure without running it.
	skip func(i int) error
}

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
	nodes, err := planGraph(jobs)
	if err != nil {
		return err
	}
	return runGraph(ctx, nodes, graphRun{hit: hit, slots: slots, cores: cores,
		run: func(ctx context.Context, i, threads int) error { return run(ctx, nodes[i].job, threads) }})
}

// planGraph is the graph of a plan's jobs: one node each, in plan order.
func planGraph(jobs []plan.Job) ([]node, error) {
	index := make(map[string]int, len(jobs))
	for i, j := range jobs {
		index[j.ID] = i
	}
	nodes := make([]node, len(jobs))
	for i := range jobs {
		j := &jobs[i]
		nodes[i].job = j
		for _, d := range j.Deps {
			k, ok := index[d]
			if !ok {
				return nil, fmt.Errorf("plan: job %s waits on %s, which is not in the plan", j.ID, d)
			}
			nodes[i].deps = append(nodes[i].deps, k)
		}
	}
	return nodes, nil
}

// runGraph runs the nodes as schedule runs jobs. Without g.ended the first
// failure cancels the running nodes, starts no more and is returned. With
// it the run goes on after failures (see graphRun) and stops starting nodes
// only when ctx is cancelled (then its error is returned, once the running
// nodes have returned). Either way nodes that wait on each other are an
// error.
func runGraph(ctx context.Context, nodes []node, g graphRun) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	keepGoing := g.ended != nil
	slots, cores := max(g.slots, 1), max(g.cores, 1)
	waiting := make([]int, len(nodes))      // dependencies not done yet
	dependents := make([][]int, len(nodes)) // nodes waiting on each node
	for i, n := range nodes {
		for _, k := range n.deps {
			waiting[i]++
			dependents[k] = append(dependents[k], i)
		}
	}
	rank := ranks(nodes, dependents)
	isHit := func(i int) bool { return i < len(g.hit) && g.hit[i] }
	var ready []int
	for i := range nodes {
		if waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	type result struct {
		i, held int // held: the threads counted as in use
		err     error
	}
	results := make(chan result)
	ended := make([]bool, len(nodes)) // finished, failed or failed by a dependency
	running, nended, inUse := 0, 0, 0
	var first error
	// fail ends node i and every node waiting on it with err (keep going).
	fail := func(i int, err error) {
		for stack := []int{i}; len(stack) > 0; {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if ended[k] {
				continue
			}
			ended[k] = true
			nended++
			g.ended(k, err)
			stack = append(stack, dependents[k]...)
		}
	}
	stopped := func() bool {
		if keepGoing {
			return ctx.Err() != nil
		}
		return first != nil
	}
	for {
		// Expected hits first (they take no time and unblock others), then
		// the first group's, then the most urgent ready node; graph order
		// breaks ties.
		sort.SliceStable(ready, func(a, b int) bool {
			if isHit(ready[a]) != isHit(ready[b]) {
				return isHit(ready[a])
			}
			if g.group != nil && g.group[ready[a]] != g.group[ready[b]] {
				return g.group[ready[a]] < g.group[ready[b]]
			}
			if rank[ready[a]] != rank[ready[b]] {
				return rank[ready[a]] > rank[ready[b]]
			}
			return ready[a] < ready[b]
		})
		for !stopped() && running < slots && len(ready) > 0 {
			i := ready[0]
			ready = ready[1:]
			if g.skip != nil && keepGoing {
				if err := g.skip(i); err != nil {
					fail(i, err)
					continue
				}
			}
			threads, held := 1, 0
			if !isHit(i) {
				work := 1 // ready nodes expected to run, i among them
				for _, k := range ready {
					if !isHit(k) {
						work++
					}
				}
				threads = max(1, (cores-inUse)/min(slots-running, work))
				held = threads
			}
			running++
			inUse += held
			go func() { results <- result{i, held, g.run(ctx, i, threads)} }()
		}
		if running == 0 {
			break
		}
		res := <-results
		running--
		inUse -= res.held
		if res.err != nil {
			if keepGoing {
				fail(res.i, res.err)
			} else if first == nil {
				first = res.err
				cancel()
			}
			continue
		}
		ended[res.i] = true
		nended++
		if keepGoing {
			g.ended(res.i, nil)
		}
		for _, d := range dependents[res.i] {
			if waiting[d]--; waiting[d] == 0 && !ended[d] {
				ready = append(ready, d)
			}
		}
	}
	switch {
	case first != nil:
		return first
	case keepGoing && ctx.Err() != nil:
		return ctx.Err()
	case nended < len(nodes):
		var stuck []string
		for i, n := range nodes {
			if !ended[i] && waiting[i] > 0 {
				stuck = append(stuck, n.job.ID)
			}
		}
		return fmt.Errorf("plan: jobs %s wait on each other", strings.Join(stuck, ", "))
	}
	return nil
}

// ranks returns each node's cost plus the largest rank among the nodes
// waiting on it: the work left on the longest path that starts with the
// node. A job without a cost estimate counts as one unit so that the order
// stays meaningful.
func ranks(nodes []node, dependents [][]int) []float64 {
	rank := make([]float64, len(nodes))
	state := make([]byte, len(nodes)) // 0 new, 1 visiting, 2 done
	var visit func(i int) float64
	visit = func(i int) float64 {
		switch state[i] {
		case 2:
			return rank[i]
		case 1: // a cycle: runGraph reports it as stuck nodes
			return 0
		}
		state[i] = 1
		var tail float64
		for _, d := range dependents[i] {
			tail = max(tail, visit(d))
		}
		rank[i] = max(nodes[i].job.Cost, 1) + tail
		state[i] = 2
		return rank[i]
	}
	for i := range nodes {
		visit(i)
	}
	return rank
}
