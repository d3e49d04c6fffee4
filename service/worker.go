package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/service/dist"
)

// errCancelled is the cause of a render's context when its record says
// cancelled.
var errCancelled = errors.New("cancelled")

// work is one worker: it takes render messages until the service drains.
func (s *Service) work(name string) {
	defer s.workers.Done()
	for s.fetch.Err() == nil {
		batch, err := s.b.Consumer.Fetch(1, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			s.log.Warn("fetching work", "worker", name, "error", redacted(err))
			select {
			case <-s.fetch.Done():
			case <-time.After(500 * time.Millisecond):
			}
			continue
		}
		for msg := range batch.Messages() {
			if s.fetch.Err() != nil {
				_ = msg.Nak()
				continue
			}
			s.running.Add(1)
			s.run(name, msg)
			s.running.Add(-1)
		}
	}
}

// run renders the render a message names and settles the message: ack
// when the render is final, nak (with a delay) when it should be tried
// again, nothing when the process stops hard (NATS redelivers it after the
// ack wait).
func (s *Service) run(worker string, msg jetstream.Msg) {
	bg := context.Background()
	id := string(msg.Data())
	attempt := 1
	if md, err := msg.Metadata(); err == nil {
		attempt = int(md.NumDelivered)
	}
	log := s.log.With("render", id, "worker", worker, "attempt", attempt)
	rec, err := s.st.update(bg, id, func(r *record) error {
		if r.Render.Status.Final() {
			return errSkip
		}
		// Attempts counts every start, also those of a message queued
		// again (RequeueLost), whose deliveries count from 1.
		r.Render.Status, r.Render.Attempts, r.Render.Worker = Preparing, max(r.Render.Attempts+1, attempt), worker
		if r.Render.Started.IsZero() {
			r.Render.Started = time.Now().UTC()
		}
		return nil
	})
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, errSkip):
		_ = msg.Ack()
		return
	case err != nil:
		log.Error("cannot start the render", "error", redacted(err))
		_ = msg.NakWithDelay(time.Second)
		return
	}
	log.Info("render started")
	_ = publish(bg, s.b.JS, statusEvent(&rec.Render, fmt.Sprintf("attempt %d on %s", attempt, worker)))

	ctx, cancel := context.WithCancelCause(s.hard)
	defer cancel(nil)
	s.watchCancel(ctx, id, cancel)
	rep := newReporter(s, id, rec.Render.Progress.Percent, msg)
	defer rep.stop()

	res, err := s.render(ctx, rec, rep)
	rep.stop()
	switch {
	case context.Cause(ctx) == errCancelled:
		log.Info("render cancelled")
		_ = msg.Ack()
	case err == nil:
		s.finish(bg, id, Done, res, nil, rep)
		_ = msg.Ack()
		log.Info("render done")
	case s.hard.Err() != nil:
		log.Info("render stopped: it goes back to the queue")
		r, uerr := s.st.update(bg, id, func(r *record) error {
			if r.Render.Status.Final() {
				return errSkip
			}
			r.Render.Status = Queued
			return nil
		})
		if uerr == nil {
			_ = publish(bg, s.b.JS, statusEvent(&r.Render, "back to the queue: the worker stopped"))
		}
		_ = msg.Nak()
	case terminal(err) || attempt >= s.b.MaxDeliver:
		if !terminal(err) { // recorded before the render is final, which ends its followers' wait
			s.deadLetter(bg, id, attempt, errorOf(err))
		}
		s.finish(bg, id, Failed, res, err, rep)
		_ = msg.Ack()
		log.Info("render failed", "error", redacted(err))
	default:
		delay := time.Duration(1<<min(attempt-1, 8)) * time.Second
		r, uerr := s.st.update(bg, id, func(r *record) error {
			if r.Render.Status.Final() {
				return errSkip
			}
			r.Render.Status, r.Render.Error = Queued, errorOf(err)
			return nil
		})
		if uerr == nil {
			_ = publish(bg, s.b.JS, statusEvent(&r.Render, "failed, tried again in "+delay.String()))
		}
		_ = msg.NakWithDelay(delay)
		log.Warn("render failed: it will be tried again", "error", redacted(err), "delay", delay)
	}
}

// watchCancel cancels ctx when the render's record becomes cancelled (or
// is deleted).
func (s *Service) watchCancel(ctx context.Context, id string, cancel context.CancelCauseFunc) {
	w, err := s.b.Renders.Watch(ctx, id, jetstream.UpdatesOnly())
	if err != nil {
		s.log.Warn("cannot watch the render for cancellation", "render", id, "error", redacted(err))
		return
	}
	// A cancel between the worker's start and the watch is in the
	// record already.
	if r, _, err := s.st.get(ctx, id); err == nil && r.Render.Status == Cancelled || errors.Is(err, ErrNotFound) {
		cancel(errCancelled)
	}
	go func() {
		defer w.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-w.Updates():
				if !ok {
					return
				}
				if e == nil {
					continue
				}
				var r record
				if e.Operation() != jetstream.KeyValuePut || json.Unmarshal(e.Value(), &r) == nil && r.Render.Status == Cancelled {
					cancel(errCancelled)
					return
				}
			}
		}
	}()
}

// result is what a render delivered.
type result struct {
	outputs  []Output
	variants []Variant
	warnings []string
	run      int // jobs run (not cache hits)
	cached   int
	jobs     []JobRun
	spread   bool // the jobs were spread over the workers
	traffic  *Traffic
}

// render runs the job of rec on this machine; a panic in the engine is an
// error of the render, not the end of the process.
func (s *Service) render(ctx context.Context, rec *record, rep *reporter) (res *result, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("the render panicked", "render", rec.Render.ID, "panic", p, "stack", string(debug.Stack()))
			res, err = nil, fmt.Errorf("internal error: %v", p)
		}
	}()
	return s.renderJob(ctx, rec, rep)
}

// renderJob runs the job of rec with the engine.
func (s *Service) renderJob(ctx context.Context, rec *record, rep *reporter) (*result, error) {
	id := rec.Render.ID
	reqs := s.requests(&rec.Job, id)
	outDir := filepath.Join(s.data, "renders", id)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	log := s.log.With("render", id)
	if len(rec.Job.Rows) == 0 {
		req := reqs[0]
		req.Log = log
		req.OnEvent = rep.event
		remote, err := s.remote(ctx, rec)
		if err != nil {
			return nil, err
		}
		spread := rec.Job.Distribute
		req.OnPlan = func(p *pipeline.Prepared) {
			if remote != nil && !rec.Job.Distribute {
				// Spread by length (Config.DistributeOver).
				spread = p.Plan.Seconds >= s.cfg.DistributeOver.Seconds()
				remote.RunHere(!spread)
			}
			rep.rendering(len(p.Plan.Jobs), p.Plan.Warnings)
		}
		if remote != nil {
			defer remote.Close()
			req.Remote = remote
			req.ChunkSeconds = dist.DefaultChunk.Seconds()
		}
		res, err := s.eng.Render(ctx, req)
		if err != nil {
			return nil, err
		}
		r := &result{warnings: res.Warnings, spread: remote != nil && spread}
		if res.Stats != nil {
			r.cached = res.Stats.Cached
			r.run = len(res.Stats.Jobs) - res.Stats.Cached
			for _, j := range res.Stats.Jobs {
				r.jobs = append(r.jobs, JobRun{Job: j.Job, Worker: j.Worker, Cached: j.Cached, CPU: j.CPU.Seconds()})
			}
		}
		if remote != nil && r.spread {
			t := remote.Traffic()
			r.traffic = &Traffic{BytesUp: t.Up, BytesDown: t.Down, ObjectsUp: t.UpObjs, ObjectsDown: t.DownObjs, Skipped: t.Skipped}
			log.Info("distributed render", "objects_up", t.UpObjs, "bytes_up", t.Up, "objects_down", t.DownObjs, "bytes_down", t.Down, "objects_skipped", t.Skipped)
		}
		r.outputs, err = describe(outDir, res.Outputs)
		return r, err
	}
	br := pipeline.BatchRequest{Variants: reqs, Jobs: s.cfg.Jobs, WorkRoot: filepath.Join(s.data, "work"), Log: log, OnEvent: rep.event, ReuseFilms: true,
		OnPlan: func(p *pipeline.BatchPlan) { rep.rendering(p.Sharing.Jobs, nil) }}
	if rec.Job.Distribute {
		// Every variant's jobs over the workers (asked for: a batch is
		// not spread by length).
		remote, err := dist.New(s.b, dist.Options{Render: id, Store: s.mediaStore(), Log: log})
		if err != nil {
			return nil, err
		}
		defer remote.Close()
		br.Remote = remote
		for i := range br.Variants {
			br.Variants[i].ChunkSeconds = dist.DefaultChunk.Seconds()
		}
	}
	res, err := s.eng.Batch(ctx, br)
	if err != nil {
		return nil, err
	}
	r := &result{run: res.Stats.Ran, cached: res.Stats.Cached, spread: br.Remote != nil}
	var failed []error
	for _, v := range res.Variants {
		vv := Variant{Name: v.Name, Status: Done}
		if v.Status == pipeline.VariantFailed {
			vv.Status, vv.Error = Failed, errorOf(v.Err)
			failed = append(failed, v.Err)
		}
		vv.Outputs, err = describe(outDir, v.Outputs)
		if err != nil {
			return nil, err
		}
		r.variants = append(r.variants, vv)
		r.warnings = append(r.warnings, v.Warnings...)
	}
	if len(failed) > 0 {
		return r, &batchError{n: len(failed), of: len(res.Variants), first: failed[0]}
	}
	return r, nil
}

// batchError is a batch some of whose variants failed.
type batchError struct {
	n, of int
	first error
}

func (e *batchError) Error() string {
	return fmt.Sprintf("%d of %d variants failed; the first: %v", e.n, e.of, e.first)
}
func (e *batchError) Unwrap() error { return e.first }

// describe lists the files a render wrote, with their sizes and sums.
func describe(outDir string, paths []string) ([]Output, error) {
	out := []Output{}
	for _, p := range paths {
		rel, err := filepath.Rel(outDir, p)
		if err != nil || rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
			continue // not in the render's directory: not served
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("output %s: %w", rel, err)
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("output %s: %w", rel, err)
		}
		out = append(out, Output{Name: filepath.ToSlash(rel), Size: n, SHA256: hex.EncodeToString(h.Sum(nil))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// finish records a render's final status (unless it is already final:
// cancelled meanwhile) and publishes it.
func (s *Service) finish(ctx context.Context, id string, st Status, res *result, err error, rep *reporter) {
	r, uerr := s.st.update(ctx, id, func(r *record) error {
		if r.Render.Status.Final() {
			return errSkip
		}
		r.Render.Status = st
		r.Render.Finished = time.Now().UTC()
		r.Render.Progress = rep.progress()
		r.Render.Error = nil
		if err != nil {
			r.Render.Error = errorOf(err)
		}
		if res != nil {
			r.Render.Outputs, r.Render.Variants, r.Render.Warnings = res.outputs, res.variants, res.warnings
			if r.Render.Outputs == nil {
				r.Render.Outputs = []Output{}
			}
			r.Job.JobsRun = res.run
			r.Render.Progress.JobsCache = res.cached
			r.Render.Jobs, r.Render.Distributed, r.Render.ObjectStore = res.jobs, res.spread, res.traffic
		}
		if st == Done {
			r.Render.Progress.Percent, r.Render.Progress.ETA = 100, 0
		}
		return nil
	})
	if uerr != nil {
		if !errors.Is(uerr, errSkip) {
			s.log.Error("cannot record the end of a render", "render", id, "error", uerr)
		}
		return
	}
	msg := ""
	if r.Render.Error != nil {
		msg = r.Render.Error.Message
	}
	_ = publish(ctx, s.b.JS, statusEvent(&r.Render, msg))
}

// deadLetter keeps the record of a render given up after its last
// delivery.
func (s *Service) deadLetter(ctx context.Context, id string, attempts int, e *Error) {
	data, _ := json.Marshal(struct {
		Render   string    `json:"render"`
		Attempts int       `json:"attempts"`
		Error    *Error    `json:"error"`
		Time     time.Time `json:"time"`
	}{id, attempts, e, time.Now().UTC()})
	if _, err := s.b.Dead.Put(ctx, id, data); err != nil {
		s.log.Error("cannot record a dead letter", "render", id, "error", redacted(err))
	}
}

// reporter turns a render's engine events into the render's progress:
// events on its stream (at most about 4 a second), the record's progress
// (about once a second), and the message's InProgress heartbeat.
type reporter struct {
	s   *Service
	id  string
	msg jetstream.Msg

	mu       sync.Mutex
	p        Progress
	dirty    bool
	lastSave time.Time
	lastBeat time.Time
	done     chan struct{}
	wg       sync.WaitGroup
	once     sync.Once
}

func newReporter(s *Service, id string, from float64, msg jetstream.Msg) *reporter {
	r := &reporter{s: s, id: id, msg: msg, p: Progress{Percent: from}, done: make(chan struct{})}
	beat := s.b.AckWait / 3
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		lastBeat := time.Now()
		for {
			select {
			case <-r.done:
				return
			case <-tick.C:
			}
			if time.Since(lastBeat) >= beat {
				_ = msg.InProgress()
				lastBeat = time.Now()
			}
			r.flush()
		}
	}()
	return r
}

// event takes an engine event (calls are serialised by the engine).
func (r *reporter) event(ev pipeline.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ev.Overall > r.p.Percent {
		r.p.Percent = min(ev.Overall, 100)
	}
	r.p.ETA = ev.ETA
	if ev.Total > 0 {
		r.p.JobsTotal = ev.Total
	}
	if ev.Done > r.p.JobsDone {
		r.p.JobsDone = ev.Done
	}
	if ev.State == "cached" && ev.Job != "" {
		r.p.JobsCache++
	}
	r.dirty = true
	if time.Since(r.lastBeat) > time.Second {
		r.lastBeat = time.Now()
		go func() { _ = r.msg.InProgress() }()
	}
}

// rendering marks the render planned and running.
func (r *reporter) rendering(jobs int, warnings []string) {
	r.mu.Lock()
	r.p.JobsTotal = jobs
	p := r.p
	r.mu.Unlock()
	rec, err := r.s.st.update(context.Background(), r.id, func(rec *record) error {
		if rec.Render.Status.Final() {
			return errSkip
		}
		rec.Render.Status, rec.Render.Progress = Rendering, p
		rec.Render.Warnings = warnings
		return nil
	})
	if err == nil {
		_ = publish(context.Background(), r.s.b.JS, statusEvent(&rec.Render, ""))
	}
}

// flush publishes the progress when it changed, and saves it in the
// record now and then.
func (r *reporter) flush() {
	r.mu.Lock()
	if !r.dirty {
		r.mu.Unlock()
		return
	}
	r.dirty = false
	p := r.p
	save := time.Since(r.lastSave) >= time.Second
	if save {
		r.lastSave = time.Now()
	}
	r.mu.Unlock()
	ctx := context.Background()
	_ = publish(ctx, r.s.b.JS, Event{Render: r.id, Type: "progress", Status: Rendering, Progress: p})
	if save {
		_, _ = r.s.st.update(ctx, r.id, func(rec *record) error {
			if rec.Render.Status != Rendering || p.Percent < rec.Render.Progress.Percent {
				return errSkip
			}
			rec.Render.Progress = p
			return nil
		})
	}
}

func (r *reporter) progress() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.p
}

// stop ends the reporter after a last flush.
func (r *reporter) stop() {
	r.once.Do(func() {
		close(r.done)
		r.wg.Wait()
		r.flush()
	})
}

// heartbeat keeps this process's workers counted as alive.
func (s *Service) heartbeat() {
	defer s.tasks.Done()
	key := keyRe.ReplaceAllString(s.cfg.WorkerName, "_")
	val := []byte(fmt.Sprint(s.cfg.Workers))
	slots := []byte(fmt.Sprint(s.cfg.JobSlots))
	purge := func() {
		_ = s.b.Workers.Purge(context.Background(), key)
		_ = s.b.Workers.Purge(context.Background(), dist.SlotsPrefix+key)
	}
	for {
		select {
		case <-s.bg.Done():
			purge()
			return
		case <-s.fetch.Done():
			purge()
			return
		case <-time.After(5 * time.Second):
		}
		s.beat(key, val, slots)
	}
}

// beat puts this process's heartbeat keys: its render workers, its job
// slots.
func (s *Service) beat(key string, workers, slots []byte) {
	if s.cfg.Workers > 0 {
		_, _ = s.b.Workers.Put(context.Background(), key, workers)
	}
	if s.cfg.JobSlots > 0 {
		_, _ = s.b.Workers.Put(context.Background(), dist.SlotsPrefix+key, slots)
	}
}

// keyRe finds what a key may not hold.
var keyRe = regexp.MustCompile(`[^-_=.A-Za-z0-9]`)

// remote is the dist.Remote of a render whose jobs may be spread over the
// workers: asked for (?distribute=true), or possibly long enough
// (Config.DistributeOver, decided once the film is planned) when another
// worker process is alive to share them. nil: the render runs here.
func (s *Service) remote(ctx context.Context, rec *record) (*dist.Remote, error) {
	if !rec.Job.Distribute && (s.cfg.DistributeOver <= 0 || s.processesAlive(ctx) < 2) {
		return nil, nil
	}
	if dist.SlotsAlive(ctx, s.b) == 0 {
		if !rec.Job.Distribute {
			return nil, nil // by length, but nobody to run the jobs
		}
		return nil, errors.New("no process has job slots to run a distributed render's jobs: start reel worker --nats URL --job-slots N (or reel serve with --job-slots above 0), or post without ?distribute=true")
	}
	return dist.New(s.b, dist.Options{Render: rec.Render.ID, Store: s.mediaStore(), Log: s.log.With("render", rec.Render.ID)})
}

// processesAlive counts the processes whose heartbeat is alive (render
// workers, job slots, or both).
func (s *Service) processesAlive(ctx context.Context) int {
	lister, err := s.b.Workers.ListKeys(ctx)
	if err != nil {
		return 0
	}
	procs := map[string]bool{}
	for k := range lister.Keys() {
		procs[strings.TrimPrefix(k, dist.SlotsPrefix)] = true
	}
	return len(procs)
}
