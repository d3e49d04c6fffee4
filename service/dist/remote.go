package dist

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/service/bus"
)

// ProgressPrefix starts the subject a worker reports a job's progress on
// (+ the work key): plain NATS, lost when nobody listens.
const ProgressPrefix = "reel.jobprogress."

// DefaultChunk is the chunk length of a distributed film's long scenes
// (pipeline.Request.ChunkSeconds): about two seconds of one core's work
// per chunk at 720p, the size of an average scene job of the bench film,
// so that no job keeps the others waiting at the end.
const DefaultChunk = 4 * time.Second

// SlotsPrefix starts the heartbeat key (in the workers' bucket) of a
// process whose job slots run distributed jobs; its value is how many.
const SlotsPrefix = "slots."

// SlotsAlive counts the job slots whose process's heartbeat is alive: 0
// means a distributed render would wait for ever.
func SlotsAlive(ctx context.Context, b *bus.Bus) int {
	lister, err := b.Workers.ListKeys(ctx)
	if err != nil {
		return 0
	}
	n := 0
	for k := range lister.Keys() {
		if !strings.HasPrefix(k, SlotsPrefix) {
			continue
		}
		if e, err := b.Workers.Get(ctx, k); err == nil {
			v, _ := strconv.Atoi(string(e.Value()))
			n += max(v, 1)
		}
	}
	return n
}

// maxAttempts is how many times a coordinator asks for one command whose
// objects turned out damaged before it gives up.
const maxAttempts = 3

// Remote runs one render's jobs on the workers: it is the render's
// exec.Remote. Make it with New and Close it when the render is done.
type Remote struct {
	b      *bus.Bus
	store  Store
	render string
	log    *slog.Logger
	h      hasher
	here   atomic.Bool

	putting sync.Map // object name → *sync.Mutex
	stored  sync.Map // object name → true: stored (or found) in this render

	speculateAfter time.Duration

	mu   sync.Mutex
	seqs map[uint64]string // the stream sequence of each message sent → its work key
	// wall and cost sum the jobs finished by the workers for this render:
	// their ratio is the seconds a unit of plan.Job.Cost takes.
	wall, cost float64
	// Speculated counts the jobs sent a second time (late).
	speculated int
	sub        *nats.Subscription
}

// Options configure a Remote.
type Options struct {
	Render string // the render's id, for the workers' logs
	Store  Store  // nil: the bus's object store
	// SpeculateAfter is the least time a job is out before a second copy
	// may be sent (default 10 s): see Remote.late.
	SpeculateAfter time.Duration
	Log            *slog.Logger
}

// New makes the Remote of one render on b.
func New(b *bus.Bus, o Options) (*Remote, error) {
	if o.Store == nil {
		o.Store = NATSStore(b.Media)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.SpeculateAfter <= 0 {
		o.SpeculateAfter = 10 * time.Second
	}
	r := &Remote{b: b, store: o.Store, render: o.Render, log: o.Log, seqs: map[uint64]string{}, speculateAfter: o.SpeculateAfter}
	sub, err := b.NC.Subscribe(bus.JobMaxDeliveriesSubject(), r.givenUp)
	if err != nil {
		return nil, fmt.Errorf("subscribing to the jobs' advisories: %w", err)
	}
	r.sub = sub
	return r, nil
}

// Close stops listening for the render's jobs.
func (r *Remote) Close() {
	if r.sub != nil {
		_ = r.sub.Unsubscribe()
	}
}

// Traffic is what this render moved through the object store.
func (r *Remote) Traffic() Traffic { return r.store.Traffic() }

// RunHere says, before the render runs, that its jobs should run on this
// machine after all (a film too short to be worth spreading): the engine
// then does not use the Remote (see pipeline.Request.Remote).
func (r *Remote) RunHere(on bool) { r.here.Store(on) }

// Here says whether RunHere asked for the render to run here.
func (r *Remote) Here() bool { return r.here.Load() }

// RemoteError is a job that failed on a worker.
type RemoteError struct {
	Worker string
	Msg    string
}

func (e *RemoteError) Error() string {
	if e.Worker == "" {
		return e.Msg
	}
	return "on worker " + e.Worker + ": " + e.Msg
}

// Run sends w to the workers and waits for its outputs, which it fetches
// (checked against their names) to w's output paths. A result any render
// left under the same work key is used without running anything.
func (r *Remote) Run(ctx context.Context, w exec.Work) (exec.Ran, error) {
	m, err := r.message(ctx, w)
	if err != nil {
		return exec.Ran{}, err
	}
	for attempt := 1; ; attempt++ {
		res, reused, err := r.dispatch(ctx, m, w, attempt)
		if err != nil {
			return exec.Ran{}, err
		}
		if res.Error != "" {
			if len(res.Damaged) > 0 && attempt < maxAttempts {
				r.log.Warn("a worker found inputs damaged in the store: storing them again", "job", w.Job.ID, "objects", res.Damaged)
				if err := r.restore(ctx, m, w, res.Damaged); err != nil {
					return exec.Ran{}, err
				}
				continue
			}
			return exec.Ran{Worker: res.Worker}, &RemoteError{Worker: res.Worker, Msg: res.Error}
		}
		err = r.fetch(ctx, res, w)
		var dmg *DamagedError
		if errors.As(err, &dmg) && attempt < maxAttempts {
			// The work is done again: its result names an object that is
			// not what it promises.
			r.log.Warn("an output came back damaged: the job runs again", "job", w.Job.ID, "object", dmg.Object)
			_ = r.store.Delete(ctx, dmg.Object)
			_ = r.b.Results.Delete(ctx, okKey(m.ID))
			continue
		}
		if err != nil {
			return exec.Ran{}, err
		}
		if !reused && w.Job.Cost > 0 && res.WallNS > 0 {
			r.mu.Lock()
			r.wall += time.Duration(res.WallNS).Seconds()
			r.cost += w.Job.Cost
			r.mu.Unlock()
		}
		return exec.Ran{Worker: res.Worker, Reused: reused, Result: ffmpeg.Result{
			Wall: time.Duration(res.WallNS), UserCPU: time.Duration(res.CPUNS), MaxRSSKB: res.MaxRSSKB}}, nil
	}
}

// message makes w's message, its inputs stored by content.
func (r *Remote) message(ctx context.Context, w exec.Work) (*Message, error) {
	j := *w.Job
	m := &Message{Render: r.render, Wrote: w.Wrote}
	for _, in := range w.Env.Inputs {
		if object, size, ok := exec.ReadStub(in); ok {
			// Held by the workers: nothing to send, if still there.
			if !r.Holds(ctx, object) {
				return nil, &exec.LostInput{Path: in, Err: fmt.Errorf("object %s is not in the store", object)}
			}
			m.Inputs = append(m.Inputs, Ref{Object: object, Name: filepath.Base(in), Size: size})
			continue
		}
		sum, err := r.h.sum(in)
		if err != nil {
			return nil, fmt.Errorf("job %s: input %s: %w", j.ID, in, err)
		}
		fi, err := os.Stat(in)
		if err != nil {
			return nil, err
		}
		ref := Ref{Object: ObjectName(sum), Name: filepath.Base(in), Size: fi.Size()}
		if err := r.put(ctx, ref.Object, in); err != nil {
			return nil, fmt.Errorf("job %s: %w", j.ID, err)
		}
		m.Inputs = append(m.Inputs, ref)
	}
	for _, o := range w.Env.Outputs {
		m.Outputs = append(m.Outputs, filepath.Base(o))
	}
	j.Files = append([]plan.File(nil), j.Files...)
	for i, f := range j.Files {
		name := ""
		if !isOutRef(f.Path) {
			name = filepath.Base(f.Path)
			j.Files[i].Path = name
		}
		m.Files = append(m.Files, name)
	}
	j.Args = w.Args
	j.Inputs, j.Outputs = refNames(m.Inputs), m.Outputs
	j.Parts, j.Groups, j.Deps, j.Key, j.FilmRef = nil, nil, nil, "", ""
	m.Job = j
	m.ID = workKey(m)
	return m, nil
}

// put stores the file at path as object name once per render (jobs
// started together often read one source).
func (r *Remote) put(ctx context.Context, name, path string) error {
	mu, _ := r.putting.LoadOrStore(name, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if _, done := r.stored.Load(name); done {
		return nil
	}
	if err := r.store.Put(ctx, name, path, false); err != nil {
		return err
	}
	r.stored.Store(name, true)
	return nil
}

// dispatch asks for m once (or finds its result) and waits for the result.
func (r *Remote) dispatch(ctx context.Context, m *Message, w exec.Work, attempt int) (res *Result, reused bool, err error) {
	kv := r.b.Results
	if e, err := kv.Get(ctx, okKey(m.ID)); err == nil {
		var res Result
		if json.Unmarshal(e.Value(), &res) == nil {
			return &res, true, nil
		}
	}
	_ = kv.Delete(ctx, failedKey(m.ID))
	_ = kv.Delete(ctx, cancelledKey(m.ID))
	watch, err := kv.Watch(ctx, "*."+m.ID)
	if err != nil {
		return nil, false, fmt.Errorf("watching job %s: %w", w.Job.ID, err)
	}
	defer func() { _ = watch.Stop() }()
	if w.OnProgress != nil {
		sub, err := r.b.NC.Subscribe(ProgressPrefix+m.ID, func(msg *nats.Msg) {
			var pr ffmpeg.Progress
			if json.Unmarshal(msg.Data, &pr) == nil {
				w.OnProgress(pr)
			}
		})
		if err == nil {
			defer func() { _ = sub.Unsubscribe() }()
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		return nil, false, err
	}
	ack, err := r.b.JS.Publish(ctx, bus.JobsSubject, data,
		jetstream.WithMsgID(m.ID+"."+r.render+"."+strconv.Itoa(attempt)))
	if err != nil {
		if ctx.Err() != nil {
			// The message may be in the stream all the same: whoever
			// takes it must drop it.
			return nil, false, r.cancel(ctx, m.ID)
		}
		return nil, false, fmt.Errorf("queueing job %s: %w", w.Job.ID, err)
	}
	r.mu.Lock()
	r.seqs[ack.Sequence] = m.ID
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.seqs, ack.Sequence)
		r.mu.Unlock()
	}()
	sent := time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	copies := 1
	for {
		select {
		case <-tick.C:
			if copies == 1 && r.late(ctx, w, time.Since(sent)) {
				// Near the end, a slow worker's job runs a second time
				// elsewhere: the first result wins (the same bytes).
				if _, err := r.b.JS.Publish(ctx, bus.JobsSubject, data,
					jetstream.WithMsgID(m.ID+"."+r.render+"."+strconv.Itoa(attempt)+".again")); err == nil {
					copies++
					r.mu.Lock()
					r.speculated++
					r.mu.Unlock()
					r.log.Info("a slow job is sent to a second worker", "job", w.Job.ID, "out_for", time.Since(sent).Round(time.Second))
				}
			}
		case <-ctx.Done():
			return nil, false, r.cancel(ctx, m.ID)
		case e, ok := <-watch.Updates():
			if !ok {
				if ctx.Err() != nil {
					// The watch ends with the render's context: a cancel.
					return nil, false, r.cancel(ctx, m.ID)
				}
				return nil, false, fmt.Errorf("job %s: the results' watch closed", w.Job.ID)
			}
			if e == nil || e.Operation() != jetstream.KeyValuePut {
				continue
			}
			switch {
			case strings.HasPrefix(e.Key(), "ok."), strings.HasPrefix(e.Key(), "failed."):
				var res Result
				if err := json.Unmarshal(e.Value(), &res); err != nil {
					return nil, false, fmt.Errorf("job %s: a result that cannot be read: %w", w.Job.ID, err)
				}
				if strings.HasPrefix(e.Key(), "failed.") && res.Error == "" {
					res.Error = "failed"
				}
				if copies > 1 {
					// The other copy stops.
					_, _ = kv.Put(ctx, cancelledKey(m.ID), []byte(r.render))
				}
				return &res, false, nil
			case strings.HasPrefix(e.Key(), "cancelled.") && string(e.Value()) != r.render:
				// Another render wanting the same work was cancelled:
				// this one still wants it.
				return r.dispatch(ctx, m, w, attempt+maxAttempts)
			}
		}
	}
}

// cancel tells the workers that the render no longer wants work id:
// every worker running it stops, and none starts it. It returns ctx's
// error.
func (r *Remote) cancel(ctx context.Context, id string) error {
	cctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	_, _ = r.b.Results.Put(cctx, cancelledKey(id), []byte(r.render))
	return ctx.Err()
}

// late says whether a job out for so long should run a second time: it
// has been out at least SpeculateAfter and three times as long as the
// render's finished jobs say its cost takes, and no job waits in the queue
// (the render is near its end: a worker is free, or soon will be).
func (r *Remote) late(ctx context.Context, w exec.Work, out time.Duration) bool {
	r.mu.Lock()
	wall, cost := r.wall, r.cost
	r.mu.Unlock()
	if out < r.speculateAfter || cost <= 0 || w.Job.Cost <= 0 {
		return false
	}
	expected := time.Duration(w.Job.Cost * wall / cost * float64(time.Second))
	if out < 3*expected {
		return false
	}
	info, err := r.b.JobConsumer.Info(ctx)
	return err == nil && info.NumPending == 0
}

// Speculated is how many jobs were sent a second time because they were
// late.
func (r *Remote) Speculated() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.speculated
}

// fetch brings the outputs of res that w's command writes to their paths.
func (r *Remote) fetch(ctx context.Context, res *Result, w exec.Work) error {
	for k, dst := range w.Env.Outputs {
		if w.Wrote != nil && !slices.Contains(w.Wrote, k) {
			continue
		}
		if k >= len(res.Outputs) || res.Outputs[k].Object == "" {
			return fmt.Errorf("job %s: the worker's result has no output %d", w.Job.ID, k)
		}
		ref := res.Outputs[k]
		if slices.Contains(w.Held, k) {
			// No job here reads it: it stays in the store, a stub here;
			// a result whose object has gone is done again.
			if !r.Holds(ctx, ref.Object) {
				return &DamagedError{Object: ref.Object, Err: errors.New("it is no longer in the store")}
			}
			if err := exec.WriteStub(dst, ref.Object, ref.Size); err != nil {
				return err
			}
			continue
		}
		if err := r.store.Get(ctx, ref.Object, dst); err != nil {
			return fmt.Errorf("job %s: output %s: %w", w.Job.ID, filepath.Base(dst), err)
		}
		r.h.know(dst, sumOf(ref.Object))
	}
	return nil
}

// Holds says whether the store has object (a stub's).
func (r *Remote) Holds(ctx context.Context, object string) bool {
	ok, err := r.store.Has(ctx, object)
	return ok && err == nil
}

// restore stores again the inputs of m a worker found damaged (and
// deleted). One held only in the store (a stub here) is lost: the
// executor has its part done again.
func (r *Remote) restore(ctx context.Context, m *Message, w exec.Work, damaged []string) error {
	for i, in := range m.Inputs {
		if !slices.Contains(damaged, in.Object) {
			continue
		}
		path := w.Env.Inputs[i]
		if _, _, stub := exec.ReadStub(path); stub {
			return &exec.LostInput{Path: path, Err: fmt.Errorf("object %s is damaged in the store", in.Object)}
		}
		if err := r.store.Put(ctx, in.Object, path, true); err != nil {
			return err
		}
	}
	return nil
}

// givenUp fails the job of a message JetStream gave up on after its last
// delivery (every worker that took it died or went silent).
func (r *Remote) givenUp(msg *nats.Msg) {
	var adv struct {
		Seq        uint64 `json:"stream_seq"`
		Deliveries uint64 `json:"deliveries"`
	}
	if json.Unmarshal(msg.Data, &adv) != nil {
		return
	}
	r.mu.Lock()
	id, ok := r.seqs[adv.Seq]
	r.mu.Unlock()
	if !ok {
		return
	}
	res := Result{ID: id, Error: fmt.Sprintf("no worker finished the job in %d deliveries (each died or went silent for the ack wait)", adv.Deliveries)}
	b, _ := json.Marshal(res)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := r.b.Results.Get(ctx, okKey(id)); err == nil {
		return
	}
	_, _ = r.b.Results.Put(ctx, failedKey(id), b)
}

func refNames(refs []Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Name
	}
	return out
}

// isOutRef says whether a written file's path is one of the job's outputs
// ({{outN}}).
func isOutRef(p string) bool {
	return strings.HasPrefix(p, "{{out") && strings.HasSuffix(p, "}}")
}
