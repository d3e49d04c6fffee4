package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/reel-film/reel/service/bus"
	"github.com/reel-film/reel/service/dist"
)

// distFilm is the bench film four times over: 28 scenes, 0.5 s crossfades.
func distFilm(dir string) string {
	var b strings.Builder
	b.WriteString("output: {path: film.mp4, size: 1280x720, fps: 30, codec: h264, preset: veryfast, crf: 21}\n")
	b.WriteString("audio: {loudness: off}\ntransition: {type: fade, duration: 0.5s}\nscenes:\n")
	for r := 0; r < 4; r++ {
		for _, c := range clips {
			fmt.Fprintf(&b, "  - {source: %s}\n", c.name)
		}
	}
	p := filepath.Join(dir, "film28.yaml")
	check(os.WriteFile(p, []byte(b.String()), 0o644))
	return p
}

// distRecord is the part of a render's record the benchmark reads.
type distRecord struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Outputs []struct {
		Path string `json:"path"`
		Name string `json:"name"`
	} `json:"outputs"`
	Jobs []struct {
		Job    string  `json:"job"`
		Worker string  `json:"worker"`
		Cached bool    `json:"cached"`
		CPU    float64 `json:"cpu_seconds"`
	} `json:"jobs"`
	ObjectStore *struct {
		BytesUp     int64 `json:"bytes_up"`
		BytesDown   int64 `json:"bytes_down"`
		ObjectsUp   int   `json:"objects_up"`
		ObjectsDown int   `json:"objects_down"`
	} `json:"object_store"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Error    *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// distBench renders the 28-scene film through the service with its jobs
// spread (?distribute=true) over one job worker pinned to core 0, then
// over two pinned to cores 0 and 1, each time with a cold cluster (a new
// NATS store, new workers) and a cold cache; the server (NATS, the API,
// the render's coordinator and its mux) is not pinned. The outputs are
// compared with a local render of the same project: frame count and PSNR.
func distBench(reel, dir string, jobs int) {
	media := filepath.Join(dir, "dist-media")
	check(os.MkdirAll(media, 0o755))
	for _, c := range clips {
		check(os.Link(filepath.Join(dir, c.name), filepath.Join(media, c.name)))
	}
	proj := distFilm(media)
	fmt.Printf("\ndistributed: the bench film four times over (28 scenes, 1280x720) through reel serve with ?distribute=true, job workers pinned with taskset\n")

	local := filepath.Join(dir, "dist-local.mp4")
	start := time.Now()
	out, err := exec.Command(reel, "render", proj, "-o", local, "--jobs", fmt.Sprint(jobs), "--progress", "none", "--no-cache").CombinedOutput()
	if err != nil {
		fatal("reel render: %v\n%s", err, out)
	}
	localWall := time.Since(start)
	frames := countFrames(local)
	fmt.Printf("local render (--jobs %d, both cores)  %6.2fs  %d frames\n", jobs, localWall.Seconds(), frames)

	var walls []time.Duration
	for _, cores := range [][]int{{0}, {0, 1}} {
		rec, wall, film := distRun(reel, dir, media, proj, cores)
		walls = append(walls, wall)
		by := map[string]int{}
		var cpu float64
		kinds := map[string][]float64{}
		for _, j := range rec.Jobs {
			if j.Worker != "" {
				by[j.Worker]++
			}
			cpu += j.CPU
			kinds[jobKind(j.Job)] = append(kinds[jobKind(j.Job)], j.CPU)
		}
		f := countFrames(film)
		fmt.Printf("%d job worker(s) on core(s) %v  %6.2fs  %d frames (local %d)  PSNR %s against the local render  jobs by worker %v\n",
			len(cores), cores, wall.Seconds(), f, frames, psnrOf(local, film), sortedCounts(by))
		if os := rec.ObjectStore; os != nil {
			fmt.Printf("  object store: %.1f MiB up in %d objects, %.1f MiB down in %d objects (the coordinator's side: sources up once; down, only what the mux joins)\n",
				float64(os.BytesUp)/(1<<20), os.ObjectsUp, float64(os.BytesDown)/(1<<20), os.ObjectsDown)
		}
		fmt.Printf("  job CPU: %.1fs in all;%s\n", cpu, kindCosts(kinds))
	}
	put, get := storeThroughput(dir)
	fmt.Printf("object store on this machine (embedded NATS, file storage, loopback; SHA-256 checked on get): put %.0f MiB/s, get %.0f MiB/s\n", put, get)
	speedup := walls[0].Seconds() / walls[1].Seconds()
	fmt.Printf("the most two cores allow in this run: %.2fx (every process's CPU of the two-worker run spread over two cores, against the one-worker wall)\n",
		walls[0].Seconds()/(twoCPU/2))
	fmt.Printf("two workers against one                 %.2fx faster (target >= 1.8x) %s\n", speedup, verdict(speedup >= 1.8))
}

// twoCPU is the CPU of every process of the last distRun.
var twoCPU float64

// distRun starts a cold cluster (a server with one render slot and no job
// slot; a job worker per core, pinned), renders proj through it with
// ?distribute=true, and returns the record, the wall time from submission
// to done and the film's path.
func distRun(reel, dir, media, proj string, cores []int) (distRecord, time.Duration, string) {
	data, err := os.MkdirTemp(dir, "dist-data-")
	check(err)
	addr, natsAddr := freeAddr(), freeAddr()
	srv := startProc(reel, "serve", "--addr", addr, "--data", data, "--media-root", media, "--workers", "1", "--job-slots", "0",
		"--nats-listen", natsAddr)
	defer stopProc(srv)
	base := "http://" + addr
	waitReady(base)
	var workers []*exec.Cmd
	for i, c := range cores {
		wdata, err := os.MkdirTemp(dir, "dist-worker-")
		check(err)
		w := startProc("taskset", "-c", strconv.Itoa(c), reel, "worker", "--nats", "nats://"+natsAddr, "--data", wdata,
			"--workers", "0", "--job-slots", "1", "--name", fmt.Sprintf("w%d-core%d", i+1, c))
		workers = append(workers, w)
	}
	defer func() {
		for _, w := range workers {
			stopProc(w)
		}
	}()
	time.Sleep(500 * time.Millisecond) // the workers join
	body, err := os.ReadFile(proj)
	check(err)
	start := time.Now()
	resp, err := http.Post(base+"/v1/renders?distribute=true", "application/yaml", bytes.NewReader(body))
	check(err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		fatal("POST /v1/renders: %s\n%s", resp.Status, b)
	}
	var rec distRecord
	check(json.Unmarshal(b, &rec))
	for {
		resp, err := http.Get(base + "/v1/renders/" + rec.ID)
		check(err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		check(json.Unmarshal(b, &rec))
		if rec.Status == "done" {
			break
		}
		if rec.Status == "failed" || rec.Status == "cancelled" {
			fatal("distributed render %s: %s", rec.Status, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	wall := time.Since(start)
	fmt.Printf("  CPU: server (NATS, API, coordinator, its mux) %.1fs", procCPU(srv))
	for i, w := range workers {
		fmt.Printf(", worker %d %.1fs", i+1, procCPU(w))
	}
	fmt.Println(" (each with its ffmpeg children)")
	twoCPU = procCPU(srv)
	for _, w := range workers {
		twoCPU += procCPU(w)
	}
	return rec, wall, filepath.Join(data, "renders", rec.ID, "film.mp4")
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return l.Addr().String()
}

func startProc(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Getenv("REEL_BENCH_LOG") != "" {
		cmd.Stderr = os.Stderr
	}
	check(cmd.Start())
	return cmd
}

func stopProc(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

func waitReady(base string) {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
	}
	fatal("reel serve did not become ready on %s", base)
}

// countFrames decodes path and counts its video frames.
func countFrames(path string) int {
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path).Output()
	if err != nil {
		fatal("ffprobe %s: %v", path, err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

// psnrOf is the average PSNR of b against a ("inf" when identical).
func psnrOf(a, b string) string {
	out, _ := exec.Command("ffmpeg", "-hide_banner", "-i", a, "-i", b, "-lavfi", "psnr", "-f", "null", "-").CombinedOutput()
	m := regexp.MustCompile(`average:(inf|[0-9.]+)`).FindSubmatch(out)
	if m == nil {
		return "?"
	}
	if string(m[1]) == "inf" {
		return "inf (identical)"
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return fmt.Sprintf("%.1f dB %s", v, verdict(v >= 50))
}

func sortedCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s: %d", k, m[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// kindCosts is the mean CPU of each kind of job.
func kindCosts(kinds map[string][]float64) string {
	keys := make([]string, 0, len(kinds))
	for k := range kinds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		var sum float64
		for _, v := range kinds[k] {
			sum += v
		}
		fmt.Fprintf(&b, " %s×%d %.2fs each", k, len(kinds[k]), sum/float64(len(kinds[k])))
	}
	return b.String()
}

// jobKind is the kind of a job by its id: scene, transition, audio, mux.
func jobKind(id string) string {
	switch {
	case strings.HasPrefix(id, "t-"):
		return "transition"
	case strings.HasPrefix(id, "mux"):
		return "mux"
	case strings.HasPrefix(id, "audio"):
		return "audio"
	case len(id) > 1 && id[0] == 's' && id[1] >= '0' && id[1] <= '9':
		return "scene"
	}
	return id
}

// procCPU is the CPU time of a running process and of its children it has
// waited for (/proc/PID/stat: utime, stime, cutime, cstime).
func procCPU(cmd *exec.Cmd) float64 {
	pid := cmd.Process.Pid
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	f := strings.Fields(s[i+2:])
	var t float64
	for _, k := range []int{11, 12, 13, 14} { // fields 14-17, counted from field 3
		v, _ := strconv.ParseFloat(f[k], 64)
		t += v
	}
	return t / 100
}

// storeThroughput measures JetStream's object store on this machine: an
// embedded NATS (file storage, as the service runs it), one 256 MiB object
// put and got back through a client on loopback, its SHA-256 checked.
func storeThroughput(dir string) (put, get float64) {
	ctx := context.Background()
	b, err := bus.Open(ctx, bus.Options{Dir: filepath.Join(dir, "store-bench"), Listen: "127.0.0.1:0"})
	check(err)
	defer b.Close()
	src := filepath.Join(dir, "store-bench.bin")
	data := make([]byte, 256<<20)
	_, _ = rand.Read(data)
	check(os.WriteFile(src, data, 0o644))
	sum := sha256.Sum256(data)
	name := dist.ObjectName(hex.EncodeToString(sum[:]))
	st := dist.NATSStore(b.Media)
	t0 := time.Now()
	check(st.Put(ctx, name, src, true))
	put = 256 / time.Since(t0).Seconds()
	t0 = time.Now()
	check(st.Get(ctx, name, filepath.Join(dir, "store-bench.out")))
	get = 256 / time.Since(t0).Seconds()
	return put, get
}
