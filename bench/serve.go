package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// serveProject is the n-th small render of the service benchmark: two
// one-second cuts of the bench clips with a crossfade at 640x360. The cuts
// start at a different frame in each, so no two renders share a job.
func serveProject(n int) string {
	in := fmt.Sprintf("%.3fs", float64(n)/30)
	return "output: {path: film.mp4, size: 640x360, fps: 30, codec: h264, preset: veryfast, crf: 23}\n" +
		"audio: {loudness: off}\ntransition: {type: fade, duration: 0.25s}\nscenes:\n" +
		"  - {source: c1.mp4, trim: {start: " + in + ", duration: 1s}}\n" +
		"  - {source: c4.mp4, trim: {start: " + in + ", duration: 1s}}\n"
}

// serveBench measures the render service (reel serve) on n small renders:
// their throughput through the API with one and with two local workers,
// against the same renders made one after the other by reel render on the
// same machine with the same settings; then the service's own overhead on
// a render served entirely from the cache (submit to done, minus the
// engine's time as the render's record gives it).
func serveBench(reel, dir string, n, jobs int) {
	media := filepath.Join(dir, "serve-media")
	check(os.MkdirAll(media, 0o755))
	for _, c := range []string{"c1.mp4", "c4.mp4"} {
		check(os.Link(filepath.Join(dir, c), filepath.Join(media, c)))
	}
	projects := make([]string, n)
	for i := range projects {
		projects[i] = serveProject(i)
	}
	fmt.Printf("\nserve: %d small renders (two 1 s cuts with a crossfade, 640x360) through the HTTP API (--jobs %d)\n", n, jobs)

	// The reference: the same renders, one reel render each, one after the other.
	cliDir := filepath.Join(dir, "serve-cli")
	check(os.MkdirAll(cliDir, 0o755))
	start := time.Now()
	for i, p := range projects {
		path := filepath.Join(media, fmt.Sprintf("cli%d.yaml", i))
		check(os.WriteFile(path, []byte(p), 0o644))
		cmd := exec.Command(reel, "render", path, "-o", filepath.Join(cliDir, fmt.Sprintf("f%d.mp4", i)), "--jobs", fmt.Sprint(jobs), "--progress", "none", "--no-cache")
		if out, err := cmd.CombinedOutput(); err != nil {
			fatal("reel render: %v\n%s", err, out)
		}
	}
	cli := time.Since(start)
	fmt.Printf("%-38s %9.2fs  %.2f renders/s\n", fmt.Sprintf("%d x reel render, one by one", n), cli.Seconds(), float64(n)/cli.Seconds())

	var overhead []float64
	var total []float64
	for _, workers := range []int{1, 2} {
		srv := startServe(reel, dir, media, workers, jobs)
		start := time.Now()
		ids := make([]string, n)
		for i, p := range projects {
			ids[i] = srv.submit(p)
		}
		for _, id := range ids {
			srv.wait(id)
		}
		wall := time.Since(start)
		fmt.Printf("%-38s %9.2fs  %.2f renders/s, %.3fx the wall time of reel render one by one\n",
			fmt.Sprintf("reel serve, %d worker(s), cold", workers), wall.Seconds(), float64(n)/wall.Seconds(), wall.Seconds()/cli.Seconds())
		if workers == 2 {
			// Everything is in the cache now: the service's own cost.
			for i := range 10 {
				t0 := time.Now()
				id := srv.submit(projects[i%n])
				r := srv.wait(id)
				all := time.Since(t0).Seconds()
				total = append(total, all)
				overhead = append(overhead, all-r.Finished.Sub(r.Started).Seconds())
			}
		}
		srv.stop()
	}
	sort.Float64s(total)
	sort.Float64s(overhead)
	med := func(x []float64) float64 { return x[len(x)/2] * 1000 }
	fmt.Printf("%-38s %9.0fms (median of %d; the engine's own run is in it: planning, cache checks, the film copied)\n", "cached render, submit to done", med(total), len(total))
	fmt.Printf("%-38s %9.0fms  (target < 100 ms) %s\n", "the API's own overhead per render", med(overhead), verdict(med(overhead) < 100))
}

// served is a reel serve process on a loopback port.
type served struct {
	cmd  *exec.Cmd
	base string
}

// renderRecord is what the benchmark reads of GET /v1/renders/{id}.
type renderRecord struct {
	ID       string    `json:"id"`
	Status   string    `json:"status"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Error    *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// startServe starts reel serve with its own data directory (a cold cache)
// and waits until it is ready.
func startServe(reel, dir, media string, workers, jobs int) *served {
	data, err := os.MkdirTemp(dir, "serve-data-")
	check(err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(reel, "serve", "--addr", addr, "--data", data, "--media-root", media, "--workers", fmt.Sprint(workers), "--jobs", fmt.Sprint(jobs))
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	check(cmd.Start())
	s := &served{cmd: cmd, base: "http://" + addr}
	for deadline := time.Now().Add(30 * time.Second); ; {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			fatal("reel serve did not become ready on %s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// submit posts a project and returns the render's id.
func (s *served) submit(project string) string {
	resp, err := http.Post(s.base+"/v1/renders", "application/yaml", strings.NewReader(project))
	check(err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		fatal("POST /v1/renders: %s\n%s", resp.Status, body)
	}
	var r renderRecord
	check(json.Unmarshal(body, &r))
	return r.ID
}

// wait polls a render until it is final; a failed render stops the
// benchmark.
func (s *served) wait(id string) renderRecord {
	for {
		resp, err := http.Get(s.base + "/v1/renders/" + id)
		check(err)
		var r renderRecord
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		check(json.NewDecoder(bytes.NewReader(body)).Decode(&r))
		switch r.Status {
		case "done":
			return r
		case "failed", "cancelled":
			fatal("render %s %s: %s", id, r.Status, body)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// stop ends the server (SIGTERM: it drains) and waits for it.
func (s *served) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}
