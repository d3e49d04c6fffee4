package service

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/service/bus"
	"github.com/reel-film/reel/service/schedule"
)

// TestCancelRunning cancels a render while its ffmpeg runs: the worker
// stops it, the record says cancelled, no output is left.
func TestCancelRunning(t *testing.T) {
	s, _ := newTestServiceWith(t, testOptions{workers: 1, ffmpeg: fakeFFmpeg(t, false)})
	pidFile := filepath.Join(t.TempDir(), "pid")
	t.Setenv(fftest.WrapPid, pidFile)
	ctx := context.Background()
	r, _, err := s.Submit(ctx, Submission{Project: []byte(tiny)})
	if err != nil {
		t.Fatal(err)
	}
	pid := fftest.WaitPid(t, pidFile) // a job's ffmpeg runs
	if _, err := s.Cancel(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	fftest.AssertGone(t, pid)
	got := waitFinal(t, s, r.ID)
	if got.Status != Cancelled || len(got.Outputs) != 0 {
		t.Fatalf("record: %+v", got)
	}
	// The worker is free again: nothing is running once it let go.
	deadline := time.Now().Add(30 * time.Second)
	for s.running.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := s.running.Load(); n != 0 {
		t.Fatalf("%d renders still running", n)
	}
	if _, err := os.Stat(filepath.Join(s.data, "renders", r.ID, "out", "film.mp4")); err == nil {
		t.Error("a cancelled render left its output")
	}
}

// waitStatus polls a render until it is in status st (at most 60 s).
func waitStatus(t *testing.T, s *Service, id string, st Status) *Render {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r, err := s.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status == st {
			return r
		}
		if r.Status.Final() || time.Now().After(deadline) {
			t.Fatalf("render %s is %s, waiting for %s", id, r.Status, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFailedJobDeadLetter renders with an ffmpeg that dies: the render is
// tried MaxDeliver times, then fails with the job named and a dead letter.
func TestFailedJobDeadLetter(t *testing.T) {
	s, _ := newTestServiceWith(t, testOptions{workers: 1, ffmpeg: fakeFFmpeg(t, true), maxDeliver: 2})
	ctx := context.Background()
	r, _, err := s.Submit(ctx, Submission{Project: []byte(tiny)})
	if err != nil {
		t.Fatal(err)
	}
	got := waitFinal(t, s, r.ID)
	if got.Status != Failed || got.Attempts != 2 || got.Error == nil || got.Error.Job == "" {
		t.Fatalf("record: %+v (error %+v)", got, got.Error)
	}
	e, err := s.b.Dead.Get(ctx, r.ID)
	if err != nil {
		t.Fatalf("no dead letter: %v", err)
	}
	if !strings.Contains(string(e.Value()), got.Error.Job) {
		t.Errorf("dead letter: %s", e.Value())
	}
}

// TestMaxDeliveriesAdvisory takes a render's message as a worker that
// dies would (never acked): after its last delivery JetStream's advisory
// makes the render failed with a dead letter, and its message leaves the
// queue.
func TestMaxDeliveriesAdvisory(t *testing.T) {
	t.Parallel()
	s, _ := newTestServiceWith(t, testOptions{ackWait: 500 * time.Millisecond, maxDeliver: 1})
	ctx := context.Background()
	r, _, err := s.Submit(ctx, Submission{Project: []byte(tiny)})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := s.b.Consumer.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for range batch.Messages() { // taken, never acked
	}
	got := waitFinal(t, s, r.ID)
	if got.Status != Failed || got.Error == nil || !strings.Contains(got.Error.Message, "given up after 1 deliveries") {
		t.Fatalf("record: %+v", got)
	}
	if _, err := s.b.Dead.Get(ctx, r.ID); err != nil {
		t.Errorf("no dead letter: %v", err)
	}
	info, err := s.b.Work.Info(ctx)
	if err != nil || info.State.Msgs != 0 {
		t.Errorf("the queue still holds %d messages (%v)", info.State.Msgs, err)
	}
}

// TestSweep removes a finished render older than the retention: its
// record, outputs and events.
func TestSweep(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t, 1)
	ctx := context.Background()
	up, err := s.NewUploads()
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := s.NewUploads() // never submitted
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := s.Submit(ctx, Submission{Project: []byte(tiny), Uploads: up})
	if err != nil {
		t.Fatal(err)
	}
	waitFinal(t, s, r.ID)
	if n, err := s.Sweep(ctx, time.Now()); err != nil || n != 0 {
		t.Fatalf("a fresh render swept: %d %v", n, err)
	}
	if n, err := s.Sweep(ctx, time.Now().Add(s.b.Keep+time.Hour)); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if _, err := s.Get(ctx, r.ID); err == nil {
		t.Error("the record is still there")
	}
	for _, d := range []string{filepath.Join(s.data, "renders", r.ID), up, orphan} {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", d, err)
		}
	}
	info, err := s.b.Events.Info(ctx, jetstream.WithSubjectFilter(bus.EventsPrefix+r.ID))
	if err != nil || len(info.State.Subjects) != 0 {
		t.Errorf("events left: %v %v", info.State.Subjects, err)
	}
}

// recorder is a Notifier that keeps what it was asked to send.
type recorder struct {
	mu   sync.Mutex
	sent []string
}

func (r *recorder) Send(ctx context.Context, url, event string, payload any) error {
	data, _ := json.Marshal(payload)
	r.mu.Lock()
	r.sent = append(r.sent, url+" "+event+" "+string(data))
	r.mu.Unlock()
	return nil
}

// TestWebhookOnce checks that two servers on one NATS send a render's
// webhook once, and that the record shows the host only.
func TestWebhookOnce(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	s, media := newTestServiceWith(t, testOptions{workers: 1, cfg: func(c *Config) { c.Webhooks = rec }})
	other, err := New(context.Background(), Config{Bus: s.b, Engine: s.eng, Data: s.data, MediaRoot: media, Serve: true, Webhooks: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	r, _, err := s.Submit(ctx, Submission{Project: []byte(tiny), Webhook: "https://hooks.example.com/x?token=abc"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Webhook != "hooks.example.com" {
		t.Errorf("the record shows %q", r.Webhook)
	}
	waitFinal(t, s, r.ID)
	deadline := time.Now().Add(10 * time.Second)
	for {
		rec.mu.Lock()
		n := len(rec.sent)
		rec.mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a second delivery would come now
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.sent) != 1 || !strings.Contains(rec.sent[0], "render.done") {
		t.Fatalf("sent: %q", rec.sent)
	}
	if _, _, err := s.Submit(ctx, Submission{Project: []byte(tiny), Webhook: "ftp://x"}); err == nil {
		t.Error("an ftp webhook was taken")
	}
}

// TestScheduleOnce runs a schedule every second on two servers sharing
// one NATS: each tick fires once.
func TestScheduleOnce(t *testing.T) {
	t.Parallel()
	spec := schedule.Spec{Name: "tick", Cron: "* * * * * *", Project: "film.yaml", Output: "{{ schedule }}-{{ time }}.mp4"}
	s, media := newTestServiceWith(t, testOptions{cfg: func(c *Config) { c.Schedules = []schedule.Spec{spec} }})
	if err := os.WriteFile(filepath.Join(media, "film.yaml"), []byte(tiny), 0o644); err != nil {
		t.Fatal(err)
	}
	other, err := New(context.Background(), Config{Bus: s.b, Engine: s.eng, Data: s.data, MediaRoot: media, Serve: true, Schedules: []schedule.Spec{spec}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	var renders []*Render
	for len(renders) < 3 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		renders, _, _ = s.List(ctx, ListQuery{})
	}
	other.Close()
	s.stopBG() // no more ticks
	s.tasks.Wait()
	renders, _, _ = s.List(ctx, ListQuery{})
	lister, err := s.b.Locks.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ticks := 0
	for k := range lister.Keys() {
		if strings.HasPrefix(k, "sched.tick.") {
			ticks++
		}
	}
	if len(renders) < 3 || len(renders) != ticks {
		t.Fatalf("%d renders for %d ticks", len(renders), ticks)
	}
	scheds, err := s.Schedules(ctx)
	if err != nil || len(scheds) != 1 || len(scheds[0].Next) != 5 || scheds[0].Last == nil {
		t.Errorf("schedules: %+v %v", scheds, err)
	}
}

// TestRequeueLost queues again a render stored without its message (a
// server that died in between): it renders; a render whose message is
// there is left alone.
func TestRequeueLost(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t, 1)
	ctx := context.Background()
	r := Render{ID: NewID(), Status: Queued, Outputs: []Output{}, Created: time.Now().Add(-2 * time.Minute)}
	if err := s.st.create(ctx, &record{Render: r, Job: job{Project: []byte(tiny), Name: "film.yaml", Dir: s.media}}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.RequeueLost(ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("requeued %d: %v", n, err)
	}
	if got := waitFinal(t, s, r.ID); got.Status != Done || got.Attempts != 1 {
		t.Fatalf("record: %+v", got)
	}
	if n, err := s.RequeueLost(ctx, time.Now()); err != nil || n != 0 {
		t.Fatalf("requeued %d again: %v", n, err)
	}
}
