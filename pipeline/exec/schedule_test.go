package exec

import (
	"context"
	"errors"
	"fmt"
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
