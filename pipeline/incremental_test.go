package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
)

const threeScenes = `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
transition: {type: fade, duration: 5f}
scenes:
  - {id: a, source: a.mp4}
  - {id: b, placeholder: {text: B}, duration: 20f, transition: {type: TRANSITION, duration: 6f}}
  - {id: c, source: c.mp4, fit: FIT}
`

// project writes the three-scene project with a transition type and fit.
func project(t *testing.T, dir, transition, fit string) string {
	t.Helper()
	y := strings.NewReplacer("TRANSITION", transition, "FIT", fit).Replace(threeScenes)
	return writeProject(t, dir, y)
}

// run renders the project at path (Engine.Render, the cache beside the
// project) and returns the plan and which jobs ran.
func run(t *testing.T, ctx context.Context, dir, path string, onEvent func(event.Event)) (*plan.Plan, []string, error) {
	t.Helper()
	var pl *plan.Plan
	req := request(dir, path)
	req.Jobs, req.OnEvent = 2, onEvent
	req.OnPlan = func(p *pipeline.Prepared) { pl = p.Plan }
	res, err := pipeline.NewEngine(tools(), pipeline.Cache{}).Render(ctx, req)
	if err != nil {
		if pl == nil {
			t.Fatalf("prepare: %v", err)
		}
		return pl, nil, err
	}
	ran := ranJobs(res.Stats)
	return res.Plan, ran, nil
}

func clips(t *testing.T, dir string) {
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 1, Audio: true, Color: "red"})
	fftest.Make(t, dir, fftest.Clip{Name: "c.mp4", Width: 120, Height: 90, Seconds: 1, Pattern: "index"})
}

// TestIncrementalRender renders, then re-renders unchanged, with one scene
// changed and with one transition changed, and checks that exactly the
// affected jobs run and the output stays frame-exact.
func TestIncrementalRender(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	ctx := context.Background()
	p, ran, err := run(t, ctx, dir, project(t, dir, "wipeleft", "cover"), nil)
	if err != nil || len(ran) != len(p.Jobs) {
		t.Fatalf("cold render: err %v, ran %v of %d jobs", err, ran, len(p.Jobs))
	}
	steps := []struct {
		name, transition, fit string
		want                  []string
	}{
		{"unchanged", "wipeleft", "cover", []string{"mux-out"}},
		{"one scene's fit", "wipeleft", "contain", []string{"mux-out", "s03-c", "t-wipeleft-b-c"}},
		{"one transition", "slideup", "contain", []string{"mux-out", "t-slideup-b-c"}},
	}
	for _, st := range steps {
		p, ran, err := run(t, ctx, dir, project(t, dir, st.transition, st.fit), nil)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if strings.Join(ran, " ") != strings.Join(st.want, " ") {
			t.Errorf("%s: ran %v, want %v", st.name, ran, st.want)
		}
		assertStreams(t, p, 160, 90, "30")
	}
}

// TestDamagedEntryIsRedone truncates a stored segment: the next render must
// notice and render that job again.
func TestDamagedEntryIsRedone(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	ctx := context.Background()
	path := project(t, dir, "fade", "cover")
	p, _, err := run(t, ctx, dir, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	seg := p.Job("s01-a").Outputs[0]
	if err := os.Truncate(seg, 100); err != nil {
		t.Fatal(err)
	}
	p, ran, err := run(t, ctx, dir, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ran, " ") != "mux-out s01-a" {
		t.Errorf("after damage ran %v, want [mux-out s01-a]", ran)
	}
	assertStreams(t, p, 160, 90, "30")
}

// TestResumeAfterCancel cancels a render once some jobs are done: starting it
// again redoes only the unfinished jobs, and nothing half-written is left in
// the cache.
func TestResumeAfterCancel(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	path := project(t, dir, "fade", "cover")
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var done []string
	_, _, err := run(t, ctx, dir, path, func(ev event.Event) {
		if ev.State == "done" {
			mu.Lock()
			done = append(done, ev.Job)
			mu.Unlock()
			cancel()
		}
	})
	if err == nil {
		t.Fatal("the render was not cancelled")
	}
	partials, _ := filepath.Glob(filepath.Join(dir, ".reel-cache", "jobs", "*", "*.partial"))
	if len(partials) > 0 {
		t.Errorf("half-written cache entries left: %v", partials)
	}
	p, ran, err := run(t, context.Background(), dir, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range done {
		for _, r := range ran {
			if r == d {
				t.Errorf("job %s finished before the cancel but ran again", d)
			}
		}
	}
	if len(ran) != len(p.Jobs)-len(done) {
		t.Errorf("resume ran %v; %v were done before", ran, done)
	}
	assertStreams(t, p, 160, 90, "30")
}

// TestConcurrentRendersShareCache runs two renders of one project with one
// cache at once: both succeed and every job is rendered at most once.
func TestConcurrentRendersShareCache(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	path := project(t, dir, "fade", "cover")
	outs := []string{filepath.Join(dir, "one.mp4"), filepath.Join(dir, "two.mp4")}
	var wg sync.WaitGroup
	ran := make([][]string, 2)
	for i, out := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := pipeline.Request{Path: path, Outputs: []string{out}, WorkRoot: filepath.Join(dir, "work", out[len(out)-7:])}
			prep, err := pipeline.NewEngine(tools(), pipeline.Cache{}).Plan(context.Background(), req)
			if err != nil {
				t.Error(err)
				return
			}
			st, err := exec.Run(context.Background(), prep.Plan, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2})
			if err != nil {
				t.Error(err)
				return
			}
			for _, j := range st.Jobs {
				if !j.Cached && !isMux(j.Job) {
					ran[i] = append(ran[i], j.Job)
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	for _, r := range append(ran[0], ran[1]...) {
		seen[r]++
	}
	if len(seen) != 6 {
		t.Errorf("jobs rendered: %v, want each of the 6 jobs once", seen)
	}
	for j, c := range seen {
		if c != 1 {
			t.Errorf("job %s rendered %d times", j, c)
		}
	}
	for _, out := range outs {
		if n := fftest.FrameCount(t, out); n != 69 {
			t.Errorf("%s has %d frames, want 69", out, n)
		}
	}
}

// TestPreview renders the draft: a quarter of the pixels, the same frames and
// samples as the full render, to NAME.preview.mp4.
func TestPreview(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	path := project(t, dir, "fade", "cover")
	full, err := prepare(context.Background(), dir, path)
	if err != nil {
		t.Fatal(err)
	}
	req := request(dir, path)
	req.Preview = true
	prep, err := pipeline.NewEngine(tools(), pipeline.Cache{}).Plan(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	p := prep.Plan
	if filepath.Base(p.Output) != "out.preview.mp4" {
		t.Errorf("preview output = %s, want out.preview.mp4 beside out.mp4", p.Output)
	}
	if p.Frames != full.Plan.Frames || p.Samples != full.Plan.Samples {
		t.Errorf("preview has %d frames, %d samples; the full render %d, %d", p.Frames, p.Samples, full.Plan.Frames, full.Plan.Samples)
	}
	if _, err := exec.Run(context.Background(), p, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	assertStreams(t, p, 80, 44, "30")
}

// TestThreadsAreNotPartOfTheKey fills the cache on one core, then renders
// the same project on four and on two: every job is a hit. After an edit, the one scene job that runs alone is given
// every core, and the film still joins into a valid, frame-exact stream.
func TestThreadsAreNotPartOfTheKey(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	ctx := context.Background()
	render := func(path string, cores int) (*plan.Plan, *exec.Stats) {
		t.Helper()
		prep, err := prepare(ctx, dir, path)
		if err != nil {
			t.Fatal(err)
		}
		st, err := exec.Run(ctx, prep.Plan, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: cores})
		if err != nil {
			t.Fatal(err)
		}
		return prep.Plan, st
	}
	path := project(t, dir, "wipeleft", "cover")
	cold, _ := render(path, 1)
	for _, cores := range []int{4, 2} {
		p, st := render(path, cores)
		for _, j := range st.Jobs {
			if !j.Cached && !isMux(j.Job) {
				t.Errorf("on %d cores: %s ran again", cores, j.Job)
			}
		}
		for i := range p.Jobs {
			if p.Jobs[i].Key != cold.Jobs[i].Key {
				t.Errorf("on %d cores: %s has another key", cores, p.Jobs[i].ID)
			}
		}
	}
	p, st := render(project(t, dir, "wipeleft", "contain"), 2)
	threads := map[string]int{}
	for _, j := range st.Jobs {
		if !j.Cached {
			threads[j.Job] = j.Threads
		}
	}
	if threads["s03-c"] != 2 || threads["t-wipeleft-b-c"] != 2 || len(threads) != 3 {
		t.Errorf("after the edit the jobs ran with threads %v, want s03-c and t-wipeleft-b-c alone with 2 each (and the mux)", threads)
	}
	assertStreams(t, p, 160, 90, "30")
}

// isMux says whether a job id is a rendition's mux.
func isMux(id string) bool { return strings.HasPrefix(id, "mux-") }
