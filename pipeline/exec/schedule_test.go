package exec

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reel-film/reel/pipeline/plan"
)

func job(id string, cost float64, deps ...string) plan.Job {
	return plan.Job{ID: id, Cost: cost, Deps: deps}
}

func TestScheduleOrder(t *testing.T) {
	tests := []struct {
		name string
		jobs []plan.Job
		want string
	}{
		{"costliest ready job first", []plan.Job{job("a", 1), job("b", 10), job("c", 5)}, "b c a"},
		{"ties keep plan order", []plan.Job{job("a", 2), job("b", 2), job("c", 2)}, "a b c"},
		{"a cheap job leading to a long chain goes first",
			[]plan.Job{job("big", 50), job("small", 5), job("long", 100, "small")}, "small long big"},
		{"dependencies first", []plan.Job{job("mux", 1, "s1", "s2"), job("s1", 10), job("s2", 20)}, "s2 s1 mux"},
		{"longer paths first: scenes before the transitions they unlock",
			[]plan.Job{job("s1", 10), job("s2", 30), job("s3", 10), job("t12", 2, "s1", "s2"), job("t23", 2, "s2", "s3"), job("mux", 1, "s1", "s2", "s3", "t12", "t23")},
			"s2 s1 s3 t12 t23 mux"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var order []string
			err := schedule(context.Background(), tt.jobs, nil, 1, 2, func(_ context.Context, j *plan.Job, _ int) error {
				order = append(order, j.ID)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(order, " "); got != tt.want {
				t.Errorf("order %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScheduleLimitsParallelJobs(t *testing.T) {
	var jobs []plan.Job
	for _, id := range strings.Fields("a b c d e f g h") {
		jobs = append(jobs, job(id, 1))
	}
	jobs = append(jobs, job("last", 1, "a", "b", "c", "d", "e", "f", "g", "h"))
	var running, peak atomic.Int32
	var mu sync.Mutex
	done := map[string]bool{}
	err := schedule(context.Background(), jobs, nil, 3, 3, func(_ context.Context, j *plan.Job, _ int) error {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		for _, d := range j.Deps {
			if !done[d] {
				t.Errorf("%s started before its dependency %s finished", j.ID, d)
			}
		}
		done[j.ID] = true
		running.Add(-1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if peak.Load() != 3 {
		t.Errorf("peak parallel jobs %d, want 3", peak.Load())
	}
	if len(done) != len(jobs) {
		t.Errorf("%d of %d jobs ran", len(done), len(jobs))
	}
}

func TestScheduleStopsAtFirstFailure(t *testing.T) {
	boom := errors.New("boom")
	jobs := []plan.Job{job("fails", 10), job("slow", 5), job("later", 1), job("after", 1, "fails")}
	var started []string
	var mu sync.Mutex
	err := schedule(context.Background(), jobs, nil, 2, 2, func(ctx context.Context, j *plan.Job, _ int) error {
		mu.Lock()
		started = append(started, j.ID)
		mu.Unlock()
		switch j.ID {
		case "fails":
			return boom
		case "slow":
			<-ctx.Done() // cancelled by the failure
			return ctx.Err()
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want the first failure", err)
	}
	if got := strings.Join(started, " "); got != "fails slow" && got != "slow fails" {
		t.Errorf("started %q: no job may start after a failure", got)
	}
}

func TestScheduleBadPlans(t *testing.T) {
	tests := []struct {
		name string
		jobs []plan.Job
		want string
	}{
		{"unknown dependency", []plan.Job{job("a", 1, "ghost")}, "job a waits on ghost, which is not in the plan"},
		{"cycle", []plan.Job{job("ok", 1), job("a", 1, "b"), job("b", 1, "a")}, "jobs a, b wait on each other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := schedule(context.Background(), tt.jobs, nil, 2, 2, func(context.Context, *plan.Job, int) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// A job running alone gets every core; jobs started together share them.
func TestScheduleThreads(t *testing.T) {
	tests := []struct {
		name         string
		jobs         []plan.Job
		hit          []bool // expected cache hits
		slots, cores int
		want         string // job:threads, sorted
	}{
		{"one job alone gets every core", []plan.Job{job("s5", 10)}, nil, 2, 2, "s5:2"},
		{"an edit: the scene alone, then its two transitions side by side",
			[]plan.Job{job("s5", 10), job("t45", 2, "s5"), job("t56", 2, "s5"), job("mux", 1, "t45", "t56")}, nil, 2, 2,
			"mux:2 s5:2 t45:1 t56:1"},
		{"expected hits do not share the cores",
			[]plan.Job{job("s4", 10), job("s5", 10), job("s6", 10), job("t45", 2, "s4", "s5"), job("mux", 1, "s4", "s5", "s6", "t45")},
			[]bool{true, false, true, false, false}, 2, 2, "mux:2 s4:1 s5:2 s6:1 t45:2"},
		{"a cold render splits the cores", []plan.Job{job("a", 3), job("b", 2), job("c", 1)}, nil, 2, 2, "a:1 b:1 c:1"},
		{"one slot: always every core", []plan.Job{job("a", 3), job("b", 2)}, nil, 1, 8, "a:8 b:8"},
		{"more slots than cores: one thread each", []plan.Job{job("a", 3), job("b", 2), job("c", 1)}, nil, 4, 2, "a:1 b:1 c:1"},
		{"eight cores, three ready jobs", []plan.Job{job("a", 3), job("b", 2), job("c", 1)}, nil, 4, 8, "a:2 b:3 c:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []string
			err := schedule(context.Background(), tt.jobs, tt.hit, tt.slots, tt.cores, func(_ context.Context, j *plan.Job, threads int) error {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, fmt.Sprintf("%s:%d", j.ID, threads))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(got)
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("threads %q, want %q", g, tt.want)
			}
		})
	}
}

// keepGoing runs jobs as a batch does (going on after failures), failing
// the jobs in fails, and returns how each job ended ("ok", or the id of the
// job whose failure ended it) and the jobs that ran, in order.
func keepGoing(t *testing.T, ctx context.Context, jobs []plan.Job, slots int, fails map[string]bool, skip func(id string) bool) (ended map[string]string, ran []string, err error) {
	t.Helper()
	nodes, err := planGraph(jobs)
	if err != nil {
		t.Fatal(err)
	}
	ended = map[string]string{}
	var mu sync.Mutex
	err = runGraph(ctx, nodes, graphRun{slots: slots, cores: 2,
		run: func(ctx context.Context, i, _ int) error {
			mu.Lock()
			ran = append(ran, jobs[i].ID)
			mu.Unlock()
			if fails[jobs[i].ID] {
				return &JobError{Job: &jobs[i], Err: errors.New("boom")}
			}
			return ctx.Err()
		},
		ended: func(i int, err error) {
			if _, dup := ended[jobs[i].ID]; dup {
				t.Errorf("%s ended twice", jobs[i].ID)
			}
			var je *JobError
			switch {
			case err == nil:
				ended[jobs[i].ID] = "ok"
			case errors.As(err, &je):
				ended[jobs[i].ID] = je.Job.ID
			default:
				ended[jobs[i].ID] = err.Error()
			}
		},
		skip: func(i int) error {
			if skip != nil && skip(jobs[i].ID) {
				return &JobError{Job: &jobs[i], Err: errors.New("skipped")}
			}
			return nil
		}})
	return ended, ran, err
}

// TestScheduleKeepsGoing fails jobs of a batch's graph: every job waiting
// on a failed one, transitively, ends with its error without running; the
// others run to the end.
func TestScheduleKeepsGoing(t *testing.T) {
	tests := []struct {
		name  string
		jobs  []plan.Job
		fails []string
		skip  []string
		want  string // job:how it ended, in job order
		slots int    // default 2
	}{
		{"dependants of a failure fail, the others go on",
			[]plan.Job{job("a", 10), job("b", 1, "a"), job("c", 1, "b"), job("d", 5), job("e", 1, "d")},
			[]string{"a"}, nil, "a:a b:a c:a d:ok e:ok", 0},
		{"a job waiting on a failure and on a success fails",
			[]plan.Job{job("ok", 10), job("bad", 1), job("both", 1, "ok", "bad"), job("after", 1, "both")},
			[]string{"bad"}, nil, "ok:ok bad:bad both:bad after:bad", 0},
		{"two failures: each its own dependants, a job waiting on both fails once",
			[]plan.Job{job("x", 3), job("y", 2), job("x1", 1, "x"), job("y1", 1, "y"), job("xy", 1, "x", "y"), job("z", 1)},
			[]string{"x", "y"}, nil, "x:x y:y x1:x y1:y xy:x z:ok", 1}, // one at a time: x fails first
		{"a failure late in a chain", []plan.Job{job("s1", 10), job("s2", 9, "s1"), job("mux", 1, "s2"), job("other", 1)},
			[]string{"mux"}, nil, "s1:ok s2:ok mux:mux other:ok", 0},
		{"a skipped job fails its dependants without running",
			[]plan.Job{job("a", 1), job("b", 1, "a"), job("c", 1)}, nil, []string{"a"}, "a:a b:a c:ok", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fails := map[string]bool{}
			for _, id := range tt.fails {
				fails[id] = true
			}
			ended, ran, err := keepGoing(t, context.Background(), tt.jobs, cmp.Or(tt.slots, 2), fails, func(id string) bool { return slices.Contains(tt.skip, id) })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, j := range tt.jobs {
				got = append(got, j.ID+":"+ended[j.ID])
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("ended %q, want %q", g, tt.want)
			}
			for _, id := range ran {
				if how := ended[id]; how != "ok" && how != id {
					t.Errorf("%s ran though %s had failed", id, how)
				}
				if slices.Contains(tt.skip, id) {
					t.Errorf("%s ran though skipped", id)
				}
			}
		})
	}
}

// TestScheduleKeepGoingCancelled cancels a keep-going run: the running
// jobs end with the cancellation, no job starts after it, and the run
// returns it.
func TestScheduleKeepGoingCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jobs := []plan.Job{job("a", 10), job("b", 5), job("c", 1, "a"), job("d", 1)}
	nodes, _ := planGraph(jobs)
	var started []string
	var mu sync.Mutex
	ended := map[string]error{}
	err := runGraph(ctx, nodes, graphRun{slots: 2, cores: 2,
		run: func(ctx context.Context, i, _ int) error {
			mu.Lock()
			started = append(started, jobs[i].ID)
			mu.Unlock()
			if jobs[i].ID == "b" {
				cancel()
			}
			<-ctx.Done()
			return ctx.Err()
		},
		ended: func(i int, err error) { ended[jobs[i].ID] = err }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want the cancellation", err)
	}
	sort.Strings(started)
	if got := strings.Join(started, " "); got != "a b" {
		t.Errorf("started %q, want a and b only", got)
	}
	if len(ended) != 3 || !errors.Is(ended["a"], context.Canceled) || !errors.Is(ended["c"], context.Canceled) {
		t.Errorf("ended %v, want a and b cancelled, c (waiting on a) with them, d not started", ended)
	}
}

// TestScheduleKeepGoingStuck reports jobs waiting on each other when going
// on after failures too, once the others ran.
func TestScheduleKeepGoingStuck(t *testing.T) {
	jobs := []plan.Job{job("ok", 1), job("a", 1, "b"), job("b", 1, "a"), job("bad", 1), job("after", 1, "bad")}
	ended, ran, err := keepGoing(t, context.Background(), jobs, 2, map[string]bool{"bad": true}, nil)
	if err == nil || !strings.Contains(err.Error(), "jobs a, b wait on each other") {
		t.Errorf("err %v, want the cycle", err)
	}
	if ended["ok"] != "ok" || ended["after"] != "bad" || len(ran) != 2 {
		t.Errorf("ended %v, ran %v: want ok run and after failed with bad", ended, ran)
	}
}

// TestScheduleGroups orders the ready jobs of a batch by their group (its
// variants in order) before their rank: each group's longest chain first,
// and a later group's job only where the earlier group has none ready.
func TestScheduleGroups(t *testing.T) {
	jobs := []plan.Job{
		job("a-short", 1), job("a-long", 40), job("a-mux", 1, "a-short", "a-long"),
		job("b-long", 80), job("b-mux", 1, "b-long"),
	}
	nodes, _ := planGraph(jobs)
	tests := []struct {
		name  string
		slots int
		want  string
	}{
		{"one at a time: a, then b", 1, "a-long a-short a-mux b-long b-mux"},
		{"two: b's long job where a has nothing ready", 2, "a-long a-short b-long a-mux b-mux"}, // the first two at once
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var order []string
			var mu sync.Mutex
			err := runGraph(context.Background(), nodes, graphRun{group: []int{0, 0, 0, 1, 1}, slots: tt.slots, cores: 2,
				run: func(_ context.Context, i, _ int) error {
					mu.Lock()
					order = append(order, jobs[i].ID)
					mu.Unlock()
					time.Sleep(time.Duration(jobs[i].Cost) * time.Millisecond)
					return nil
				}})
			if err != nil {
				t.Fatal(err)
			}
			if tt.slots > 1 {
				sort.Strings(order[:2]) // started together
			}
			if got := strings.Join(order, " "); got != tt.want {
				t.Errorf("order %q, want %q", got, tt.want)
			}
		})
	}
}
