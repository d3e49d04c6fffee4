package dist

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/service/bus"
)

func TestMain(m *testing.M) {
	fftest.ActAsFFmpeg()
	os.Exit(m.Run())
}

// film is a project of six scenes joined by crossfades and cuts, with a
// music bed: scene, transition and audio jobs.
const film = `output: {path: film.mp4, size: 160x90, fps: 30}
audio: {beds: [{source: a.mp4}], loudness: off}
scenes:
  - {source: a.mp4, transition: {type: fade, duration: 0.3s}}
  - {source: b.mp4, transition: {type: wipeleft, duration: 0.3s}}
  - {source: c.mp4}
  - {source: a.mp4, trim: {start: 0.2s}, transition: {type: fade, duration: 0.3s}}
  - {source: b.mp4, grade: {preset: warm}}
  - {source: c.mp4}
`

// cluster is an embedded NATS with its buckets, and workers on it.
type cluster struct {
	b    *bus.Bus
	dir  string
	mu   sync.Mutex
	runs map[string][]string // worker → jobs started
	ends map[string]int      // worker → jobs ended
	stop []context.CancelFunc
	done sync.WaitGroup
}

func newCluster(t *testing.T, ackWait time.Duration) *cluster {
	t.Helper()
	fftest.Require(t)
	dir := t.TempDir()
	b, err := bus.Open(context.Background(), bus.Options{Dir: filepath.Join(dir, "data"), AckWait: ackWait, MaxDeliver: 3})
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{b: b, dir: dir, runs: map[string][]string{}, ends: map[string]int{}}
	t.Cleanup(func() {
		for _, s := range c.stop {
			s()
		}
		c.done.Wait()
		b.Close()
	})
	return c
}

// worker starts a worker called name (its ffmpeg: bin, "" for the real
// one) and returns what stops it.
func (c *cluster) worker(t *testing.T, name, bin string) context.CancelFunc {
	return c.workerWith(t, name, bin, nil)
}

// workerWith is worker with its media in store (nil: the object store).
func (c *cluster) workerWith(t *testing.T, name, bin string, store Store) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	if bin == "" {
		bin = fftest.FFmpeg()
	}
	o := WorkerOptions{Name: name, Dir: filepath.Join(c.dir, "w-"+name), FFmpeg: bin, Threads: 1, Store: store,
		OnJob: func(id string, started bool) {
			c.mu.Lock()
			defer c.mu.Unlock()
			if started {
				c.runs[name] = append(c.runs[name], id)
			} else {
				c.ends[name]++
			}
		}}
	c.done.Add(1)
	go func() {
		defer c.done.Done()
		if err := Work(ctx, c.b, o); err != nil {
			t.Errorf("worker %s: %v", name, err)
		}
	}()
	c.stop = append(c.stop, cancel)
	return cancel
}

func (c *cluster) started() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for w, ids := range c.runs {
		out[w] = len(ids)
	}
	return out
}

// outputs are the objects of the outputs named with suffix in the kept
// results.
func (c *cluster) outputs(t *testing.T, suffix string) []string {
	t.Helper()
	ctx := context.Background()
	keys, err := c.b.Results.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range keys.Keys() {
		e, err := c.b.Results.Get(ctx, k)
		if err != nil || !strings.HasPrefix(k, "ok.") {
			continue
		}
		var res Result
		if json.Unmarshal(e.Value(), &res) != nil {
			continue
		}
		for _, o := range res.Outputs {
			if strings.HasSuffix(o.Name, suffix) {
				out = append(out, o.Object)
			}
		}
	}
	return out
}

// deleteOutputs deletes from the store the objects of the outputs named
// with suffix, and says how many were there.
func (c *cluster) deleteOutputs(t *testing.T, suffix string) int {
	t.Helper()
	n := 0
	for _, o := range c.outputs(t, suffix) {
		if c.b.Media.Delete(context.Background(), o) == nil {
			n++
		}
	}
	return n
}

// project writes the film's project and media in a new directory.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Audio: true, Pattern: "index"})
	fftest.Make(t, dir, fftest.Clip{Name: "b.mp4", Audio: true, Color: "#3060c0"})
	fftest.Make(t, dir, fftest.Clip{Name: "c.mp4", Pattern: "gradient"})
	p := filepath.Join(dir, "project.yaml")
	if err := os.WriteFile(p, []byte(film), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// render renders the project with a fresh cache (so nothing comes from
// a cache on this machine), through r when it is not nil.
func render(t *testing.T, proj, out string, r *Remote) *pipeline.Result {
	t.Helper()
	return renderIn(t, proj, out, r, t.TempDir())
}

// renderIn is render with the cache in cacheDir.
func renderIn(t *testing.T, proj, out string, r *Remote, cacheDir string) *pipeline.Result {
	t.Helper()
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Dir: cacheDir})
	req := pipeline.Request{Path: proj, Outputs: []string{out}, Jobs: 2}
	if r != nil {
		req.Remote = r
	}
	res, err := eng.Render(context.Background(), req)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return res
}

// psnr is the average PSNR of b against a over their frames (ffmpeg's
// psnr filter; "inf" when identical is 1000).
func psnr(t *testing.T, a, b string) float64 {
	t.Helper()
	out, err := exec.Command(fftest.FFmpeg(), "-hide_banner", "-i", a, "-i", b, "-lavfi", "psnr", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("psnr: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`average:(inf|[0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("psnr: no average in\n%s", out)
	}
	if string(m[1]) == "inf" {
		return 1000
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// TestDistributedRender renders the film on two workers: its jobs run on
// both (each job's stats name its worker), the mux runs here, and the film
// has the local render's frames (count, and PSNR over 50 dB), and its
// sound. A second render on another machine's cache (a fresh cache) runs
// nothing: every job's result is the cluster's.
func TestDistributedRender(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	c.worker(t, "w1", "")
	c.worker(t, "w2", "")
	proj := project(t)
	dir := filepath.Dir(proj)
	local := render(t, proj, filepath.Join(dir, "local.mp4"), nil)

	r, err := New(c.b, Options{Render: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := filepath.Join(dir, "dist.mp4")
	res := render(t, proj, out, r)
	workers := map[string]int{}
	for _, j := range res.Stats.Jobs {
		if strings.HasPrefix(j.Job, "mux") {
			if j.Worker != "" {
				t.Errorf("the mux ran on %s, want here", j.Worker)
			}
			continue
		}
		if j.Worker == "" {
			t.Errorf("job %s records no worker", j.Job)
		}
		workers[j.Worker]++
	}
	if len(workers) < 2 {
		t.Errorf("the jobs ran on %v, want both workers", workers)
	}
	if got, want := fftest.FrameCount(t, out), fftest.FrameCount(t, filepath.Join(dir, "local.mp4")); got != want || got != int(local.Plan.Frames) {
		t.Errorf("%d frames, want %d (the local render's)", got, want)
	}
	if p := psnr(t, filepath.Join(dir, "local.mp4"), out); p < 50 {
		t.Errorf("PSNR %.1f dB against the local render, want at least 50", p)
	}
	info, linfo := fftest.Info(t, out), fftest.Info(t, filepath.Join(dir, "local.mp4"))
	if info.Audio == nil || linfo.Audio == nil || info.Audio.Duration != linfo.Audio.Duration {
		t.Errorf("the film's sound: %+v, the local render's %+v", info.Audio, linfo.Audio)
	}
	tr := r.Traffic()
	t.Logf("jobs by worker %v; traffic: up %d B in %d objects (%d skipped), down %d B in %d objects", workers, tr.Up, tr.UpObjs, tr.Skipped, tr.Down, tr.DownObjs)
	if tr.UpObjs != 3 {
		t.Errorf("%d objects stored by the coordinator, want the 3 sources once each", tr.UpObjs)
	}
	// What the mux joins came here: 6 bodies, 3 transitions, the sound;
	// the scenes' raw heads and tails, which only transitions read, stay
	// in the store.
	if tr.DownObjs != 10 {
		t.Errorf("%d objects fetched by the coordinator, want the 10 segments the mux joins", tr.DownObjs)
	}

	before := c.started()
	r2, err := New(c.b, Options{Render: "r2"})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	res2 := render(t, proj, filepath.Join(dir, "again.mp4"), r2)
	if after := c.started(); after["w1"] != before["w1"] || after["w2"] != before["w2"] {
		t.Errorf("the second render ran jobs on the workers: %v, then %v", before, after)
	}
	for _, j := range res2.Stats.Jobs {
		if !strings.HasPrefix(j.Job, "mux") && (j.Worker == "" || !j.Cached) {
			t.Errorf("job %s of the second render: %+v, want a worker's result, counted as cached", j.Job, j)
		}
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(filepath.Join(dir, "again.mp4"))
	if !bytes.Equal(a, b) {
		t.Errorf("the second render's film differs from the first")
	}
}

// TestDamagedObjects: a source whose object in the store is not what its
// name promises is found by the worker, stored again by the coordinator,
// and the render completes; an output of an earlier render damaged in the
// store is found by the coordinator that reuses it, and the job is done
// again.
func TestDamagedObjects(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	c.worker(t, "w1", "")
	proj := project(t)
	dir := filepath.Dir(proj)
	ctx := context.Background()
	var h hasher
	sum, err := h.sum(filepath.Join(dir, "b.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.b.Media.PutBytes(ctx, ObjectName(sum), []byte("not the clip")); err != nil {
		t.Fatal(err)
	}
	r, err := New(c.b, Options{Render: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res := render(t, proj, filepath.Join(dir, "one.mp4"), r)
	if got := fftest.FrameCount(t, filepath.Join(dir, "one.mp4")); got != int(res.Plan.Frames) {
		t.Errorf("%d frames, want %d", got, res.Plan.Frames)
	}
	if err := NATSStore(c.b.Media).Get(ctx, ObjectName(sum), filepath.Join(t.TempDir(), "b.mp4")); err != nil {
		t.Errorf("the source's object after the render: %v", err)
	}

	// Damage the audio job's output in the store.
	audios := c.outputs(t, ".m4a")
	if len(audios) != 1 {
		t.Fatalf("results hold %d sound outputs, want the audio job's one", len(audios))
	}
	audio := audios[0]
	if _, err := c.b.Media.PutBytes(ctx, audio, []byte("not the sound")); err != nil {
		t.Fatal(err)
	}
	before := c.started()["w1"]
	r2, err := New(c.b, Options{Render: "r2"})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	res2 := render(t, proj, filepath.Join(dir, "two.mp4"), r2)
	for _, j := range res2.Stats.Jobs {
		if j.Job == "audio" && j.Cached {
			t.Errorf("the audio job was reused although its output was damaged")
		}
	}
	if after := c.started()["w1"]; after != before+1 {
		t.Errorf("the worker ran %d jobs for the second render, want the audio job alone", after-before)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "one.mp4"))
	b, _ := os.ReadFile(filepath.Join(dir, "two.mp4"))
	if !bytes.Equal(a, b) {
		t.Errorf("the film after the audio was done again differs")
	}
}

// TestCancelStopsEveryWorker: cancelling a render while its jobs run on
// two workers stops them all: the render returns at once, every job ends
// on its worker, and no job is left on the queue.
func TestCancelStopsEveryWorker(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	slow, env := fftest.Wrapper(t, time.Minute, false)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	running := map[string]int{}
	var mu sync.Mutex
	for _, name := range []string{"w1", "w2"} {
		ctx, cancel := context.WithCancel(context.Background())
		c.stop = append(c.stop, cancel)
		c.done.Add(1)
		go func() {
			defer c.done.Done()
			_ = Work(ctx, c.b, WorkerOptions{Name: name, Dir: filepath.Join(c.dir, name), FFmpeg: slow, Threads: 1,
				OnJob: func(id string, started bool) {
					mu.Lock()
					defer mu.Unlock()
					if started {
						running[name]++
					} else {
						running[name]--
					}
				}})
		}()
	}
	proj := project(t)
	r, err := New(c.b, Options{Render: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Dir: t.TempDir()})
		_, err := eng.Render(ctx, pipeline.Request{Path: proj, Outputs: []string{filepath.Join(filepath.Dir(proj), "film.mp4")}, Remote: r})
		errc <- err
	}()
	both := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return running["w1"] > 0 && running["w2"] > 0
	}
	for deadline := time.Now().Add(20 * time.Second); !both(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the jobs did not start on both workers: %v", running)
		}
	}
	cancel()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("the cancelled render succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled render did not return")
	}
	idle := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return running["w1"] == 0 && running["w2"] == 0
	}
	for deadline := time.Now().Add(10 * time.Second); !idle(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("jobs still run on the workers after the cancel: %v", running)
		}
	}
	time.Sleep(1500 * time.Millisecond) // what the workers would take next
	info, err := c.b.Jobs.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if info.State.Msgs != 0 || running["w1"] != 0 || running["w2"] != 0 {
		t.Errorf("after the cancel: %d job messages queued, jobs running %v", info.State.Msgs, running)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(proj), "film.mp4")); err == nil {
		t.Error("the cancelled render wrote its output")
	}
}

// TestFailsOnLastDelivery: a job whose ffmpeg crashes on every delivery is
// tried MaxDeliver times, then fails the render with its error, naming
// the job and the worker.
func TestFailsOnLastDelivery(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	crash, env := fftest.Wrapper(t, 0, true)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	c.worker(t, "w1", crash)
	proj := project(t)
	r, err := New(c.b, Options{Render: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Dir: t.TempDir()})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = eng.Render(ctx, pipeline.Request{Path: proj, Outputs: []string{filepath.Join(filepath.Dir(proj), "film.mp4")}, Remote: r})
	if err == nil || !strings.Contains(err.Error(), "on worker w1") || !strings.Contains(err.Error(), "job ") {
		t.Fatalf("err = %v, want the job's failure on worker w1", err)
	}
	if n := c.started()["w1"]; n < 3 {
		t.Errorf("%d deliveries, want every job tried 3 times", n)
	}
	t.Logf("%v", err)
}

// TestChunksOnWorkers: a 3 s scene in 1 s chunks runs as three jobs on the
// workers, and the film reads back every frame's index in order across
// the chunks' joins (no frame dropped, repeated or moved).
func TestChunksOnWorkers(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	c.worker(t, "w1", "")
	c.worker(t, "w2", "")
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "long.mp4", Seconds: 3, Pattern: "index"})
	proj := filepath.Join(dir, "project.yaml")
	if err := os.WriteFile(proj, []byte("output: {path: film.mp4, size: 160x90, fps: 30}\nscenes:\n  - {source: long.mp4}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := New(c.b, Options{Render: "chunks"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Dir: t.TempDir()})
	out := filepath.Join(dir, "film.mp4")
	res, err := eng.Render(context.Background(), pipeline.Request{Path: proj, Outputs: []string{out}, Remote: r, ChunkSeconds: 1})
	if err != nil {
		t.Fatal(err)
	}
	chunks := 0
	for _, j := range res.Stats.Jobs {
		if strings.Contains(j.Job, "-c") && j.Worker != "" {
			chunks++
		}
	}
	if chunks != 3 {
		t.Errorf("%d chunk jobs ran on the workers, want 3: %+v", chunks, res.Stats.Jobs)
	}
	frames := fftest.GreyFrames(t, out, 160, 90)
	if len(frames) != 90 {
		t.Fatalf("%d frames, want 90", len(frames))
	}
	for n, f := range frames {
		var sum float64
		for _, v := range f[len(f)/4 : 3*len(f)/4] {
			sum += float64(v)
		}
		if got := int(sum/float64(len(f)/2)/8+0.5) % 32; got != n%32 {
			t.Errorf("frame %d reads back as index %d", n, got)
		}
	}
}

// TestHeldObjectLost: the raw frames a transition reads stay in the store
// (stubs in the coordinator's cache). When they are gone from the store, a
// later render that needs them has their scenes done again, on the
// workers, or here when it renders locally from the same cache.
func TestHeldObjectLost(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	c.worker(t, "w1", "")
	proj := project(t)
	dir := filepath.Dir(proj)
	cacheDir := t.TempDir()
	r, err := New(c.b, Options{Render: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	renderIn(t, proj, filepath.Join(dir, "one.mp4"), r, cacheDir)

	// Every raw head and tail leaves the store.
	if c.deleteOutputs(t, ".nut") == 0 {
		t.Fatal("no raw head or tail was in the store")
	}
	// Another machine's render (a fresh cache) reuses the scenes' results,
	// whose raw frames are gone: those scenes run again on the workers.
	r1b, err := New(c.b, Options{Render: "r1b"})
	if err != nil {
		t.Fatal(err)
	}
	defer r1b.Close()
	resB := renderIn(t, proj, filepath.Join(dir, "oneb.mp4"), r1b, t.TempDir())
	if got := fftest.FrameCount(t, filepath.Join(dir, "oneb.mp4")); got != int(resB.Plan.Frames) {
		t.Errorf("%d frames, want %d", got, resB.Plan.Frames)
	}
	for _, j := range resB.Stats.Jobs {
		if (j.Job == "s02-scene-2" || j.Job == "s03-scene-3") && j.Cached {
			t.Errorf("job %s was reused although its raw frames were gone", j.Job)
		}
	}
	// Gone again, for what follows.
	c.deleteOutputs(t, ".nut")
	// A transition changes: it reads the raw frames of its two scenes.
	edited := strings.Replace(film, "type: wipeleft", "type: wiperight", 1)
	if err := os.WriteFile(proj, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	r2, err := New(c.b, Options{Render: "r2"})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	res := renderIn(t, proj, filepath.Join(dir, "two.mp4"), r2, cacheDir)
	if got := fftest.FrameCount(t, filepath.Join(dir, "two.mp4")); got != int(res.Plan.Frames) {
		t.Errorf("%d frames, want %d", got, res.Plan.Frames)
	}
	ran := map[string]bool{}
	for _, j := range res.Stats.Jobs {
		if !j.Cached {
			ran[j.Job] = true
		}
	}
	if !ran["t-wiperight-scene-2-scene-3"] || !ran["s02-scene-2"] || !ran["s03-scene-3"] {
		t.Errorf("ran %v: want the new transition and its two scenes again", ran)
	}

	// Locally from the same cache: its stubs are not used.
	edited = strings.Replace(film, "type: wipeleft", "type: slideleft", 1)
	if err := os.WriteFile(proj, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	res = renderIn(t, proj, filepath.Join(dir, "three.mp4"), nil, cacheDir)
	if got := fftest.FrameCount(t, filepath.Join(dir, "three.mp4")); got != int(res.Plan.Frames) {
		t.Errorf("%d frames, want %d", got, res.Plan.Frames)
	}
}

// TestSpeculativeCopy: a worker that is alive but slow (its ffmpeg waits
// 30 s) holds a job; once nothing waits in the queue, the coordinator sends
// that job to a second worker, takes the first result, and the slow copy
// stops. The film does not wait for the slow worker.
func TestSpeculativeCopy(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	real, err := exec.LookPath(fftest.FFmpeg())
	if err != nil {
		t.Fatal(err)
	}
	slow := filepath.Join(t.TempDir(), "slow-ffmpeg")
	if err := os.WriteFile(slow, []byte("#!/bin/sh\nsleep 30\nexec "+real+" \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	c.worker(t, "slow", slow)
	time.Sleep(300 * time.Millisecond) // the slow worker is first in line
	c.worker(t, "fast", "")
	proj := project(t)
	r, err := New(c.b, Options{Render: "spec", SpeculateAfter: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	t0 := time.Now()
	res := render(t, proj, filepath.Join(filepath.Dir(proj), "film.mp4"), r)
	took := time.Since(t0)
	if took > 20*time.Second {
		t.Errorf("the render took %v: it waited for the slow worker", took)
	}
	if r.Speculated() < 1 {
		t.Errorf("no job was sent a second time")
	}
	for _, j := range res.Stats.Jobs {
		if j.Worker == "slow" {
			t.Errorf("job %s: the slow worker's result won", j.Job)
		}
	}
	if got := fftest.FrameCount(t, filepath.Join(filepath.Dir(proj), "film.mp4")); got != int(res.Plan.Frames) {
		t.Errorf("%d frames, want %d", got, res.Plan.Frames)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c.mu.Lock()
		stopped := c.ends["slow"] == len(c.runs["slow"])
		c.mu.Unlock()
		if stopped {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow worker's copy still runs after the render")
		}
	}
	t.Logf("%v, %d jobs sent twice, jobs started %v", took, r.Speculated(), c.started())
}

// TestSharedDir: with --shared-dir the media go through a directory every
// machine mounts, not the object store: the render is the same, each
// object is a file named by its hash, and the object store stays empty.
func TestSharedDir(t *testing.T) {
	c := newCluster(t, 5*time.Second)
	shared := t.TempDir()
	c.workerWith(t, "w1", "", DirStore(shared))
	c.workerWith(t, "w2", "", DirStore(shared))
	proj := project(t)
	dir := filepath.Dir(proj)
	render(t, proj, filepath.Join(dir, "local.mp4"), nil)
	r, err := New(c.b, Options{Render: "shared", Store: DirStore(shared)})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res := render(t, proj, filepath.Join(dir, "shared.mp4"), r)
	if got := fftest.FrameCount(t, filepath.Join(dir, "shared.mp4")); got != int(res.Plan.Frames) {
		t.Errorf("%d frames, want %d", got, res.Plan.Frames)
	}
	if p := psnr(t, filepath.Join(dir, "local.mp4"), filepath.Join(dir, "shared.mp4")); p < 50 {
		t.Errorf("PSNR %.1f dB against the local render", p)
	}
	files, _ := filepath.Glob(filepath.Join(shared, "*", "sha256-*"))
	if len(files) < 3+10 {
		t.Errorf("%d objects in the shared directory, want the sources and every output", len(files))
	}
	for _, f := range files {
		if sum, err := (&hasher{}).sum(f); err != nil || ObjectName(sum) != filepath.Base(f) {
			t.Errorf("object %s holds content hashing to %s", filepath.Base(f), sum)
		}
	}
	lister, err := c.b.Media.List(context.Background())
	if err == nil && len(lister) > 0 {
		t.Errorf("%d objects in the object store, want none", len(lister))
	}
}

// TestObjectNames: only sha256-<64 hex> names reach a store: a name that
// would climb out of the shared directory is refused before any file is
// touched.
func TestObjectNames(t *testing.T) {
	good := ObjectName(strings.Repeat("ab", 32))
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{good, true},
		{"sha256-" + strings.Repeat("AB", 32), false},
		{"sha256-../../../etc/passwd", false},
		{"sha256-" + strings.Repeat("a", 63), false},
		{strings.Repeat("a", 64), false},
		{good + "/x", false},
	} {
		if got := ValidObject(tc.name); got != tc.ok {
			t.Errorf("ValidObject(%q) = %v", tc.name, got)
		}
	}
	dir := t.TempDir()
	victim := filepath.Join(dir, "keep.txt")
	if err := os.WriteFile(victim, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := DirStore(filepath.Join(dir, "shared", "x"))
	bad := "sha256-../../keep.txt"
	if err := st.Delete(context.Background(), bad); err == nil {
		t.Error("a climbing name was deleted")
	}
	if err := st.Get(context.Background(), bad, filepath.Join(dir, "out")); err == nil {
		t.Error("a climbing name was read")
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("the file outside the store: %v", err)
	}
}
