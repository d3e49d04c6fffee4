package exec

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan"
)

// cachedJob is a job whose one part is in the cache entry of key.
func cachedJob(id, key string, deps ...string) plan.Job {
	return plan.Job{ID: id, Key: key, Deps: deps, Parts: []plan.Part{{Key: key, CacheDir: "/cache/" + key}}}
}

// graphString prints a batch graph: each node as variant/job, then the
// nodes it waits on and the variants needing it.
func graphString(vs []*plan.Plan, g *batchGraph) string {
	name := func(n int) string { return fmt.Sprintf("%d/%s", g.owner[n], g.nodes[n].job.ID) }
	var out []string
	for n := range g.nodes {
		var deps []string
		for _, d := range g.nodes[n].deps {
			deps = append(deps, name(d))
		}
		out = append(out, fmt.Sprintf("%s<%s>%v", name(n), strings.Join(deps, ","), g.needs[n]))
	}
	return strings.Join(out, " ")
}

func TestBatchGraph(t *testing.T) {
	poster := func(v string) *plan.Plan { // a cached job made from the film: it delivers
		return &plan.Plan{Jobs: []plan.Job{cachedJob("scene", "S"), {ID: "mux", Kind: plan.KindMux, Key: "F", Deps: []string{"scene"}},
			cachedJob("poster", "P", "mux")},
			Deliver: []plan.Final{{Path: "/out/" + v, Job: "mux"}, {Path: "/out/" + v + ".jpg", Job: "poster", From: "/cache/P/poster.jpg"}}}
	}
	tests := []struct {
		name      string
		plans     []*plan.Plan
		want      string
		pending   []int
		shared    []int
		collapsed int
	}{
		{"identical cached jobs are one node, run by the first variant",
			[]*plan.Plan{
				{Jobs: []plan.Job{cachedJob("s1", "A"), cachedJob("s2", "B"), job("mux", 1, "s1", "s2")}},
				{Jobs: []plan.Job{cachedJob("s1", "A"), cachedJob("s2", "C"), job("mux", 1, "s1", "s2")}},
				{Jobs: []plan.Job{cachedJob("s1", "A"), cachedJob("s2", "B"), job("mux", 1, "s1", "s2")}},
			},
			"0/s1<>[0 1 2] 0/s2<>[0 2] 0/mux<0/s1,0/s2>[0] 1/s2<>[1] 1/mux<0/s1,1/s2>[1] 2/mux<0/s1,0/s2>[2]",
			[]int{3, 3, 3}, []int{2, 1, 2}, 3},
		{"jobs that deliver stay each variant's own", []*plan.Plan{poster("a"), poster("b")},
			"0/scene<>[0 1] 0/mux<0/scene>[0] 0/poster<0/mux>[0] 1/mux<0/scene>[1] 1/poster<1/mux>[1]",
			[]int{3, 3}, []int{1, 1}, 1},
		{"a variant needs what its collapsed job waits on in another variant",
			[]*plan.Plan{
				{Jobs: []plan.Job{job("own", 1), cachedJob("x", "X", "own"), job("mux", 1, "x")}},
				{Jobs: []plan.Job{job("own", 1), cachedJob("x", "X", "own"), job("mux", 1, "x")}},
			},
			"0/own<>[0 1] 0/x<0/own>[0 1] 0/mux<0/x>[0] 1/own<>[1] 1/mux<0/x>[1]",
			[]int{3, 4}, []int{1, 1}, 1},
		{"identical jobs of one plan stay two (as Run)",
			[]*plan.Plan{{Jobs: []plan.Job{cachedJob("a", "K"), cachedJob("b", "K")}}, {Jobs: []plan.Job{cachedJob("c", "K")}}},
			"0/a<>[0 1] 0/b<>[0]", []int{2, 1}, []int{1, 1}, 1},
		{"jobs without keys are never one",
			[]*plan.Plan{{Jobs: []plan.Job{job("a", 1)}}, {Jobs: []plan.Job{job("a", 1)}}},
			"0/a<>[0] 1/a<>[1]", []int{1, 1}, []int{0, 0}, 0},
		{"a plan waiting on a job it lacks is left out",
			[]*plan.Plan{{Jobs: []plan.Job{cachedJob("a", "K", "ghost")}}, {Jobs: []plan.Job{cachedJob("a", "K")}}},
			"1/a<>[1]", []int{0, 1}, []int{0, 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var handovers []map[string][]plan.Final
			for _, p := range tt.plans {
				handovers = append(handovers, handOvers(p))
			}
			g := buildBatchGraph(tt.plans, handovers)
			if got := graphString(tt.plans, g); got != tt.want {
				t.Errorf("graph\n%s\nwant\n%s", got, tt.want)
			}
			if !slices.Equal(g.pending, tt.pending) || !slices.Equal(g.shared, tt.shared) || g.collapsed != tt.collapsed {
				t.Errorf("pending %v shared %v collapsed %d, want %v %v %d", g.pending, g.shared, g.collapsed, tt.pending, tt.shared, tt.collapsed)
			}
		})
	}
	g := buildBatchGraph([]*plan.Plan{{Jobs: []plan.Job{job("a", 1, "ghost")}}}, []map[string][]plan.Final{nil})
	if g.errs[0] == nil || !strings.Contains(g.errs[0].Error(), "job a waits on ghost") {
		t.Errorf("a missing dependency: %v", g.errs[0])
	}
}

// TestShare counts the jobs of keyed plans with known overlaps.
func TestShare(t *testing.T) {
	tb := newTestBatch(t)
	unkeyed := func(ids ...string) *plan.Plan {
		p := &plan.Plan{}
		for _, id := range ids {
			p.Jobs = append(p.Jobs, job(id, 1))
		}
		return p
	}
	tests := []struct {
		name  string
		plans []*plan.Plan
		want  string
	}{
		{"a scene every variant has, a title two have (and so their film)",
			[]*plan.Plan{tb.plan(film{name: "a", title: "red"}), tb.plan(film{name: "b", title: "lime"}), tb.plan(film{name: "c", title: "red"})},
			"jobs 5 shared 1 unique [0 2 0]"},
		{"nothing every variant has",
			[]*plan.Plan{tb.plan(film{name: "a", title: "red"}), tb.plan(film{name: "b", scene: "smptebars=size=160x90:rate=25", title: "lime"}),
				tb.plan(film{name: "c", title: "red"})},
			"jobs 6 shared 0 unique [0 3 0]"},
		{"five variants, one scene", func() []*plan.Plan {
			var ps []*plan.Plan
			for i, c := range colours {
				ps = append(ps, tb.plan(film{name: fmt.Sprint(i), title: c.name}))
			}
			return ps
		}(), "jobs 11 shared 1 unique [2 2 2 2 2]"},
		{"one plan shares nothing", []*plan.Plan{tb.plan(film{name: "a", title: "red"})}, "jobs 3 shared 0 unique [3]"},
		{"jobs without keys are each their own", []*plan.Plan{unkeyed("a", "b"), unkeyed("a", "b", "c")}, "jobs 5 shared 0 unique [2 3]"},
		{"no plans", nil, "jobs 0 shared 0 unique []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Share(tt.plans)
			if got := fmt.Sprintf("jobs %d shared %d unique %v", s.Jobs, s.Shared, s.Unique); got != tt.want {
				t.Errorf("%s, want %s", got, tt.want)
			}
		})
	}
}
