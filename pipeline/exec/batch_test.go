package exec

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/event"
)

// colours are the titles' colours of a batch's variants, with the mean
// RGB each shows.
var colours = []struct {
	name string
	rgb  [3]float64
}{
	{"red", [3]float64{255, 0, 0}},
	{"lime", [3]float64{0, 255, 0}},
	{"blue", [3]float64{0, 0, 255}},
	{"yellow", [3]float64{255, 255, 0}},
	{"white", [3]float64{255, 255, 255}},
}

// assertFilm checks a delivered film: 50 frames, its title's colour in
// its second second and not in its first.
func assertFilm(t *testing.T, path string, rgb [3]float64) {
	t.Helper()
	if n := fftest.FrameCount(t, path); n != 50 {
		t.Errorf("%s has %d frames, want 50", path, n)
	}
	near := func(c [3]float64) bool {
		for k := range c {
			if math.Abs(c[k]-rgb[k]) > 40 {
				return false
			}
		}
		return true
	}
	if c := fftest.MeanRGB(t, path, 37); !near(c) {
		t.Errorf("%s frame 37 = %v, want the title's %v", path, c, rgb)
	}
	if c := fftest.MeanRGB(t, path, 12); near(c) {
		t.Errorf("%s frame 12 = %v: the title's colour in the scene", path, c)
	}
}

// recorder keeps a batch's events (calls are serialised).
type recorder struct{ evs []event.Event }

func (r *recorder) on(ev event.Event) { r.evs = append(r.evs, ev) }

// count counts the events of job in state.
func (r *recorder) count(job, state string) int {
	n := 0
	for _, ev := range r.evs {
		if ev.Job == job && ev.State == state {
			n++
		}
	}
	return n
}

// TestBatchRunsSharedJobsOnce renders a cold batch of five variants that
// share their scene: the scene runs once (in the first variant), every
// variant is delivered whole with its own title, events carry the variant
// and the batch's totals; run again, every segment is a hit.
func TestBatchRunsSharedJobsOnce(t *testing.T) {
	fftest.Require(t)
	tb := newTestBatch(t)
	var films []film
	for i, c := range colours {
		films = append(films, film{name: fmt.Sprintf("row%d", i+1), title: c.name})
	}
	vs := tb.variants(films...)
	var rec recorder
	res, st := RunBatch(context.Background(), vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2, OnEvent: rec.on})
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v", vs[i].Name, r.Err)
		}
		assertFilm(t, vs[i].Plan.Output, colours[i].rgb)
		if r.Wall <= 0 || r.Wall > st.Wall || r.Stats.Wall != r.Wall {
			t.Errorf("%s took %v (its stats %v), the batch %v", vs[i].Name, r.Wall, r.Stats.Wall, st.Wall)
		}
		if r.Shared != 1 {
			t.Errorf("%s shares %d jobs, want 1 (its scene)", vs[i].Name, r.Shared)
		}
	}
	tb.assertClean()
	if got := rec.count("scene", "start"); got != 1 {
		t.Errorf("the shared scene started %d times, want once", got)
	}
	if got := rec.count("title", "start"); got != 5 {
		t.Errorf("titles started %d times, want 5", got)
	}
	if *st != (BatchStats{Wall: st.Wall, Jobs: 11, Ran: 11, Collapsed: 4}) {
		t.Errorf("stats %+v, want 11 jobs (one scene, five titles, five muxes), 11 ran, 4 collapsed", *st)
	}
	if !hasJob(res[0].Stats, "scene") || hasJob(res[1].Stats, "scene") {
		t.Errorf("the shared scene is counted in %v and %v, want in the first variant only", res[0].Stats.Jobs, res[1].Stats.Jobs)
	}
	// Events: the variant and the batch's totals, one budget of jobs.
	var finished []string
	for _, ev := range rec.evs {
		if ev.Running > 2 || ev.Running < 0 {
			t.Errorf("%d jobs running at once, with 2 slots for the batch", ev.Running)
		}
		if ev.Variants != 5 || ev.Total != 11 {
			t.Fatalf("event %+v: want 5 variants and 11 jobs in all", ev)
		}
		switch {
		case ev.State == "variant-done":
			if ev.Job != "" {
				t.Errorf("variant event names job %q", ev.Job)
			}
			finished = append(finished, ev.Variant)
			if ev.VariantsDone != len(finished) {
				t.Errorf("variant-done of %s says %d done, want %d", ev.Variant, ev.VariantsDone, len(finished))
			}
		case ev.Variant == "":
			t.Errorf("event %+v names no variant", ev)
		case ev.Job == "scene" && ev.Variant != "row1":
			t.Errorf("the shared scene's event names %s, want the first variant", ev.Variant)
		}
	}
	if len(finished) != 5 {
		t.Errorf("variants reported done: %v, want all five", finished)
	}
	last := rec.evs[len(rec.evs)-1]
	if last.Done != 11 || last.Overall != 100 || last.VariantsDone != 5 {
		t.Errorf("last event %+v: want 11 jobs done, 100%%, 5 variants", last)
	}

	// Again: the segments are hits, only the muxes run (they deliver).
	rec = recorder{}
	res, st = RunBatch(context.Background(), vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2, OnEvent: rec.on})
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("again, %s: %v", vs[i].Name, r.Err)
		}
		assertFilm(t, vs[i].Plan.Output, colours[i].rgb)
	}
	if *st != (BatchStats{Wall: st.Wall, Jobs: 11, Ran: 5, Cached: 6, Collapsed: 4}) {
		t.Errorf("again: stats %+v, want 5 muxes run, 6 hits", *st)
	}
	if n := rec.count("scene", "start") + rec.count("title", "start"); n != 0 {
		t.Errorf("again: %d segments started, want none", n)
	}
	if last := rec.evs[len(rec.evs)-1]; last.Done != 11 || last.Total != 11 || last.Overall != 100 {
		t.Errorf("again: last event %+v, want 11 of 11 jobs done, 100%%", last)
	}
	tb.assertClean()
}

func hasJob(st *Stats, id string) bool {
	for _, j := range st.Jobs {
		if j.Job == id {
			return true
		}
	}
	return false
}

// TestBatchFailureFailsOnlyItsVariant fails a job of one variant's own in
// several places (its first job, which its mux waits on; its mux, which
// delivers): those variants fail with their job's error, an earlier file
// at the path is kept, and the other variants are delivered.
func TestBatchFailureFailsOnlyItsVariant(t *testing.T) {
	fftest.Require(t)
	tb := newTestBatch(t)
	vs := tb.variants(
		film{name: "row1", title: "red"},
		film{name: "row2", title: tb.missing()},                                // its title reads a missing file
		film{name: "row3", title: "blue", mux: []string{"-nosuchoption", "1"}}, // its mux fails
		film{name: "row4", title: "yellow"},
	)
	earlier := []byte("an earlier render")
	if err := os.MkdirAll(tb.dir+"/out", 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, vs[1].Plan.Output, string(earlier))
	var rec recorder
	res, _ := RunBatch(context.Background(), vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2, OnEvent: rec.on})
	for _, i := range []int{0, 3} {
		if res[i].Err != nil {
			t.Errorf("%s: %v", vs[i].Name, res[i].Err)
			continue
		}
		assertFilm(t, vs[i].Plan.Output, colours[i].rgb)
	}
	for i, job := range map[int]string{1: "title", 2: "mux"} {
		var je *JobError
		if !errors.As(res[i].Err, &je) || je.Job.ID != job || !strings.Contains(res[i].Err.Error(), "ffmpeg said") {
			t.Errorf("%s: err %v, want its %s's *JobError with ffmpeg's words", vs[i].Name, res[i].Err, job)
		}
	}
	if got := read(t, vs[1].Plan.Output); got != string(earlier) {
		t.Errorf("row2's earlier output was replaced: %q", got)
	}
	if _, err := os.Stat(vs[2].Plan.Output); !os.IsNotExist(err) {
		t.Errorf("row3's failed film is at its path (%v)", err)
	}
	if n := rec.count("scene", "start"); n != 1 {
		t.Errorf("the shared scene started %d times, want once", n)
	}
	var failed []string
	for _, ev := range rec.evs {
		if ev.State == "variant-failed" {
			failed = append(failed, ev.Variant)
			if ev.Error == "" {
				t.Errorf("variant-failed of %s says no error", ev.Variant)
			}
		}
	}
	if len(failed) != 2 {
		t.Errorf("variants reported failed: %v, want row2 and row3", failed)
	}
	tb.assertClean()
}

// TestBatchSharedFailure fails a scene three variants share: all three
// fail with its one error, none of their muxes starts, and the variant
// with a scene of its own is delivered.
func TestBatchSharedFailure(t *testing.T) {
	fftest.Require(t)
	tb := newTestBatch(t)
	bad := tb.missing()
	vs := tb.variants(
		film{name: "row1", scene: bad, title: "red"},
		film{name: "row2", title: "lime"},
		film{name: "row3", scene: bad, title: "blue"},
		film{name: "row4", scene: bad, title: "yellow"},
	)
	var rec recorder
	res, st := RunBatch(context.Background(), vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2, OnEvent: rec.on})
	if res[1].Err != nil {
		t.Fatalf("row2: %v", res[1].Err)
	}
	assertFilm(t, vs[1].Plan.Output, colours[1].rgb)
	var first *JobError
	for _, i := range []int{0, 2, 3} {
		var je *JobError
		if !errors.As(res[i].Err, &je) || je.Job.ID != "scene" {
			t.Errorf("%s: err %v, want the shared scene's *JobError", vs[i].Name, res[i].Err)
			continue
		}
		if first == nil {
			first = je
		} else if je != first {
			t.Errorf("%s fails with another error than row1: %v", vs[i].Name, je)
		}
		if _, err := os.Stat(vs[i].Plan.Output); !os.IsNotExist(err) {
			t.Errorf("%s: a file at its path (%v)", vs[i].Name, err)
		}
	}
	if n := rec.count("scene", "failed"); n != 1 {
		t.Errorf("the shared scene failed %d times, want once", n)
	}
	for _, ev := range rec.evs {
		if ev.Job == "mux" && ev.State == "start" && ev.Variant != "row2" {
			t.Errorf("the mux of %s started though its scene failed", ev.Variant)
		}
	}
	if st.Jobs != 10 || st.Collapsed != 2 {
		t.Errorf("stats %+v, want 10 jobs (2 scenes, 4 titles, 4 muxes), 2 collapsed", *st)
	}
	if last := rec.evs[len(rec.evs)-1]; last.Done != st.Jobs || last.Overall != 100 || last.VariantsDone != 4 {
		t.Errorf("last event %+v: want every job counted done (the skipped too), 100%%, 4 variants", last)
	}
	tb.assertClean()
}

// TestBatchCancelled cancels a batch at the first job's start and once two
// variants are delivered: every running job stops, the delivered variants
// keep their complete films, the others' paths hold nothing new (an
// earlier file kept) and no temporaries are left.
func TestBatchCancelled(t *testing.T) {
	fftest.Require(t)
	tests := []struct {
		name      string
		at        func(event.Event) bool
		delivered int
	}{
		{"at the first start", func(ev event.Event) bool { return ev.State == "start" }, 0},
		{"once two variants are delivered", func(ev event.Event) bool { return ev.State == "variant-done" && ev.VariantsDone == 2 }, 2},
		{"as a mux starts", func(ev event.Event) bool { return ev.State == "start" && ev.Job == "mux" }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBatch(t)
			var films []film
			for i, c := range colours {
				films = append(films, film{name: fmt.Sprintf("row%d", i+1), title: c.name})
			}
			vs := tb.variants(films...)
			earlier := "an earlier render"
			if err := os.MkdirAll(tb.dir+"/out", 0o755); err != nil {
				t.Fatal(err)
			}
			last := vs[len(vs)-1].Plan.Output
			write(t, last, earlier)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			res, _ := RunBatch(ctx, vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2, OnEvent: func(ev event.Event) {
				if tt.at(ev) {
					cancel()
				}
			}})
			delivered := 0
			for i, r := range res {
				if r.Err == nil {
					delivered++
					assertFilm(t, vs[i].Plan.Output, colours[i].rgb)
					continue
				}
				if !errors.Is(r.Err, context.Canceled) || !strings.Contains(r.Err.Error(), "cancelled") {
					t.Errorf("%s: err %v, want the cancellation", vs[i].Name, r.Err)
				}
				if vs[i].Plan.Output == last {
					if got := read(t, last); got != earlier {
						t.Errorf("the earlier file at %s was replaced", last)
					}
				} else if _, err := os.Stat(vs[i].Plan.Output); !os.IsNotExist(err) {
					t.Errorf("%s: a file at its path (%v)", vs[i].Name, err)
				}
			}
			if delivered != tt.delivered {
				t.Errorf("%d variants delivered, want %d", delivered, tt.delivered)
			}
			tb.assertClean()
		})
	}
}

// TestBatchPathsOwnVariant gives two variants one output path, and two one
// work directory: the later of each fails before anything runs, the first
// is delivered. A variant whose work directory cannot be made fails alone:
// the next variant runs the scene they share.
func TestBatchPathsOwnVariant(t *testing.T) {
	fftest.Require(t)
	tb := newTestBatch(t)
	vs := tb.variants(film{name: "row1", title: "red"}, film{name: "row2", title: "lime", work: "row1"})
	vs = append(vs, Variant{Name: "row1-again", Plan: tb.plan(film{name: "row1", title: "blue", work: "again"})})
	// row0, first, cannot make its work directory (a file is in the way).
	blocked := tb.plan(film{name: "row0", title: "white"})
	write(t, filepath.Join(tb.dir, "file"), "x")
	blocked.WorkDir = filepath.Join(tb.dir, "file", "work")
	vs = append([]Variant{{Name: "row0", Plan: blocked}}, vs...)
	var rec recorder
	res, _ := RunBatch(context.Background(), vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2, OnEvent: rec.on})
	if res[1].Err != nil {
		t.Fatal(res[1].Err)
	}
	assertFilm(t, vs[1].Plan.Output, colours[0].rgb)
	for i, want := range map[int]string{0: "create work directory", 2: "work directory of variant row1", 3: "both write"} {
		if res[i].Err == nil || !strings.Contains(res[i].Err.Error(), want) {
			t.Errorf("%s: err %v, want %q", vs[i].Name, res[i].Err, want)
		}
	}
	for _, ev := range rec.evs {
		if ev.State == "start" && ev.Variant != "row1" {
			// row1 runs the scene it shares with row0.
			t.Errorf("%s's job %s started", ev.Variant, ev.Job)
		}
	}
	tb.assertClean()
}

// TestBatchSharedWarnings runs a sound job two variants share, whose mix
// peaks over full scale: both variants report its warning, cold and from
// the cache, and the variant without it does not.
func TestBatchSharedWarnings(t *testing.T) {
	fftest.Require(t)
	tb := newTestBatch(t)
	vs := tb.variants(film{name: "row1", title: "red", loud: true}, film{name: "row2", title: "lime", loud: true},
		film{name: "row3", title: "blue"})
	for _, run := range []string{"cold", "warm"} {
		var rec recorder
		res, _ := RunBatch(context.Background(), vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2, OnEvent: rec.on})
		if n := rec.count("audio", "start"); run == "cold" && n != 1 {
			t.Errorf("the shared sound started %d times, want once", n)
		}
		for i, r := range res {
			if r.Err != nil {
				t.Fatalf("%s, %s: %v", run, vs[i].Name, r.Err)
			}
			warned := slices.ContainsFunc(r.Stats.Warnings, func(w string) bool { return strings.Contains(w, "over full scale") })
			if want := i < 2; warned != want || len(r.Stats.Warnings) > 1 {
				t.Errorf("%s, %s warns %q, want the clipping warning: %v", run, vs[i].Name, r.Stats.Warnings, want)
			}
		}
	}
}

// TestBatchCancelledStubbornJob cancels a batch whose jobs ignore SIGINT (a
// fake ffmpeg that hangs after starting its output): the batch returns once
// the wait is over, the job's process is gone, and nothing is left at any
// output path, in the cache's partial entries or in work directories.
func TestBatchCancelledStubbornJob(t *testing.T) {
	tb := newTestBatch(t)
	pidFile := filepath.Join(tb.dir, "pid")
	t.Setenv(fakeFFmpegEnv, pidFile)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	vs := tb.variants(film{name: "row1", title: "red"}, film{name: "row2", title: "lime"}, film{name: "row3", title: "blue"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // cancel once a job is running (and ignoring SIGINT)
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if _, err := os.Stat(pidFile); err == nil {
				break
			}
		}
		cancel()
	}()
	start := time.Now()
	res, _ := RunBatch(ctx, vs, Options{FFmpeg: self, Jobs: 2, Cores: 2, Wait: 200 * time.Millisecond})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the cancelled batch took %v", took)
	}
	fftest.AssertGone(t, fftest.WaitPid(t, pidFile))
	for i, r := range res {
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("%s: err %v, want the cancellation", vs[i].Name, r.Err)
		}
		if _, err := os.Stat(vs[i].Plan.Output); !os.IsNotExist(err) {
			t.Errorf("%s: a file at its path (%v)", vs[i].Name, err)
		}
	}
	tb.assertClean()
	partials, _ := filepath.Glob(filepath.Join(tb.cache, "jobs", "*", "*", "*"))
	for _, p := range partials {
		t.Errorf("%s left in the cache", p)
	}
}

// TestBatchDamagedSharedFile damages the cached scene every variant reads
// (its size kept) before a warm batch: it is rendered again once, with one
// warning, and every variant is delivered whole.
func TestBatchDamagedSharedFile(t *testing.T) {
	fftest.Require(t)
	tb := newTestBatch(t)
	var films []film
	for i, c := range colours[:3] {
		films = append(films, film{name: fmt.Sprintf("row%d", i+1), title: c.name})
	}
	vs := tb.variants(films...)
	opts := Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2}
	cold, _ := RunBatch(context.Background(), vs, opts)
	for i, r := range cold {
		if r.Err != nil {
			t.Fatalf("cold, %s: %v", vs[i].Name, r.Err)
		}
	}
	scene := vs[0].Plan.Jobs[0].Outputs[0]
	b, err := os.ReadFile(scene)
	if err != nil {
		t.Fatal(err)
	}
	for k := len(b) / 2; k < len(b)/2+64; k++ {
		b[k] ^= 0xff
	}
	if err := os.WriteFile(scene, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var rec recorder
	opts.OnEvent = rec.on
	res, _ := RunBatch(context.Background(), vs, opts)
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("warm, %s: %v", vs[i].Name, r.Err)
		}
		assertFilm(t, vs[i].Plan.Output, colours[i].rgb)
	}
	again := 0
	for _, ev := range rec.evs {
		if ev.State == "warning" && strings.Contains(ev.Warning, "rendering it again") {
			again++
		}
	}
	if again != 1 || rec.count("scene", "start") != 1 {
		t.Errorf("the damaged scene: %d warnings, %d runs; want it rendered again once", again, rec.count("scene", "start"))
	}
	tb.assertClean()
}

// TestBatchDeliversVariantsInTurn runs a batch one job at a time: the
// variants render in order, each delivered (its film at its path, the next
// ones' not yet) as soon as its last job is done, not at the batch's end.
func TestBatchDeliversVariantsInTurn(t *testing.T) {
	fftest.Require(t)
	tb := newTestBatch(t)
	vs := tb.variants(film{name: "row1", title: "red"}, film{name: "row2", title: "lime"}, film{name: "row3", title: "blue"})
	var seq []string
	res, _ := RunBatch(context.Background(), vs, Options{FFmpeg: fftest.FFmpeg(), Jobs: 1, Cores: 2, OnEvent: func(ev event.Event) {
		switch ev.State {
		case "start":
			seq = append(seq, ev.Variant+"/"+ev.Job)
		case "variant-done":
			seq = append(seq, "done:"+ev.Variant)
			for _, v := range vs {
				_, err := os.Stat(v.Plan.Output)
				if delivered := err == nil; delivered != (v.Name <= ev.Variant) {
					t.Errorf("when %s is done, %s delivered: %v", ev.Variant, v.Name, delivered)
				}
			}
		}
	}})
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v", vs[i].Name, r.Err)
		}
	}
	want := "row1/scene row1/title row1/mux done:row1 row2/title row2/mux done:row2 row3/title row3/mux done:row3"
	if got := strings.Join(seq, " "); got != want {
		t.Errorf("order\n%s\nwant\n%s", got, want)
	}
}
