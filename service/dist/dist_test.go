package dist

import (
	"bytes"
	"context"
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
	c := &cluster{b: b, dir: dir, runs: map[string][]string{}}
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
	ctx, cancel := context.WithCancel(context.Background())
	if bin == "" {
		bin = fftest.FFmpeg()
	}
	o := WorkerOptions{Name: name, Dir: filepath.Join(c.dir, "w-"+name), FFmpeg: bin, Threads: 1,
		OnJob: func(id string, started bool) {
			if started {
				c.mu.Lock()
				c.runs[name] = append(c.runs[name], id)
				c.mu.Unlock()
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
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, pipeline.Cache{Dir: t.TempDir()})
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
