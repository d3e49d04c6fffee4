package service

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/service/bus"
)

// tiny is a project of a placeholder and a tiny clip, a.mp4, in the media
// root.
const tiny = `output: {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: one}, duration: 0.5s}
  - {source: a.mp4}
`

// newTestService starts a service with an embedded NATS (in-process) in a
// temporary data directory, with a media root holding a.mp4.
func newTestService(t *testing.T, workers int) (*Service, string) {
	t.Helper()
	return newTestServiceWith(t, testOptions{workers: workers})
}

// testOptions change newTestServiceWith's service.
type testOptions struct {
	workers    int
	ffmpeg     string        // default fftest.FFmpeg()
	ackWait    time.Duration // default 5 s
	maxDeliver int           // default 3
	cfg        func(*Config)
}

// newTestServiceWith is newTestService with options.
func newTestServiceWith(t *testing.T, o testOptions) (*Service, string) {
	t.Helper()
	if o.ffmpeg == "" {
		o.ffmpeg = fftest.FFmpeg()
	}
	if o.ackWait == 0 {
		o.ackWait = 5 * time.Second
	}
	if o.maxDeliver == 0 {
		o.maxDeliver = 3
	}
	fftest.Require(t)
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	if err := os.MkdirAll(media, 0o755); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, media, fftest.Clip{Name: "a.mp4", Seconds: 0.5})
	data := filepath.Join(dir, "data")
	ctx := context.Background()
	b, err := bus.Open(ctx, bus.Options{Dir: data, AckWait: o.ackWait, MaxDeliver: o.maxDeliver})
	if err != nil {
		t.Fatal(err)
	}
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: o.ffmpeg, FFprobe: fftest.FFprobe()}, pipeline.Cache{Dir: filepath.Join(data, "cache")})
	cfg := Config{Bus: b, Engine: eng, Data: data, MediaRoot: media, Serve: true, Workers: o.workers, Jobs: 2}
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	s, err := New(ctx, cfg)
	if err != nil {
		b.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); b.Close() })
	return s, media
}

// waitFinal waits (at most 60 s) for render id to be final.
func waitFinal(t *testing.T, s *Service, id string) *Render {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ch, err := s.Events(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	for range ch {
	}
	r, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Status.Final() {
		t.Fatalf("render %s is still %s", id, r.Status)
	}
	return r
}

// TestServiceRender submits a project, follows its events to the end and
// checks the record, the output and the event stream's order.
func TestServiceRender(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t, 1)
	ctx := context.Background()
	r, existing, err := s.Submit(ctx, Submission{Project: []byte(tiny), Name: "film.yaml", IdempotencyKey: "k1"})
	if err != nil || existing {
		t.Fatalf("submit: %v (existing %v)", err, existing)
	}
	again, existing, err := s.Submit(ctx, Submission{Project: []byte(tiny), Name: "film.yaml", IdempotencyKey: "k1"})
	if err != nil || !existing || again.ID != r.ID {
		t.Fatalf("a repeated idempotency key: %v, existing %v, id %s want %s", err, existing, again.ID, r.ID)
	}
	ch, err := s.Events(ctx, r.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var last uint64
	var pct float64
	var final Event
	for ev := range ch {
		if ev.ID <= last {
			t.Errorf("event ids not increasing: %d after %d", ev.ID, last)
		}
		if ev.Type == "progress" && ev.Progress.Percent < pct {
			t.Errorf("progress went back: %v after %v", ev.Progress.Percent, pct)
		}
		last, pct, final = ev.ID, max(pct, ev.Progress.Percent), ev
	}
	if final.Status != Done {
		t.Fatalf("the last event: %+v", final)
	}
	got, err := s.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != Done || len(got.Outputs) != 1 || got.Outputs[0].Name != "out/film.mp4" || got.Outputs[0].Size == 0 || len(got.Outputs[0].SHA256) != 64 {
		t.Fatalf("record: %+v", got)
	}
	if got.Attempts != 1 || got.Started.IsZero() || got.Finished.IsZero() {
		t.Errorf("history: %+v", got)
	}
	f, err := s.Output(ctx, r.ID, "out/film.mp4")
	if err != nil {
		t.Fatal(err)
	}
	path := f.(*file).Name()
	f.Close()
	if n := fftest.FrameCount(t, path); n != 30 {
		t.Errorf("frames: %d, want 30", n)
	}
	if _, err := s.Output(ctx, r.ID, "../../nats"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an output outside the render: %v", err)
	}
	// Resuming after the last event gives nothing and ends.
	ch, err = s.Events(ctx, r.ID, last)
	if err != nil {
		t.Fatal(err)
	}
	for ev := range ch {
		t.Errorf("an event after the last: %+v", ev)
	}
	m, err := s.Metrics(ctx)
	if err != nil || m.Done != 1 || m.WorkersAlive != 1 {
		t.Errorf("metrics: %+v, %v", m, err)
	}
	list, next, err := s.List(ctx, ListQuery{Status: Done})
	if err != nil || len(list) != 1 || next != "" {
		t.Errorf("list: %v %q %v", list, next, err)
	}
	if _, err := s.Cancel(ctx, r.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("cancel of a finished render: %v", err)
	}
}

// TestSubmitRefused checks the errors of submissions refused before they
// are queued.
func TestSubmitRefused(t *testing.T) {
	t.Parallel()
	s, media := newTestService(t, 0)
	outside := t.TempDir()
	fftest.Make(t, outside, fftest.Clip{Name: "b.mp4", Seconds: 0.5})
	if err := os.Symlink(filepath.Join(outside, "b.mp4"), filepath.Join(media, "link.mp4")); err != nil {
		t.Fatal(err)
	}
	head := "output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n"
	tests := []struct {
		name, project string
		want          error
	}{
		{"dot dot", head + "  - {source: ../b.mp4}\n", ErrForbidden},
		{"absolute", head + "  - {source: " + filepath.Join(outside, "b.mp4") + "}\n", ErrForbidden},
		{"symlink out", head + "  - {source: link.mp4}\n", ErrForbidden},
		{"output out", "output: {path: ../x.mp4, size: 160x90, fps: 30}\nscenes:\n  - {source: a.mp4}\n", ErrForbidden},
		{"invalid", head + "  - {source: a.mp4, duraton: 1}\n", ErrInvalid},
		{"empty", "", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.Submit(context.Background(), Submission{Project: []byte(tt.project)})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			v, err := s.Validate(context.Background(), Submission{Project: []byte(tt.project)})
			if err != nil || v.Valid || len(v.Errors) == 0 {
				t.Fatalf("validate: %+v, %v", v, err)
			}
		})
	}
	for _, out := range []string{"../x.mp4", "/tmp/x.mp4", ".."} {
		if _, _, err := s.Submit(context.Background(), Submission{Project: []byte(tiny), Outputs: []string{out}}); !errors.Is(err, ErrForbidden) {
			t.Errorf("output %s: %v, want forbidden", out, err)
		}
	}
	v, err := s.Validate(context.Background(), Submission{Project: []byte(tiny)})
	if err != nil || !v.Valid {
		t.Fatalf("validate a good project: %+v %v", v, err)
	}
	// Nothing was queued.
	if l, _, _ := s.List(context.Background(), ListQuery{}); len(l) != 0 {
		t.Errorf("renders queued: %d", len(l))
	}
}

// TestNoMediaRoot: a server started without a media root reads no file a
// posted project names (only uploaded media): a source anywhere on the
// machine is 403, a project of cards renders.
func TestNoMediaRoot(t *testing.T) {
	t.Parallel()
	s, _ := newTestServiceWith(t, testOptions{workers: 1, cfg: func(c *Config) { c.MediaRoot = "" }})
	elsewhere := t.TempDir()
	fftest.Make(t, elsewhere, fftest.Clip{Name: "b.mp4", Seconds: 0.5})
	for _, src := range []string{filepath.Join(elsewhere, "b.mp4"), "b.mp4", "/etc/passwd"} {
		project := "output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n  - {source: " + src + "}\n"
		if _, _, err := s.Submit(context.Background(), Submission{Project: []byte(project)}); !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "no media root") {
			t.Errorf("source %s: %v, want forbidden (no media root)", src, err)
		}
	}
	cards := "output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n  - {background: red, duration: 0.5s}\n"
	r, _, err := s.Submit(context.Background(), Submission{Project: []byte(cards)})
	if err != nil {
		t.Fatalf("a project of cards: %v", err)
	}
	if r = waitFinal(t, s, r.ID); r.Status != Done || len(r.Outputs) != 1 {
		t.Errorf("the project of cards: %s, outputs %+v, error %+v", r.Status, r.Outputs, r.Error)
	}
}

// TestCancelQueued cancels a render no worker has taken.
func TestCancelQueued(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t, 0)
	ctx := context.Background()
	r, _, err := s.Submit(ctx, Submission{Project: []byte(tiny)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Cancel(ctx, r.ID)
	if err != nil || c.Status != Cancelled {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	got := waitFinal(t, s, r.ID)
	if got.Status != Cancelled {
		t.Errorf("status %s", got.Status)
	}
}

// TestIDs checks that ids are 26 lowercase characters that sort by time.
func TestIDs(t *testing.T) {
	a := newIDAt(time.UnixMilli(1000))
	b := newIDAt(time.UnixMilli(1001))
	if len(a) != 26 || !validID(a) || a >= b {
		t.Fatalf("ids %s %s", a, b)
	}
	if tm, ok := idTime(b); !ok || tm.UnixMilli() != 1001 {
		t.Errorf("idTime: %v", tm)
	}
}

// TestRenderRows renders a template with two rows: one variant each, with
// its own output.
func TestRenderRows(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t, 1)
	ctx := context.Background()
	tmpl := `fields:
  who: {}
output: {path: "out/{{ who }}.mp4", size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: "{{ who }}"}, duration: 0.5s}
  - {source: a.mp4}
`
	tp, err := s.PutTemplate(ctx, "promo.yaml", []byte(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tp.Fields["who"]; !ok {
		t.Errorf("template fields: %v", tp.Fields)
	}
	r, _, err := s.Submit(ctx, Submission{Template: "promo.yaml", Rows: []config.Values{{"who": {Text: "ada"}}, {"who": {Text: "bob"}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := waitFinal(t, s, r.ID)
	if got.Status != Done || got.Template != tp.ID || len(got.Variants) != 2 {
		t.Fatalf("record: %+v", got)
	}
	for i, want := range []string{"out/ada.mp4", "out/bob.mp4"} {
		v := got.Variants[i]
		if v.Status != Done || len(v.Outputs) != 1 || v.Outputs[0].Name != want {
			t.Errorf("variant %d: %+v", i, v)
		}
	}
	if f, err := s.Output(ctx, r.ID, "out/bob.mp4"); err != nil {
		t.Errorf("a variant's output: %v", err)
	} else {
		f.Close()
	}
	if err := s.DeleteTemplate(ctx, tp.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetTemplate(ctx, tp.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("a deleted template: %v", err)
	}
}

// TestUploads renders a project whose media come from its uploads and
// from the media root: uploads first.
func TestUploads(t *testing.T) {
	t.Parallel()
	s, media := newTestService(t, 1)
	ctx := context.Background()
	up, err := s.NewUploads()
	if err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, up, fftest.Clip{Name: "b.mp4", Seconds: 0.5})
	fftest.Make(t, up, fftest.Clip{Name: "a.mp4", Seconds: 0.2}) // shadows the media root's
	project := `output: {path: film.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {source: a.mp4}
  - {source: b.mp4}
  - {source: c.mp4}
`
	fftest.Make(t, media, fftest.Clip{Name: "c.mp4", Seconds: 0.5})
	r, _, err := s.Submit(ctx, Submission{Project: []byte(project), Uploads: up})
	if err != nil {
		t.Fatal(err)
	}
	got := waitFinal(t, s, r.ID)
	if got.Status != Done {
		t.Fatalf("record: %+v %+v", got, got.Error)
	}
	f, err := s.Output(ctx, r.ID, "film.mp4")
	if err != nil {
		t.Fatal(err)
	}
	path := f.(*file).Name()
	f.Close()
	if n := fftest.FrameCount(t, path); n != 36 {
		t.Errorf("frames: %d, want 36 (a.mp4 from the uploads: 6)", n)
	}
	if _, _, err := s.Submit(ctx, Submission{Project: []byte(project), Uploads: t.TempDir()}); !errors.Is(err, ErrInvalid) {
		t.Errorf("uploads not made by the service: %v", err)
	}
}

// TestIdempotencyConcurrent submits one Idempotency-Key ten times at once:
// one render, the others return it.
func TestIdempotencyConcurrent(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t, 0)
	ctx := context.Background()
	ids := make(chan string, 10)
	fresh := make(chan bool, 10)
	for range 10 {
		go func() {
			r, existing, err := s.Submit(ctx, Submission{Project: []byte(tiny), IdempotencyKey: "same"})
			if err != nil {
				t.Error(err)
				ids <- ""
				fresh <- false
				return
			}
			ids <- r.ID
			fresh <- !existing
		}()
	}
	seen, news := map[string]bool{}, 0
	for range 10 {
		seen[<-ids] = true
		if <-fresh {
			news++
		}
	}
	if len(seen) != 1 || news != 1 {
		t.Fatalf("%d renders, %d new: %v", len(seen), news, seen)
	}
	if l, _, _ := s.List(ctx, ListQuery{}); len(l) != 1 {
		t.Errorf("%d renders stored", len(l))
	}
}

// TestServiceDistributes: a render and a batch posted with Distribute run
// their jobs on the job slots (here this process's own, named by the
// worker), their mux here; the record says so and where each job ran.
func TestServiceDistributes(t *testing.T) {
	t.Parallel()
	s, _ := newTestServiceWith(t, testOptions{workers: 1, cfg: func(c *Config) { c.JobSlots = 2; c.WorkerName = "node-a" }})
	ctx := context.Background()
	r, _, err := s.Submit(ctx, Submission{Project: []byte(tiny), Distribute: true})
	if err != nil {
		t.Fatal(err)
	}
	got := waitFinal(t, s, r.ID)
	if got.Status != Done || !got.Distributed || got.ObjectStore == nil || len(got.Jobs) == 0 {
		t.Fatalf("record: %+v", got)
	}
	for _, j := range got.Jobs {
		want := "node-a"
		if strings.HasPrefix(j.Job, "mux") {
			want = ""
		}
		if j.Worker != want {
			t.Errorf("job %s ran on %q, want %q", j.Job, j.Worker, want)
		}
	}
	tmpl := `fields: {who: {}}
output: {path: "out/{{ who }}.mp4", size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: "{{ who }}"}, duration: 0.5s}
  - {source: a.mp4}
`
	b, _, err := s.Submit(ctx, Submission{Project: []byte(tmpl), Distribute: true,
		Rows: []config.Values{{"who": {Text: "ada"}}, {"who": {Text: "bob"}}}})
	if err != nil {
		t.Fatal(err)
	}
	got = waitFinal(t, s, b.ID)
	if got.Status != Done || !got.Distributed || len(got.Variants) != 2 {
		t.Fatalf("batch record: %+v", got)
	}
}

// TestServiceDistributesByLength: with another worker process alive, a
// film at least DistributeOver long is spread without being asked; a
// shorter one renders on its worker.
func TestServiceDistributesByLength(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		over   time.Duration
		spread bool
	}{{500 * time.Millisecond, true}, {time.Hour, false}} {
		var b *bus.Bus
		s, _ := newTestServiceWith(t, testOptions{workers: 1, cfg: func(c *Config) {
			c.JobSlots, c.WorkerName, c.DistributeOver = 1, "node-a", tc.over
			b = c.Bus
		}})
		other, err := New(context.Background(), Config{Bus: b, Engine: s.eng, Data: t.TempDir(), JobSlots: 1, WorkerName: "node-b"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(other.Close)
		for deadline := time.Now().Add(10 * time.Second); s.processesAlive(context.Background()) < 2; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the second process's heartbeat never came")
			}
		}
		r, _, err := s.Submit(context.Background(), Submission{Project: []byte(tiny)})
		if err != nil {
			t.Fatal(err)
		}
		got := waitFinal(t, s, r.ID)
		if got.Status != Done || got.Distributed != tc.spread {
			t.Errorf("distribute over %v: %s, distributed %v, want %v", tc.over, got.Status, got.Distributed, tc.spread)
		}
	}
}
