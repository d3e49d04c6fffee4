package exec

import (
	"fmt"
	"slices"

	"github.com/reel-film/reel/pipeline/plan"
)

// batchGraph is the one graph of a batch's jobs. A cached job that
// delivers nothing (its outputs are content-keyed cache entries, which
// every variant's dependants read at the same paths) and whose key a job
// of an earlier variant has is not a node of its own: it is that job's
// node, run by the earlier variant's runner. Every other job is a node of
// its variant (the jobs that deliver a variant's files stay its own: two
// identical ones meet at their entries' locks, the second a hit).
type batchGraph struct {
	nodes []node
	owner []int // by node: the variant whose runner runs it
	// needs lists, by node, the variants that need it: whose jobs are
	// the node or wait on it, transitively (the owner first). A failed
	// node fails them all.
	needs [][]int
	// pending counts, by variant, the nodes it needs; shared, its jobs
	// that are nodes of several variants' jobs.
	pending, shared []int
	collapsed       int     // jobs that are another variant's node
	errs            []error // by variant: a plan that cannot run (its jobs left out)
}

// collapsible says whether job j of plan p (handover: p's) can be one node
// with an identical job of another plan.
func collapsible(j *plan.Job, handover map[string][]plan.Final) bool {
	return j.Cached() && j.Key != "" && len(handover[j.ID]) == 0
}

// buildBatchGraph builds the graph of plans (each variant's handovers
// given).
func buildBatchGraph(plans []*plan.Plan, handovers []map[string][]plan.Final) *batchGraph {
	g := &batchGraph{pending: make([]int, len(plans)), shared: make([]int, len(plans)), errs: make([]error, len(plans))}
	byKey := map[string]int{} // the node of the first collapsible job of each key
	mappers := []int{}        // by node: the jobs that are it
	nodeOf := make([][]int, len(plans))
	for v, p := range plans {
		if err := checkDeps(p.Jobs); err != nil {
			g.errs[v] = err
			continue
		}
		first := len(g.nodes)
		nodeOf[v] = make([]int, len(p.Jobs))
		for k := range p.Jobs {
			j := &p.Jobs[k]
			c := collapsible(j, handovers[v])
			if n, ok := byKey[j.Key]; c && ok && g.owner[n] != v {
				nodeOf[v][k] = n
				mappers[n]++
				g.collapsed++
				continue
			}
			n := len(g.nodes)
			g.nodes = append(g.nodes, node{job: j})
			g.owner = append(g.owner, v)
			mappers = append(mappers, 1)
			if _, ok := byKey[j.Key]; c && !ok {
				byKey[j.Key] = n
			}
			nodeOf[v][k] = n
		}
		index := make(map[string]int, len(p.Jobs))
		for k, j := range p.Jobs {
			index[j.ID] = k
		}
		for k, j := range p.Jobs {
			n := nodeOf[v][k]
			if n < first { // another variant's node: its own dependencies
				continue
			}
			for _, d := range j.Deps {
				if dn := nodeOf[v][index[d]]; dn != n && !slices.Contains(g.nodes[n].deps, dn) {
					g.nodes[n].deps = append(g.nodes[n].deps, dn)
				}
			}
		}
	}
	g.needs = make([][]int, len(g.nodes))
	for v := range plans {
		for _, n := range nodeOf[v] {
			if mappers[n] > 1 {
				g.shared[v]++
			}
		}
		g.pending[v] = g.need(v, nodeOf[v])
	}
	return g
}

// need records that variant v needs the nodes of its jobs and every node
// they wait on, transitively, and returns how many.
func (g *batchGraph) need(v int, nodes []int) int {
	count := 0
	stack := append([]int(nil), nodes...)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if l := g.needs[n]; len(l) > 0 && l[len(l)-1] == v { // variants are visited in order
			continue
		}
		g.needs[n] = append(g.needs[n], v)
		count++
		stack = append(stack, g.nodes[n].deps...)
	}
	return count
}

// checkDeps checks that every job waits only on jobs of its plan.
func checkDeps(jobs []plan.Job) error {
	ids := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		ids[j.ID] = true
	}
	for _, j := range jobs {
		for _, d := range j.Deps {
			if !ids[d] {
				return fmt.Errorf("plan: job %s waits on %s, which is not in the plan", j.ID, d)
			}
		}
	}
	return nil
}
