package dist

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/service/bus"
)

// WorkerOptions configure a worker's jobs.
type WorkerOptions struct {
	Name string // recorded with every job it runs
	// Dir holds the objects this worker has (by name, each checked when
	// it came) and the jobs' directories.
	Dir     string
	FFmpeg  string
	Slots   int   // jobs at once (default 1)
	Threads int   // ffmpeg threads per job (default: the cores over the slots)
	Store   Store // nil: the bus's object store
	Log     *slog.Logger
	// OnJob, when set, is told of each job as it starts and ends (tests).
	OnJob func(id string, started bool)
}

// Work runs job messages from b's work queue until ctx is done; a job
// running then is put back on the queue for another worker.
func Work(ctx context.Context, b *bus.Bus, o WorkerOptions) error {
	if o.Store == nil {
		o.Store = NATSStore(b.Media)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	o.Slots = max(o.Slots, 1)
	if o.Threads <= 0 {
		o.Threads = max(1, runtime.NumCPU()/o.Slots)
	}
	if o.FFmpeg == "" {
		o.FFmpeg = "ffmpeg"
	}
	w := &worker{b: b, o: o, objects: filepath.Join(o.Dir, "objects"), jobs: filepath.Join(o.Dir, "jobs")}
	for _, d := range []string{w.objects, w.jobs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	for range o.Slots {
		wg.Go(func() { w.loop(ctx) })
	}
	wg.Wait()
	return nil
}

type worker struct {
	b             *bus.Bus
	o             WorkerOptions
	objects, jobs string
	fetching      sync.Map // object name → *sync.Mutex: one fetch of an object at a time
}

// loop takes one job at a time until ctx is done.
func (w *worker) loop(ctx context.Context) {
	for ctx.Err() == nil {
		batch, err := w.b.JobConsumer.Fetch(1, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			w.o.Log.Warn("fetching jobs", "worker", w.o.Name, "error", err)
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
			continue
		}
		for msg := range batch.Messages() {
			if ctx.Err() != nil {
				_ = msg.Nak()
				continue
			}
			w.handle(ctx, msg)
		}
	}
}

// handle runs one message's command and settles the message: ack when a
// result is kept (or the work is done or cancelled), nak when it should be
// tried again (on this or another worker).
func (w *worker) handle(ctx context.Context, msg jetstream.Msg) {
	var m Message
	if err := json.Unmarshal(msg.Data(), &m); err != nil || m.ID == "" || m.ID != workKey(&m) || !validRefs(m.Inputs) {
		w.o.Log.Error("a job message that cannot be read: dropped", "worker", w.o.Name, "error", err)
		_ = msg.Term()
		return
	}
	kv := w.b.Results
	for _, k := range []string{okKey(m.ID), cancelledKey(m.ID)} {
		if _, err := kv.Get(ctx, k); err == nil {
			_ = msg.Ack() // done elsewhere, or no longer wanted
			return
		}
	}
	attempt := 1
	if meta, err := msg.Metadata(); err == nil {
		attempt = int(meta.NumDelivered)
	}
	log := w.o.Log.With("worker", w.o.Name, "job", m.Job.ID, "render", m.Render, "attempt", attempt)
	if w.o.OnJob != nil {
		w.o.OnJob(m.Job.ID, true)
		defer w.o.OnJob(m.Job.ID, false)
	}
	jobCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go w.watchCancel(jobCtx, m.ID, cancel)
	go w.keepAlive(jobCtx, msg)

	res, err := w.run(jobCtx, &m, log)
	res.ID, res.Worker, res.Attempt = m.ID, w.o.Name, attempt
	bg, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	switch {
	case ctx.Err() != nil: // this worker stops: another takes it
		_ = msg.Nak()
	case jobCtx.Err() != nil: // the render was cancelled
		log.Info("job cancelled")
		_ = msg.Ack()
	case len(res.Damaged) > 0:
		log.Warn("inputs damaged in the store", "objects", res.Damaged)
		w.put(bg, failedKey(m.ID), res, false)
		_ = msg.Ack()
	case err != nil && attempt < w.b.MaxDeliver:
		log.Warn("job failed: it will be tried again", "error", err)
		_ = msg.NakWithDelay(time.Second)
	case err != nil:
		log.Error("job failed on its last delivery", "error", err)
		res.Error = jobMessage(err)
		w.put(bg, failedKey(m.ID), res, false)
		_ = msg.Term()
	default:
		w.put(bg, okKey(m.ID), res, true)
		_ = msg.Ack()
	}
}

// run runs m's command in a directory of its own and stores its outputs.
func (w *worker) run(ctx context.Context, m *Message, log *slog.Logger) (Result, error) {
	dir, err := os.MkdirTemp(w.jobs, "job-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	job := m.Job
	env := plan.Env{Threads: w.o.Threads}
	var damaged []string
	for n, in := range m.Inputs {
		obj, err := w.object(ctx, in.Object)
		var dmg *DamagedError
		if errors.As(err, &dmg) || errors.Is(err, jetstream.ErrObjectNotFound) {
			damaged = append(damaged, in.Object)
			continue
		}
		if err != nil {
			return Result{}, err
		}
		p := inPath(dir, n, in.Name)
		if err := linkOrCopy(obj, p); err != nil {
			return Result{}, err
		}
		env.Inputs = append(env.Inputs, p)
	}
	if len(damaged) > 0 {
		return Result{Damaged: damaged, Error: "inputs damaged in the object store: " + strings.Join(damaged, ", ")}, nil
	}
	for n, name := range m.Outputs {
		p := outPath(dir, n, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return Result{}, err
		}
		env.Outputs = append(env.Outputs, p)
	}
	job.Files = append([]plan.File(nil), job.Files...)
	for n := range job.Files {
		if n < len(m.Files) && m.Files[n] != "" {
			p := filePath(dir, n, m.Files[n])
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return Result{}, err
			}
			job.Files[n].Path = p
		}
		env.Files = append(env.Files, job.Files[n].Path)
	}
	job.Inputs, job.Outputs = env.Inputs, env.Outputs
	tmp := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return Result{}, err
	}
	log.Info("job started")
	ran, err := exec.RunWork(ctx, exec.Work{Job: &job, Args: job.Args, Env: env, Wrote: m.Wrote, OnProgress: w.progress(m.ID)},
		exec.Options{FFmpeg: w.o.FFmpeg, Jobs: 1, Cores: w.o.Threads}, tmp)
	res := Result{WallNS: int64(ran.Result.Wall), CPUNS: int64(ran.Result.UserCPU + ran.Result.SysCPU), MaxRSSKB: ran.Result.MaxRSSKB}
	if err != nil {
		return res, err
	}
	res.Outputs = make([]Ref, len(env.Outputs))
	for k, p := range env.Outputs {
		if m.Wrote != nil && !slices.Contains(m.Wrote, k) {
			continue
		}
		ref, err := w.keep(ctx, p, m.Outputs[k])
		if err != nil {
			return res, err
		}
		res.Outputs[k] = ref
	}
	log.Info("job done", "wall", ran.Result.Wall)
	return res, nil
}

// object is the local path of object name, fetched (and checked) when this
// worker does not have it yet. A damaged object is deleted from the store.
func (w *worker) object(ctx context.Context, name string) (string, error) {
	p := filepath.Join(w.objects, safeName(name))
	mu, _ := w.fetching.LoadOrStore(name, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	err := w.o.Store.Get(ctx, name, p)
	var dmg *DamagedError
	if errors.As(err, &dmg) {
		_ = w.o.Store.Delete(ctx, name)
	}
	return p, err
}

// keep stores output p by its content and keeps it among this worker's
// objects (a later job reading it fetches nothing).
func (w *worker) keep(ctx context.Context, p, name string) (Ref, error) {
	var h hasher
	sum, err := h.sum(p)
	if err != nil {
		return Ref{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Ref{}, err
	}
	ref := Ref{Object: ObjectName(sum), Name: name, Size: fi.Size()}
	if err := w.o.Store.Put(ctx, ref.Object, p, false); err != nil {
		return Ref{}, err
	}
	local := filepath.Join(w.objects, safeName(ref.Object))
	if _, err := os.Stat(local); err != nil {
		_ = os.Rename(p, local)
	}
	return ref, nil
}

// put keeps res under key: created (the first result wins) or put.
func (w *worker) put(ctx context.Context, key string, res Result, create bool) {
	b, _ := json.Marshal(res)
	var err error
	if create {
		_, err = w.b.Results.Create(ctx, key, b)
		if errors.Is(err, jetstream.ErrKeyExists) {
			err = nil // another worker finished it first: the same bytes by its key
		}
	} else {
		_, err = w.b.Results.Put(ctx, key, b)
	}
	if err != nil {
		w.o.Log.Error("keeping a job's result", "worker", w.o.Name, "key", key, "error", err)
	}
}

// watchCancel cancels the job when its render is cancelled.
func (w *worker) watchCancel(ctx context.Context, id string, cancel context.CancelFunc) {
	watch, err := w.b.Results.Watch(ctx, cancelledKey(id))
	if err != nil {
		return
	}
	defer func() { _ = watch.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-watch.Updates():
			if !ok {
				return
			}
			if e != nil && e.Operation() == jetstream.KeyValuePut {
				cancel()
				return
			}
		}
	}
}

// keepAlive tells JetStream the job is in progress, so that a job longer
// than the ack wait is not given to another worker while this one lives.
func (w *worker) keepAlive(ctx context.Context, msg jetstream.Msg) {
	t := time.NewTicker(max(w.b.AckWait/3, 100*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = msg.InProgress()
		}
	}
}

// progress publishes a job's progress, at most every quarter second.
func (w *worker) progress(id string) func(ffmpeg.Progress) {
	var last time.Time
	return func(pr ffmpeg.Progress) {
		if time.Since(last) < 250*time.Millisecond && !pr.Done {
			return
		}
		last = time.Now()
		b, _ := json.Marshal(pr)
		_ = w.b.NC.Publish(ProgressPrefix+id, b)
	}
}

// jobMessage is a failed command's error without the job's name, which
// the coordinator's error gives.
func jobMessage(err error) string {
	s := err.Error()
	if i := strings.Index(s, " failed: "); strings.HasPrefix(s, "job ") && i > 0 {
		return s[i+len(" failed: "):]
	}
	return s
}

// linkOrCopy puts the file src at dst: a hard link, or a copy.
func linkOrCopy(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if os.Link(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copying %s: %w", src, err)
	}
	return out.Close()
}

// validRefs says whether every input names an object.
func validRefs(refs []Ref) bool {
	for _, r := range refs {
		if !ValidObject(r.Object) {
			return false
		}
	}
	return true
}
