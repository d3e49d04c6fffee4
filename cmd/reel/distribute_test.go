package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/service"
)

// distProject is a film of six scenes (of a.mp4, trimmed and graded apart
// so that no two jobs are the same) with crossfades: thirteen jobs.
const distProject = `output: {path: film.mp4, size: 160x90, fps: 30}
transition: {type: fade, duration: 0.1s}
scenes:
  - {source: a.mp4}
  - {source: a.mp4, trim: {start: 0.1s}}
  - {source: a.mp4, grade: {preset: warm}}
  - {source: a.mp4, grade: {preset: cool}}
  - {source: a.mp4, trim: {start: 0.2s}}
  - {source: a.mp4, grade: {preset: noir}}
`

// TestDistributedWorkerKilled: a film posted with ?distribute=true has its
// jobs run by three worker processes (each job's record names where it
// ran); one worker is killed (kill -9) while it runs a job, which goes to
// another after the ack wait; the film completes with every frame.
func TestDistributedWorkerKilled(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media,
		"--workers", "1", "--job-slots", "0")
	workers, pids := jobWorkers(t, dir, srv, 300*time.Millisecond, "w1", "w2", "w3")
	r := submitDistributed(t, srv.addr)
	// w1 runs a job: kill it in the middle.
	fftest.WaitPid(t, filepath.Join(pids, "w1"))
	workers["w1"].kill()
	r = waitFor(t, srv.addr, r.ID, "final", isFinal)
	if r.Status != service.Done {
		t.Fatalf("render %s: %+v\n%s", r.ID, r, srv.log())
	}
	if !r.Distributed {
		t.Error("the record does not say the render was distributed")
	}
	out := filepath.Join(data, "renders", r.ID, "film.mp4")
	// 6 scenes of 0.5 s less their trims and 5 crossfades of 3 frames.
	if n := fftest.FrameCount(t, out); n != 15+12+15+15+9+15-5*3 {
		t.Errorf("%d frames, want %d", n, 15+12+15+15+9+15-5*3)
	}
	by := map[string]int{}
	for _, j := range r.Jobs {
		if strings.HasPrefix(j.Job, "mux") {
			if j.Worker != "" {
				t.Errorf("the mux ran on %s", j.Worker)
			}
			continue
		}
		if j.Worker == "" {
			t.Errorf("job %s records no worker", j.Job)
		}
		by[j.Worker]++
	}
	if by["w2"] == 0 || by["w3"] == 0 {
		t.Errorf("jobs by worker %v: want the two living workers both used", by)
	}
	if r.ObjectStore == nil || r.ObjectStore.ObjectsUp != 1 {
		t.Errorf("object store traffic %+v: want a.mp4 stored once", r.ObjectStore)
	}
	t.Logf("jobs by worker %v; object store %+v", by, r.ObjectStore)
}

// TestRenderDistributeUsage: --distribute needs --nats, and the NATS
// flags go with --distribute.
func TestRenderDistributeUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "p.yaml", "--distribute"}, "--distribute needs --nats URL"},
		{[]string{"render", "p.yaml", "--nats", "nats://127.0.0.1:4222"}, "go with --distribute"},
		{[]string{"render", "p.yaml", "--chunk", "soon"}, "--chunk soon"},
	} {
		res := reel(t, dir, nil, c.args...)
		if res.code != 2 || !strings.Contains(res.stderr, c.want) {
			t.Errorf("reel %s: exit %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), res.code, res.stderr, c.want)
		}
	}
}

// TestDistributedCancel: cancelling a distributed render (DELETE) while
// its jobs run on two worker processes stops the ffmpeg of each.
func TestDistributedCancel(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media,
		"--workers", "1", "--job-slots", "0")
	_, pids := jobWorkers(t, dir, srv, time.Minute, "w1", "w2")
	r := submitDistributed(t, srv.addr)
	p1 := fftest.WaitPid(t, filepath.Join(pids, "w1"))
	p2 := fftest.WaitPid(t, filepath.Join(pids, "w2"))
	code, body := call(t, "DELETE", srv.addr+"/v1/renders/"+r.ID, "", "", nil)
	if code != http.StatusOK {
		t.Fatalf("DELETE: %d %s", code, body)
	}
	fftest.AssertGone(t, p1)
	fftest.AssertGone(t, p2)
	if got := waitFor(t, srv.addr, r.ID, "final", isFinal); got.Status != service.Cancelled || len(got.Outputs) != 0 {
		t.Errorf("record: %+v", got)
	}
}

// TestDistributeWithoutSlots: --distribute against a NATS where no
// process has job slots fails at once (it would wait for ever), saying
// how to start one.
func TestDistributeWithoutSlots(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media,
		"--workers", "0", "--job-slots", "0")
	if err := os.WriteFile(filepath.Join(media, "p.yaml"), []byte(distProject), 0o644); err != nil {
		t.Fatal(err)
	}
	res := reel(t, media, nil, "render", "p.yaml", "--distribute", "--nats", srv.nats)
	if res.code != 1 || !strings.Contains(res.stderr, "no worker with job slots is connected") || !strings.Contains(res.stderr, "--job-slots 1") {
		t.Errorf("%v", res)
	}
	if _, err := os.Stat(filepath.Join(media, "film.mp4")); err == nil {
		t.Error("an output was written")
	}
}

// TestRenderDistributeJSON: reel render --distribute --json names the
// workers that ran the jobs and what went through the object store; the
// film is whole.
func TestRenderDistributeJSON(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media,
		"--workers", "0", "--job-slots", "2", "--name", "node-a")
	if err := os.WriteFile(filepath.Join(media, "p.yaml"), []byte(distProject), 0o644); err != nil {
		t.Fatal(err)
	}
	res := reel(t, media, nil, "render", "p.yaml", "--distribute", "--nats", srv.nats, "--json", "--progress", "none")
	if res.code != 0 {
		t.Fatalf("%v", res)
	}
	var sum struct {
		Frames       int `json:"frames"`
		Distribution struct {
			JobsByWorker map[string]int `json:"jobs_by_worker"`
			BytesUp      int64          `json:"bytes_up"`
			ObjectsUp    int            `json:"objects_up"`
		} `json:"distribution"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &sum); err != nil {
		t.Fatalf("%v: %s", err, res.stdout)
	}
	want := 15 + 12 + 15 + 15 + 9 + 15 - 5*3
	if sum.Frames != want || fftest.FrameCount(t, filepath.Join(media, "film.mp4")) != want {
		t.Errorf("frames %d, want %d", sum.Frames, want)
	}
	d := sum.Distribution
	if d.JobsByWorker["node-a"] != 12 || d.JobsByWorker["here"] != 1 || d.ObjectsUp != 1 || d.BytesUp == 0 {
		t.Errorf("distribution %+v: want 12 jobs on node-a, the mux here, a.mp4 stored once", d)
	}
}

// jobWorkers starts a job-only worker process per name on srv's NATS,
// each with an ffmpeg that waits delay before each job and writes its pid
// to the returned directory's file of the worker's name.
func jobWorkers(t *testing.T, dir string, srv *proc, delay time.Duration, names ...string) (map[string]*proc, string) {
	t.Helper()
	self, ffEnv := fftest.Wrapper(t, delay, false)
	pids := t.TempDir()
	workers := map[string]*proc{}
	for _, name := range names {
		env := append(append([]string{}, ffEnv...), fftest.WrapPid+"="+filepath.Join(pids, name))
		workers[name] = start(t, dir, env, "worker", "--ffmpeg="+self, "--nats", srv.nats, "--data", filepath.Join(dir, "data-"+name),
			"--workers", "0", "--job-slots", "1", "--name", name)
	}
	return workers, pids
}

// submitDistributed posts distProject with ?distribute=true.
func submitDistributed(t *testing.T, base string) service.Render {
	t.Helper()
	code, body := call(t, "POST", base+"/v1/renders?distribute=true", "", "application/yaml", []byte(distProject))
	if code != http.StatusCreated {
		t.Fatalf("POST: %d %s", code, body)
	}
	var r service.Render
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r
}
