package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/service/bus"
	"github.com/reel-film/reel/service/dist"
	"github.com/reel-film/reel/service/schedule"
)

// Notifier posts a webhook (package service/webhook's Sender is one).
type Notifier interface {
	Send(ctx context.Context, url, event string, payload any) error
}

// Config is what a Service is made of.
type Config struct {
	Bus       *bus.Bus
	Engine    *pipeline.Engine // its cache should be Data/cache
	Data      string           // the data directory (renders/, uploads/, work/)
	MediaRoot string           // where posted projects' relative paths resolve
	// Serve makes this process a server: it takes submissions, sends
	// webhooks, records dead letters, sweeps old renders and runs the
	// schedules. A worker-only process (reel worker) leaves it false.
	Serve bool
	// Workers is the number of renders this process runs at once (0:
	// none); WorkerName names them (default the host name and pid).
	Workers    int
	WorkerName string
	Jobs       int // ffmpeg jobs per render (default: the engine's)
	// AllowCommands lets projects use command generators.
	AllowCommands bool
	Webhooks      Notifier // nil: webhooks are not sent
	// CheckWebhook refuses a webhook URL early (e.g. netguard.CheckURL
	// for a private address); nil checks only the scheme and host.
	CheckWebhook func(url string) error
	Schedules    []schedule.Spec // checked with schedule.Validate
	// JobSlots is how many jobs of distributed renders (this server's or
	// another's) this process runs at once (0: none).
	JobSlots int
	// SharedDir, when set, is a directory every machine mounts that
	// holds the distributed renders' media instead of the object store.
	SharedDir string
	// DistributeOver spreads a film at least this long over the workers
	// without ?distribute=true (0: only when asked).
	DistributeOver time.Duration
	// SweepEvery is how often old renders are removed (default 1 h).
	SweepEvery time.Duration
	Log        *slog.Logger
}

// Service is the render service: a Backend over NATS JetStream, and this
// process's workers.
type Service struct {
	cfg   Config
	b     *bus.Bus
	st    store
	eng   *pipeline.Engine
	log   *slog.Logger
	media string // the media root, absolute with links followed
	data  string // the data directory, absolute

	draining atomic.Bool
	// fetch ends when workers must stop taking work; hard when running
	// renders must stop (they go back to the queue).
	fetch, hard         context.Context
	stopFetch, stopHard context.CancelFunc
	bg                  context.Context // background tasks (webhooks, sweep, schedules)
	stopBG              context.CancelFunc
	workers, tasks      sync.WaitGroup
	running             atomic.Int64
	advisory            *nats.Subscription
	warm                sync.Mutex  // held by the plans before the first success
	warmed              atomic.Bool // a plan has succeeded
}

var _ Backend = (*Service)(nil)

// New starts a service on cfg.Bus: its workers, and when cfg.Serve its
// background tasks.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Bus == nil || cfg.Engine == nil {
		return nil, errors.New("service: a bus and an engine are needed")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.WorkerName == "" {
		host, _ := os.Hostname()
		cfg.WorkerName = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if cfg.SweepEvery <= 0 {
		cfg.SweepEvery = time.Hour
	}
	for _, sp := range cfg.Schedules {
		if err := schedule.Validate(sp); err != nil {
			return nil, fmt.Errorf("schedule %s: %w", sp.Name, err)
		}
	}
	s := &Service{cfg: cfg, b: cfg.Bus, st: store{cfg.Bus.Renders}, eng: cfg.Engine, log: cfg.Log}
	var err error
	if s.data, err = filepath.Abs(cfg.Data); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	for _, d := range []string{"renders", "uploads", "work", "cache"} {
		if err := os.MkdirAll(filepath.Join(s.data, d), 0o755); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
	}
	if cfg.MediaRoot != "" {
		if s.media, err = filepath.Abs(cfg.MediaRoot); err != nil {
			return nil, fmt.Errorf("media root: %w", err)
		}
		if real, err := filepath.EvalSymlinks(s.media); err == nil {
			s.media = real
		} else {
			return nil, fmt.Errorf("media root %s: %w", cfg.MediaRoot, err)
		}
	}
	s.fetch, s.stopFetch = context.WithCancel(context.Background())
	s.hard, s.stopHard = context.WithCancel(context.Background())
	s.bg, s.stopBG = context.WithCancel(context.Background())
	if cfg.Serve {
		if err := s.startServing(); err != nil {
			s.Close()
			return nil, err
		}
	}
	for i := range cfg.Workers {
		s.workers.Add(1)
		go s.work(fmt.Sprintf("%s/%d", cfg.WorkerName, i+1))
	}
	if cfg.JobSlots > 0 {
		s.workers.Add(1)
		go func() {
			defer s.workers.Done()
			_ = dist.Work(s.fetch, s.b, dist.WorkerOptions{Name: cfg.WorkerName, Dir: filepath.Join(s.data, "jobs"),
				FFmpeg: s.eng.Tools().FFmpeg, Slots: cfg.JobSlots, Store: s.mediaStore(), Log: s.log})
		}()
	}
	if cfg.Workers > 0 || cfg.JobSlots > 0 {
		// The first heartbeat is in place when New returns: a render
		// submitted next sees this process.
		s.beat(keyRe.ReplaceAllString(cfg.WorkerName, "_"), []byte(fmt.Sprint(cfg.Workers)), []byte(fmt.Sprint(cfg.JobSlots)))
		s.tasks.Add(1)
		go s.heartbeat()
	}
	return s, nil
}

// Drain stops taking work: submissions are refused, workers fetch no new
// render, and running renders finish; when ctx ends first, they are
// stopped and go back to the queue. Drain returns when no render runs.
func (s *Service) Drain(ctx context.Context) {
	s.draining.Store(true)
	s.stopFetch()
	done := make(chan struct{})
	go func() { s.workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.stopHard()
		<-done
	}
}

// Close stops everything (running renders go back to the queue); it does
// not close the bus.
func (s *Service) Close() {
	s.draining.Store(true)
	s.stopFetch()
	s.stopHard()
	s.workers.Wait()
	s.stopBG()
	if s.advisory != nil {
		_ = s.advisory.Unsubscribe()
	}
	s.tasks.Wait()
}

// Ready says whether the service takes renders.
func (s *Service) Ready(ctx context.Context) error {
	if s.draining.Load() {
		return ErrDraining
	}
	if !s.b.NC.IsConnected() {
		return errors.New("NATS is not reachable")
	}
	return nil
}

// Submit checks the submission with the engine and queues it.
func (s *Service) Submit(ctx context.Context, sub Submission) (*Render, bool, error) {
	if s.draining.Load() {
		return nil, false, ErrDraining
	}
	var lockKey string
	if sub.IdempotencyKey != "" {
		lockKey = "idem." + hashKey(sub.IdempotencyKey)
		if e, err := s.b.Locks.Get(ctx, lockKey); err == nil {
			r, err := s.Get(ctx, string(e.Value()))
			if err == nil {
				return r, true, nil
			}
		}
	}
	id := NewID()
	j, tmpl, warnings, err := s.prepare(ctx, sub, id)
	if err != nil {
		return nil, false, err
	}
	if lockKey != "" {
		if r, err := s.claimKey(ctx, lockKey, id); r != nil || err != nil {
			return r, r != nil, err
		}
	}
	// From here on the render is stored and queued whole, even if the
	// client goes away.
	ctx = context.WithoutCancel(ctx)
	now := time.Now().UTC()
	r := Render{ID: id, Status: Queued, Project: j.Name, Template: tmpl, Outputs: []Output{}, Created: now, Webhook: webhookHost(sub.Webhook), Warnings: warnings}
	rec := &record{Render: r, Job: *j}
	if err := s.st.create(ctx, rec); err != nil {
		return nil, false, err
	}
	_ = publish(ctx, s.b.JS, statusEvent(&r, "queued"))
	if _, err := s.b.JS.Publish(ctx, bus.WorkSubject, []byte(id), jetstream.WithMsgID(id)); err != nil {
		qerr := fmt.Errorf("queueing render %s: %w", id, err)
		if fr, uerr := s.st.update(context.Background(), id, func(r *record) error {
			r.Render.Status, r.Render.Error, r.Render.Finished = Failed, errorOf(qerr), time.Now().UTC()
			return nil
		}); uerr == nil {
			_ = publish(context.Background(), s.b.JS, statusEvent(&fr.Render, qerr.Error()))
		}
		return nil, false, qerr
	}
	return &r, false, nil
}

// claimKey takes the idempotency key for render id. When an earlier
// submission holds it, that render is returned; a key left by a
// submission that never stored its render is taken over.
func (s *Service) claimKey(ctx context.Context, key, id string) (*Render, error) {
	for range 200 {
		if _, err := s.b.Locks.Create(ctx, key, []byte(id)); err == nil {
			return nil, nil
		} else if !errors.Is(err, jetstream.ErrKeyExists) {
			return nil, fmt.Errorf("idempotency key: %w", err)
		}
		e, err := s.b.Locks.Get(ctx, key)
		if err != nil {
			continue // expired or deleted meanwhile: try again
		}
		r, err := s.Get(ctx, string(e.Value()))
		if err == nil {
			return r, nil
		}
		// The holder is storing its render (wait for it), or died
		// before it could (a minute later, take the key over).
		if time.Since(e.Created()) > time.Minute {
			if _, err := s.b.Locks.Update(ctx, key, []byte(id), e.Revision()); err == nil {
				return nil, nil
			}
			continue
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
	return nil, errors.New("idempotency key: an earlier submission with this key is still being stored; try again")
}

// prepare turns a submission into the job to run, checked by the engine
// under the render's confinement.
func (s *Service) prepare(ctx context.Context, sub Submission, id string) (*job, string, []string, error) {
	j := &job{Project: sub.Project, Name: sub.Name, Uploads: sub.Uploads, Values: sub.Values, Rows: sub.Rows, Outputs: sub.Outputs, WebhookURL: sub.Webhook, Distribute: sub.Distribute}
	var tmpl string
	if sub.Template != "" {
		t, err := s.GetTemplate(ctx, sub.Template)
		if err != nil {
			return nil, "", nil, err
		}
		j.Project, tmpl = t.Project, t.ID
		if j.Name == "" {
			j.Name = t.Name
		}
	}
	if len(j.Project) == 0 {
		return nil, "", nil, fmt.Errorf("the submission has no project: %w", ErrInvalid)
	}
	if j.Name == "" {
		j.Name = "project.yaml"
	}
	j.Name = filepath.Base(j.Name)
	if sub.Webhook != "" {
		if err := s.checkWebhook(sub.Webhook); err != nil {
			return nil, "", nil, err
		}
	}
	for _, o := range sub.Outputs {
		clean := filepath.Clean(filepath.FromSlash(o))
		if o == "" || filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return nil, "", nil, fmt.Errorf("output %s: write a relative path inside the render's directory: %w", o, ErrForbidden)
		}
	}
	if sub.Uploads != "" {
		up, err := s.uploadsDir(sub.Uploads)
		if err != nil {
			return nil, "", nil, err
		}
		j.Uploads = up
	}
	j.Dir = s.media
	if j.Uploads != "" {
		j.Dir = j.Uploads
		if err := s.linkMedia(j.Uploads); err != nil {
			return nil, "", nil, err
		}
	}
	if j.Dir == "" {
		// No media root and no uploads: the project's paths resolve in an
		// empty directory, and it may read no file (config.Confine with
		// no roots refuses each one, 403); a project of cards renders.
		j.Dir = filepath.Join(s.data, "no-media")
		if err := os.MkdirAll(j.Dir, 0o755); err != nil {
			return nil, "", nil, fmt.Errorf("the server's empty media directory: %w", err)
		}
	}
	var warnings []string
	for _, req := range s.requests(j, id) {
		prep, err := s.plan(ctx, req)
		if err != nil {
			return nil, "", nil, projectError(err)
		}
		warnings = append(warnings, prep.Plan.Warnings...)
	}
	return j, tmpl, warnings, nil
}

// plan plans a request. Until a first plan has succeeded, plans run one
// at a time: the engine's first plan asks FFmpeg what it can do and
// probes into a cold cache, and fifty submissions at once would each do
// it.
func (s *Service) plan(ctx context.Context, req pipeline.Request) (*pipeline.Prepared, error) {
	if !s.warmed.Load() {
		s.warm.Lock()
		defer s.warm.Unlock()
	}
	prep, err := s.eng.Plan(ctx, req)
	if err == nil {
		s.warmed.Store(true)
	}
	return prep, err
}

// linkMedia makes the media root's entries visible in an uploads
// directory (symbolic links, for the names not uploaded), so that a
// project's relative paths resolve in its uploads first, then in the
// media root. The links lead into the media root: the confinement
// follows them and finds them inside.
func (s *Service) linkMedia(uploads string) error {
	if s.media == "" {
		return nil
	}
	entries, err := os.ReadDir(s.media)
	if err != nil {
		return fmt.Errorf("reading the media root: %w", err)
	}
	for _, e := range entries {
		link := filepath.Join(uploads, e.Name())
		if _, err := os.Lstat(link); err == nil {
			continue // uploaded: it comes first
		}
		if err := os.Symlink(filepath.Join(s.media, e.Name()), link); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("uploads: %w", err)
		}
	}
	return nil
}

// uploadsDir checks that dir is one NewUploads made.
func (s *Service) uploadsDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if filepath.Dir(abs) != filepath.Join(s.data, "uploads") || !validID(filepath.Base(abs)) {
		return "", fmt.Errorf("uploads %s: not an uploads directory of this server: %w", dir, ErrInvalid)
	}
	return abs, nil
}

// requests are the engine requests of a job: one, or one per row.
func (s *Service) requests(j *job, id string) []pipeline.Request {
	roots := []string{}
	if s.media != "" {
		roots = append(roots, s.media)
	}
	if j.Uploads != "" {
		roots = append(roots, j.Uploads)
	}
	outDir := filepath.Join(s.data, "renders", id)
	var outputs []string
	for _, o := range j.Outputs {
		outputs = append(outputs, filepath.Join(outDir, filepath.FromSlash(o)))
	}
	base := pipeline.Request{
		Data: j.Project, Dir: j.Dir, Name: j.Name, Values: j.Values, Outputs: outputs,
		Confine: &config.Confine{Roots: roots, OutputDir: outDir, Commands: s.cfg.AllowCommands},
		Jobs:    s.cfg.Jobs, WorkRoot: filepath.Join(s.data, "work"),
		// A film delivered before under the same content key is copied,
		// verified, not joined again: a render wholly from the cache
		// starts no ffmpeg.
		ReuseFilms: true,
	}
	if len(j.Rows) == 0 {
		return []pipeline.Request{base}
	}
	reqs := make([]pipeline.Request, len(j.Rows))
	for i, row := range j.Rows {
		r := base
		r.Values, r.Row, r.Outputs = row, rowLabel(i), nil
		reqs[i] = r
	}
	return reqs
}

func rowLabel(i int) string { return fmt.Sprintf("row %d", i+1) }

// projectError maps an engine's refusal to the service's errors: a
// breach of the confinement is ErrForbidden, a project's or request's
// problem ErrInvalid.
func projectError(err error) error {
	var re *pipeline.RequestError
	var ce config.Errors
	var one *config.Error
	switch {
	case config.Forbidden(err):
		return fmt.Errorf("%w: %w", ErrForbidden, err)
	case errors.As(err, &ce), errors.As(err, &one), errors.As(err, &re):
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return fmt.Errorf("checking the project: %w", err)
}

// terminal says whether a render's error will not change by trying again.
func terminal(err error) bool {
	var re *pipeline.RequestError
	var ce config.Errors
	var one *config.Error
	return errors.As(err, &ce) || errors.As(err, &one) || errors.As(err, &re)
}

// Get returns a render's record.
func (s *Service) Get(ctx context.Context, id string) (*Render, error) {
	r, _, err := s.st.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &r.Render, nil
}

// List pages through the renders, oldest first.
func (s *Service) List(ctx context.Context, q ListQuery) ([]*Render, string, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, 500)
	ids, err := s.st.ids(ctx)
	if err != nil && !errors.Is(err, jetstream.ErrNoKeysFound) {
		return nil, "", err
	}
	out := []*Render{}
	for i, id := range ids {
		if q.Cursor != "" && id <= q.Cursor {
			continue
		}
		r, _, err := s.st.get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		if q.Status != "" && r.Render.Status != q.Status {
			continue
		}
		out = append(out, &r.Render)
		if len(out) == q.Limit {
			if i < len(ids)-1 {
				return out, id, nil
			}
			break
		}
	}
	return out, "", nil
}

// Cancel marks a render cancelled; the worker running it watches its
// record and stops its jobs.
func (s *Service) Cancel(ctx context.Context, id string) (*Render, error) {
	r, err := s.st.update(ctx, id, func(r *record) error {
		if r.Render.Status.Final() {
			return fmt.Errorf("render %s is already %s: %w", id, r.Render.Status, ErrConflict)
		}
		r.Render.Status = Cancelled
		r.Render.Finished = time.Now().UTC()
		return nil
	})
	if err != nil {
		return nil, err
	}
	_ = publish(ctx, s.b.JS, statusEvent(&r.Render, "cancelled"))
	return &r.Render, nil
}

// Output opens a delivered file.
func (s *Service) Output(ctx context.Context, id, name string) (File, error) {
	r, _, err := s.st.get(ctx, id)
	if err != nil {
		return nil, err
	}
	found := false
	for _, o := range allOutputs(&r.Render) {
		if o.Name == name {
			found = true
		}
	}
	if !found || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return nil, fmt.Errorf("render %s has no output %q: %w", id, name, ErrNotFound)
	}
	f, err := os.Open(filepath.Join(s.data, "renders", id, filepath.FromSlash(name)))
	if err != nil {
		return nil, fmt.Errorf("output %s of render %s: %w", name, id, ErrNotFound)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("output %s of render %s: %w", name, id, err)
	}
	return &file{File: f, fi: fi}, nil
}

// allOutputs are a render's outputs and its variants'.
func allOutputs(r *Render) []Output {
	out := append([]Output{}, r.Outputs...)
	for _, v := range r.Variants {
		out = append(out, v.Outputs...)
	}
	return out
}

type file struct {
	*os.File
	fi os.FileInfo
}

func (f *file) Size() int64        { return f.fi.Size() }
func (f *file) ModTime() time.Time { return f.fi.ModTime() }

// Validate checks a submission as Submit does, without queueing it.
func (s *Service) Validate(ctx context.Context, sub Submission) (*Validation, error) {
	v := &Validation{Valid: true, Errors: []ValidationError{}, Warnings: []string{}}
	id := NewID()
	_, _, warnings, err := s.prepare(ctx, sub, id)
	if err == nil {
		v.Warnings = append(v.Warnings, warnings...)
		return v, nil
	}
	v.Valid = false
	var ce config.Errors
	var one *config.Error
	switch {
	case errors.As(err, &ce):
		for _, e := range ce {
			v.Errors = append(v.Errors, ValidationError{File: e.File, Line: e.Line, Path: e.Path, Message: e.Msg})
		}
	case errors.As(err, &one):
		v.Errors = append(v.Errors, ValidationError{File: one.File, Line: one.Line, Path: one.Path, Message: one.Msg})
	case errors.Is(err, ErrInvalid) || errors.Is(err, ErrForbidden):
		v.Errors = append(v.Errors, ValidationError{Message: err.Error()})
	default:
		return nil, err
	}
	return v, nil
}

// NewUploads makes a directory for a submission's media.
func (s *Service) NewUploads() (string, error) {
	dir := filepath.Join(s.data, "uploads", NewID())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("making an uploads directory: %w", err)
	}
	return dir, nil
}

// errorOf describes a failure for a render's record: the message (tokens
// hidden) and, for a job's failure, the job and its scene; for a
// project's problem, the field.
func errorOf(err error) *Error {
	e := &Error{Message: secret.RedactTokens(err.Error())}
	var je *exec.JobError
	if errors.As(err, &je) && je.Job != nil {
		e.Job = je.Job.ID
		e.Scene = strings.Join(je.Job.Scenes, " → ")
	}
	var one *config.Error
	var ce config.Errors
	if errors.As(err, &ce) && len(ce) > 0 {
		one = ce[0]
	}
	if one != nil || errors.As(err, &one) {
		if one.Path != "" {
			e.Field = fmt.Sprintf("%s:%d: %s", one.File, one.Line, one.Path)
		}
	}
	return e
}

// mediaStore is where distributed renders keep their media: the shared
// directory, or the object store.
func (s *Service) mediaStore() dist.Store {
	if s.cfg.SharedDir != "" {
		return dist.DirStore(s.cfg.SharedDir)
	}
	return dist.NATSStore(s.b.Media)
}
