package main

// Process tests of reel serve and reel worker: the real binary, an
// embedded NATS on loopback, tiny renders through the real FFmpeg (made
// slow, when a test needs a render to be caught running, by the test
// binary acting as an ffmpeg that waits before it runs the real one).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/service"
	"github.com/reel-film/reel/service/webhook"
)

// serveProject is a project of a placeholder and a tiny clip, a.mp4 (the
// media root has it): 30 frames.
const serveProject = `output: {path: film.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: one}, duration: 0.5s}
  - {source: a.mp4}
`

// serveEnv is the environment of every serving process: short ack waits,
// so that a dead worker's render comes back quickly.
var serveEnv = []string{"REEL_ACK_WAIT=2s", "REEL_MAX_DELIVER=5", "REEL_WEBHOOK_BACKOFF=100ms"}

// proc is a running reel serve or reel worker.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	lines  chan string
	done   chan struct{}
	code   int
	addr   string // http://127.0.0.1:PORT (serve)
	nats   string // nats://127.0.0.1:PORT (serve --nats-listen)
}

// start runs reel with args in dir; it waits for the line saying the
// process is ready (serving, or a worker on its NATS).
func start(t *testing.T, dir string, env []string, args ...string) *proc {
	t.Helper()
	// Stopped at the end of the test, a process stops its renders (and
	// their ffmpeg) after a short drain.
	args = slices.Clone(args)
	if !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--drain-timeout") }) {
		args = append(args, "--drain-timeout=2s")
	}
	cmd := command(context.Background(), t, dir, append(append([]string{}, serveEnv...), env...), args...)
	p := &proc{t: t, cmd: cmd, lines: make(chan string, 100), done: make(chan struct{})}
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		err := cmd.Wait()
		p.code = 0
		if ee, ok := err.(*exec.ExitError); ok {
			p.code = ee.ExitCode()
		}
		close(p.done)
	}()
	t.Cleanup(p.stop)
	serving := regexp.MustCompile(`^reel: serving on (http://\S+)`)
	natsRe := regexp.MustCompile(`^reel: NATS (nats://\S+)`)
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l := <-p.lines:
			if m := serving.FindStringSubmatch(l); m != nil {
				p.addr = m[1]
				if args[0] == "serve" && !slices.Contains(args, "--nats-listen") {
					return p
				}
			}
			if m := natsRe.FindStringSubmatch(l); m != nil {
				p.nats = m[1]
				return p
			}
			if strings.HasPrefix(l, "reel: worker on") {
				return p
			}
		case <-p.done:
			t.Fatalf("reel %s exited %d:\n%s", strings.Join(args, " "), p.code, p.log())
		case <-timeout:
			t.Fatalf("reel %s did not start:\n%s", strings.Join(args, " "), p.log())
		}
	}
}

func (p *proc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// kill stops the process with SIGKILL (kill -9) and waits for it.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the process as SIGTERM does (a drain of at most 2 s, then
// running renders stop), or with SIGKILL if it takes longer than 15 s.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		p.kill()
	}
}

// wait waits (at most 60 s) for the process to exit and returns its code.
func (p *proc) wait() int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(60 * time.Second):
		p.t.Fatalf("the process did not exit:\n%s", p.log())
	}
	return -1
}

// serveDirs makes a media root with a.mp4 and a data directory.
func serveDirs(t *testing.T) (dir, media, data string) {
	t.Helper()
	fftest.Require(t)
	dir = t.TempDir()
	media = filepath.Join(dir, "media")
	if err := os.MkdirAll(media, 0o755); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, media, fftest.Clip{Name: "a.mp4", Seconds: 0.5})
	return dir, media, filepath.Join(dir, "data")
}

// slowFFmpeg are the flag and environment that make a process's ffmpeg
// this test binary, waiting 800 ms before each job (fftest.Wrapper).
func slowFFmpeg(t *testing.T) (flag string, env []string) {
	t.Helper()
	self, env := fftest.Wrapper(t, 800*time.Millisecond, false)
	return "--ffmpeg=" + self, env
}

// call makes an HTTP request and returns the status and body.
func call(t *testing.T, method, url, token, ctype string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// submit posts a project and returns the new render.
func submit(t *testing.T, base, project string) service.Render {
	t.Helper()
	code, body := call(t, "POST", base+"/v1/renders", "", "application/yaml", []byte(project))
	if code != http.StatusCreated {
		t.Fatalf("POST /v1/renders: %d %s", code, body)
	}
	var r service.Render
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// getRender returns a render's record.
func getRender(t *testing.T, base, id string) service.Render {
	t.Helper()
	code, body := call(t, "GET", base+"/v1/renders/"+id, "", "", nil)
	if code != http.StatusOK {
		t.Fatalf("GET render %s: %d %s", id, code, body)
	}
	var r service.Render
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// waitFor polls a render until ok says yes (at most 90 s).
func waitFor(t *testing.T, base, id string, what string, ok func(service.Render) bool) service.Render {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		r := getRender(t, base, id)
		if ok(r) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("render %s never %s: %+v", id, what, r)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func isFinal(r service.Render) bool { return r.Status.Final() }

// wantDone checks that r is done with one output of 30 frames.
func wantDone(t *testing.T, data string, r service.Render) {
	t.Helper()
	if r.Status != service.Done || len(r.Outputs) != 1 || r.Outputs[0].Name != "film.mp4" {
		t.Fatalf("render %s: %+v", r.ID, r)
	}
	if n := fftest.FrameCount(t, filepath.Join(data, "renders", r.ID, "film.mp4")); n != 30 {
		t.Errorf("render %s: %d frames, want 30", r.ID, n)
	}
}

// TestServeWorkerKilled kills -9 the worker running a render: the render
// completes on the other worker with a correct output.
func TestServeWorkerKilled(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "0")
	ff, ffEnv := slowFFmpeg(t)
	workers := map[string]*proc{}
	for _, name := range []string{"w1", "w2"} {
		workers[name] = start(t, dir, ffEnv, "worker", ff, "--nats", srv.nats, "--data", data, "--media-root", media, "--name", name)
	}
	r := submit(t, srv.addr, serveProject)
	r = waitFor(t, srv.addr, r.ID, "rendering", func(r service.Render) bool { return r.Status == service.Rendering })
	first := strings.Split(r.Worker, "/")[0]
	workers[first].kill()
	r = waitFor(t, srv.addr, r.ID, "final", isFinal)
	wantDone(t, data, r)
	if strings.HasPrefix(r.Worker, first+"/") || r.Attempts < 2 {
		t.Errorf("finished by %s after %d attempts; the killed worker was %s", r.Worker, r.Attempts, first)
	}
}

// TestServeRestart kills -9 the server with 5 renders queued and 1
// running, starts it again: all 6 complete with their history intact.
func TestServeRestart(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	ff, ffEnv := slowFFmpeg(t)
	args := []string{"serve", ff, "--addr", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "1"}
	srv := start(t, dir, ffEnv, args...)
	var rs []service.Render
	for range 6 {
		rs = append(rs, submit(t, srv.addr, serveProject))
	}
	waitFor(t, srv.addr, rs[0].ID, "rendering", func(r service.Render) bool { return r.Status == service.Rendering })
	for _, r := range rs[1:] {
		if got := getRender(t, srv.addr, r.ID); got.Status != service.Queued {
			t.Fatalf("render %s is %s, want queued", r.ID, got.Status)
		}
	}
	srv.kill()
	args[3] = strings.TrimPrefix(srv.addr, "http://") // the same port again
	srv = start(t, dir, ffEnv, args...)
	for i, r := range rs {
		got := waitFor(t, srv.addr, r.ID, "final", isFinal)
		wantDone(t, data, got)
		if !got.Created.Equal(r.Created) {
			t.Errorf("render %d: created %v, was %v", i, got.Created, r.Created)
		}
		if i == 0 && got.Attempts < 2 {
			t.Errorf("the render running at the kill: %d attempts", got.Attempts)
		}
	}
}

// TestServeFifty submits 50 renders at once: each completes exactly once.
func TestServeFifty(t *testing.T) {
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "2")
	var mu sync.Mutex
	var ids []string
	t0 := time.Now()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			r := submit(t, srv.addr, serveProject)
			mu.Lock()
			ids = append(ids, r.ID)
			mu.Unlock()
		})
	}
	wg.Wait()
	t.Logf("submitted in %v", time.Since(t0))
	for _, id := range ids {
		r := waitFor(t, srv.addr, id, "final", isFinal)
		if r.Status != service.Done || r.Attempts != 1 || len(r.Outputs) != 1 {
			t.Fatalf("render %s: %+v", id, r)
		}
		if st, err := os.Stat(filepath.Join(data, "renders", id, "film.mp4")); err != nil || st.Size() != r.Outputs[0].Size {
			t.Errorf("render %s: output %v", id, err)
		}
		// Its event stream says done once and ends.
		code, body := call(t, "GET", srv.addr+"/v1/renders/"+id+"/events", "", "", nil)
		if code != http.StatusOK {
			t.Fatalf("events: %d %s", code, body)
		}
		if n := strings.Count(string(body), `"status":"done"`); n < 1 {
			t.Errorf("render %s: no done event:\n%s", id, body)
		}
		if n := strings.Count(string(body), "attempt 1 on"); n != 1 {
			t.Errorf("render %s started %d times", id, n)
		}
	}
	t.Logf("done in %v", time.Since(t0))
	code, body := call(t, "GET", srv.addr+"/v1/renders?status=done&limit=500", "", "", nil)
	var page struct {
		Renders []service.Render `json:"renders"`
	}
	if code != http.StatusOK || json.Unmarshal(body, &page) != nil || len(page.Renders) != 50 {
		t.Errorf("list of done renders: %d, %d renders\n%.300s", code, len(page.Renders), body)
	}
}

// TestServeRefused checks the API's refusals: no token on a protected
// server (401, and the token never in the log), a path outside the media
// root (403), and a non-loopback address without a token (exit 2).
func TestServeRefused(t *testing.T) {
	dir, media, data := serveDirs(t)
	outside := t.TempDir()
	fftest.Make(t, outside, fftest.Clip{Name: "b.mp4", Seconds: 0.5})
	if err := os.Symlink(filepath.Join(outside, "b.mp4"), filepath.Join(media, "link.mp4")); err != nil {
		t.Fatal(err)
	}
	const token = "s3cret-token-for-the-test-0123456789"
	r := reel(t, dir, nil, "serve", "--addr", "0.0.0.0:0", "--data", data)
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "not a loopback address", "REEL_TOKEN")
	r = reel(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "0.0.0.0:0", "--data", data)
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "--nats-listen 0.0.0.0:0 is not a loopback address", "REEL_NATS_TOKEN")

	srv := start(t, dir, []string{"REEL_TOKEN=" + token}, "serve", "--addr", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "0")
	if code, _ := call(t, "GET", srv.addr+"/v1/renders", "", "", nil); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}
	if code, _ := call(t, "GET", srv.addr+"/v1/renders", "wrong", "", nil); code != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d, want 401", code)
	}
	if code, body := call(t, "GET", srv.addr+"/v1/renders", token, "", nil); code != http.StatusOK {
		t.Errorf("the token: %d %s", code, body)
	}
	head := "output: {path: film.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n"
	tests := []struct{ name, scenes string }{
		{"dot dot", "  - {source: ../b.mp4}\n"},
		{"absolute", "  - {source: " + filepath.Join(outside, "b.mp4") + "}\n"},
		{"symlink", "  - {source: link.mp4}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(t, "POST", srv.addr+"/v1/renders", token, "application/yaml", []byte(head+tt.scenes))
			if code != http.StatusForbidden {
				t.Errorf("%d %s, want 403", code, body)
			}
		})
	}
	// This server has no webhook secret: a webhook it could only send
	// unsigned is refused at submission.
	code, body := call(t, "POST", srv.addr+"/v1/renders?webhook="+url.QueryEscape("https://hooks.example.com/reel"), token, "application/yaml", []byte(serveProject))
	if code != http.StatusBadRequest || !strings.Contains(string(body), "no webhook secret") {
		t.Errorf("a webhook without a secret: %d %s, want 400 naming the missing secret", code, body)
	}
	if strings.Contains(srv.log(), token) {
		t.Errorf("the token is in the log:\n%s", srv.log())
	}
}

// TestServeWorkerDrains sends SIGTERM to a worker mid-render: the render
// finishes, then the worker exits 0.
func TestServeWorkerDrains(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "0")
	ff, ffEnv := slowFFmpeg(t)
	w := start(t, dir, ffEnv, "worker", ff, "--nats", srv.nats, "--data", data, "--media-root", media, "--drain-timeout=1m")
	r := submit(t, srv.addr, serveProject)
	waitFor(t, srv.addr, r.ID, "rendering", func(r service.Render) bool { return r.Status == service.Rendering })
	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := w.wait(); code != 0 {
		t.Fatalf("the worker exited %d:\n%s", code, w.log())
	}
	r = getRender(t, srv.addr, r.ID)
	wantDone(t, data, r)
	if r.Attempts != 1 {
		t.Errorf("the drained render was delivered %d times", r.Attempts)
	}
	wantContains(t, "worker log", w.log(), "draining", "drained")
}

// TestServeWebhookAndEvents follows a render's Server-Sent Events (ids
// increasing, progress never going back, the final status last) while a
// webhook receiver verifies the signature, answers 500 to the first
// delivery and gets the retry.
func TestServeWebhookAndEvents(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	secret := []byte("webhook-secret-for-the-test")
	type delivery struct{ id, event, status string }
	var mu sync.Mutex
	var got []delivery
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(secret, r.Header.Get("X-Reel-Timestamp"), r.Header.Get("X-Reel-Signature"), body, time.Now(), 5*time.Minute); err != nil {
			t.Errorf("a delivery with a bad signature: %v", err)
		}
		var b struct {
			Event  string         `json:"event"`
			Render service.Render `json:"render"`
		}
		_ = json.Unmarshal(body, &b)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, delivery{r.Header.Get("X-Reel-Delivery"), r.Header.Get("X-Reel-Event") + "/" + b.Event, string(b.Render.Status)})
		if len(got) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer recv.Close()
	ff, ffEnv := slowFFmpeg(t)
	srv := start(t, dir, append(ffEnv, "REEL_WEBHOOK_SECRET="+string(secret)), "serve", ff, "--addr", "127.0.0.1:0", "--data", data, "--media-root", media, "--allow-private")
	code, body := call(t, "POST", srv.addr+"/v1/renders?webhook="+url.QueryEscape(recv.URL+"/hook?key=k"), "", "application/yaml", []byte(serveProject))
	if code != http.StatusCreated {
		t.Fatalf("POST: %d %s", code, body)
	}
	var r service.Render
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.addr + "/v1/renders/" + r.ID + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var evs []service.Event
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var ev service.Event
			if err := json.Unmarshal([]byte(d), &ev); err != nil {
				t.Fatalf("event %q: %v", d, err)
			}
			evs = append(evs, ev)
		}
	}
	progress := 0
	for i, ev := range evs {
		if i > 0 && (ev.ID <= evs[i-1].ID || ev.Progress.Percent < evs[i-1].Progress.Percent && ev.Type == "progress") {
			t.Errorf("event %d goes back: %+v after %+v", i, ev, evs[i-1])
		}
		if ev.Type == "progress" {
			progress++
		}
	}
	if len(evs) == 0 || evs[len(evs)-1].Status != service.Done || progress == 0 {
		t.Fatalf("events (%d progress): %+v", progress, evs)
	}
	done := getRender(t, srv.addr, r.ID)
	wantDone(t, data, done)
	if done.Attempts != 1 {
		t.Errorf("a render longer than the ack wait was delivered %d times (its heartbeats did not keep it)", done.Attempts)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].id == "" || got[0].id != got[1].id || got[1].event != "render.done/render.done" || got[1].status != "done" {
		t.Fatalf("deliveries: %+v", got)
	}
	if strings.Contains(srv.log(), "key=k") || strings.Contains(srv.log(), string(secret)) {
		t.Errorf("the webhook's query or the secret is in the log:\n%s", srv.log())
	}
}

// TestServeScheduleTwoServers runs a schedule every second on two servers
// sharing one NATS: each tick makes one render.
func TestServeScheduleTwoServers(t *testing.T) {
	dir, media, data := serveDirs(t)
	writeFile(t, media, "film.yaml", serveProject)
	settings := writeFile(t, dir, "settings.yaml", `schedules:
  tick:
    cron: "* * * * * *"
    project: film.yaml
    output: "ticks/{{ time }}.mp4"
`)
	a := start(t, dir, nil, "serve", "--settings", settings, "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "1")
	b := start(t, dir, nil, "serve", "--settings", settings, "--addr", "127.0.0.1:0", "--nats", a.nats, "--data", data, "--media-root", media, "--workers", "0")
	var page struct {
		Renders []service.Render `json:"renders"`
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(page.Renders) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("%d renders after 30 s:\n%s\n%s", len(page.Renders), a.log(), b.log())
		}
		time.Sleep(200 * time.Millisecond)
		_, body := call(t, "GET", a.addr+"/v1/renders?limit=500", "", "", nil)
		_ = json.Unmarshal(body, &page)
	}
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	if code := b.wait(); code != 0 {
		t.Errorf("the second server exited %d", code)
	}
	_ = a.cmd.Process.Signal(syscall.SIGTERM) // no more ticks; the renders running finish
	if code := a.wait(); code != 0 {
		t.Errorf("the first server exited %d", code)
	}
	a = start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "1")
	_, body := call(t, "GET", a.addr+"/v1/renders?limit=500", "", "", nil)
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	outputs := map[string]bool{}
	for _, r := range page.Renders {
		r = waitFor(t, a.addr, r.ID, "final", isFinal)
		if r.Status != service.Done || len(r.Outputs) != 1 {
			t.Fatalf("render %s: %+v", r.ID, r)
		}
		if outputs[r.Outputs[0].Name] {
			t.Errorf("tick %s rendered twice", r.Outputs[0].Name)
		}
		outputs[r.Outputs[0].Name] = true
	}
}

// TestServeUsage checks the usage errors of reel serve and reel worker
// (exit 2, before anything starts) and that the help teaches by example.
func TestServeUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--keep", "soon"}, "--keep soon: write a duration such as 7d"},
		{[]string{"serve", "--keep", "-1d"}, "--keep -1d"},
		{[]string{"serve", "--max-body", "lots"}, "--max-body lots"},
		{[]string{"serve", "--workers", "-1"}, "--workers -1"},
		{[]string{"serve", "--media-root", "nowhere"}, "--media-root nowhere: not a directory"},
		{[]string{"serve", "--token-file", "missing"}, "--token-file missing"},
		{[]string{"worker", "--data", "d"}, "--nats URL is required"},
		{[]string{"serve", "extra"}, "extra"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := reel(t, dir, nil, tt.args...)
			wantExit(t, r, 2)
			wantContains(t, "stderr", r.stderr, tt.want)
		})
	}
	for _, c := range []string{"serve", "worker"} {
		r := reel(t, dir, nil, c, "--help")
		wantExit(t, r, 0)
		wantContains(t, c+" --help", r.stdout, "Examples:", "reel "+c+" --", "SIGTERM")
	}
}

// TestParseKeep checks the retention's forms.
func TestParseKeep(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7d", 7 * 24 * time.Hour, true},
		{"1.5d", 36 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"0d", 0, false},
		{"d", 0, false},
		{"-2h", 0, false},
		{"week", 0, false},
	}
	for _, tt := range tests {
		got, err := parseKeep(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseKeep(%q) = %v, %v", tt.in, got, err)
		}
	}
}

// TestServeCancelOnWorker cancels (DELETE) a render running on a worker
// process: its ffmpeg stops there, the render is cancelled, and the
// worker takes the next render.
func TestServeCancelOnWorker(t *testing.T) {
	t.Parallel()
	dir, media, data := serveDirs(t)
	srv := start(t, dir, nil, "serve", "--addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--data", data, "--media-root", media, "--workers", "0")
	ff, ffEnv := slowFFmpeg(t)
	pids := t.TempDir()
	start(t, dir, append(ffEnv, fftest.WrapPid+"="+filepath.Join(pids, "pid")), "worker", ff, "--nats", srv.nats, "--data", data, "--media-root", media)
	r := submit(t, srv.addr, serveProject)
	pid := fftest.WaitPid(t, filepath.Join(pids, "pid"))
	code, body := call(t, "DELETE", srv.addr+"/v1/renders/"+r.ID, "", "", nil)
	if code != http.StatusOK || !strings.Contains(string(body), `"cancelled"`) {
		t.Fatalf("DELETE: %d %s", code, body)
	}
	fftest.AssertGone(t, pid)
	if got := waitFor(t, srv.addr, r.ID, "final", isFinal); got.Status != service.Cancelled || len(got.Outputs) != 0 {
		t.Errorf("record: %+v", got)
	}
	if code, _ := call(t, "DELETE", srv.addr+"/v1/renders/"+r.ID, "", "", nil); code != http.StatusConflict {
		t.Errorf("a second DELETE: %d, want 409", code)
	}
	next := submit(t, srv.addr, serveProject)
	wantDone(t, data, waitFor(t, srv.addr, next.ID, "final", isFinal))
}
