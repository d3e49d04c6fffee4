package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/service"
)

// fake is an in-memory service.Backend for the handlers' tests.
type fake struct {
	mu        sync.Mutex
	dir       string // outputs live in dir/renders/<id>/, uploads in dir/uploads/<n>/
	renders   map[string]*service.Render
	order     []string
	events    map[string][]service.Event
	eventsCh  map[string][]chan service.Event
	idem      map[string]string
	templates map[string]*service.Template
	submitted []service.Submission // every Submit and Validate, in order
	uploadsN  int
	// uploadFiles are the files each Submit saw in its uploads directory.
	uploadFiles map[string][]string
	err         error // when set, every call returns it
	notReady    error
	metrics     service.Metrics
	schedules   []service.Schedule
	seq         int
}

func newFake(dir string) *fake {
	return &fake{
		dir: dir, renders: map[string]*service.Render{}, events: map[string][]service.Event{},
		eventsCh: map[string][]chan service.Event{}, idem: map[string]string{}, templates: map[string]*service.Template{},
		uploadFiles: map[string][]string{},
	}
}

var t0 = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

// add stores a render with an output file of content data (none when
// data is nil) and returns it.
func (f *fake) add(status service.Status, outName string, data []byte) *service.Render {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	id := fmt.Sprintf("01jf%022d", f.seq)
	r := &service.Render{ID: id, Status: status, Project: "film.yaml", Created: t0.Add(time.Duration(f.seq) * time.Second)}
	if data != nil {
		p := filepath.Join(f.dir, "renders", id, filepath.FromSlash(outName))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		r.Outputs = []service.Output{{Name: outName, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}}
	}
	f.renders[id] = r
	f.order = append(f.order, id)
	return r
}

// emit appends an event to a render's stream and sends it to followers;
// a final status closes their channels.
func (f *fake) emit(id string, ev service.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ev.ID = uint64(len(f.events[id]) + 1)
	ev.Render = id
	f.events[id] = append(f.events[id], ev)
	for _, ch := range f.eventsCh[id] {
		ch <- ev
		if ev.Type == "status" && ev.Status.Final() {
			close(ch)
		}
	}
	if ev.Type == "status" && ev.Status.Final() {
		f.eventsCh[id] = nil
		f.renders[id].Status = ev.Status
	}
}

// followers is how many streams follow render id.
func (f *fake) followers(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.eventsCh[id])
}

func (f *fake) Submit(ctx context.Context, s service.Submission) (*service.Render, bool, error) {
	if f.err != nil {
		return nil, false, f.err
	}
	f.mu.Lock()
	f.submitted = append(f.submitted, s)
	if s.IdempotencyKey != "" {
		if id, ok := f.idem[s.IdempotencyKey]; ok {
			r := *f.renders[id]
			f.mu.Unlock()
			return &r, true, nil
		}
	}
	f.mu.Unlock()
	if s.Template != "" {
		if _, err := f.GetTemplate(ctx, s.Template); err != nil {
			return nil, false, err
		}
	}
	if err := projectErrors(s.Project); err != nil {
		return nil, false, err
	}
	r := f.add(service.Queued, "", nil)
	f.mu.Lock()
	defer f.mu.Unlock()
	if s.IdempotencyKey != "" {
		f.idem[s.IdempotencyKey] = r.ID
	}
	if s.Webhook != "" {
		r.Webhook = "host-only"
	}
	if s.Uploads != "" {
		ents, _ := os.ReadDir(s.Uploads)
		for _, e := range ents {
			f.uploadFiles[r.ID] = append(f.uploadFiles[r.ID], e.Name())
		}
	}
	c := *r
	return &c, false, nil
}

// projectErrors plays the engine's validation: a project holding
// "invalid" is a config.Errors, one holding "/etc/" is forbidden.
func projectErrors(p []byte) error {
	switch {
	case bytes.Contains(p, []byte("/etc/")):
		return fmt.Errorf("%w: %w", service.ErrForbidden, config.Errors{{File: "project.yaml", Line: 3, Path: "scenes[0].clip", Msg: "/etc/passwd is outside the media root", Forbidden: true}})
	case bytes.Contains(p, []byte("invalid")):
		return fmt.Errorf("%w: %w", service.ErrInvalid, config.Errors{
			{File: "project.yaml", Line: 2, Path: "scenes[0].duration", Msg: "not a duration"},
			{File: "project.yaml", Line: 5, Path: "output.size", Msg: "not a size"},
		})
	}
	return nil
}

func (f *fake) Get(ctx context.Context, id string) (*service.Render, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.renders[id]
	if !ok {
		return nil, fmt.Errorf("render %s: %w", id, service.ErrNotFound)
	}
	c := *r
	return &c, nil
}

func (f *fake) List(ctx context.Context, q service.ListQuery) ([]*service.Render, string, error) {
	if f.err != nil {
		return nil, "", f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	limit := q.Limit
	if limit == 0 {
		limit = 50
	}
	var out []*service.Render
	for _, id := range f.order {
		r := f.renders[id]
		if id <= q.Cursor || (q.Status != "" && r.Status != q.Status) {
			continue
		}
		if len(out) == limit {
			return out, out[len(out)-1].ID, nil
		}
		c := *r
		out = append(out, &c)
	}
	return out, "", nil
}

func (f *fake) Cancel(ctx context.Context, id string) (*service.Render, error) {
	r, err := f.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Status.Final() {
		return nil, fmt.Errorf("render %s is already %s: %w", id, r.Status, service.ErrConflict)
	}
	f.mu.Lock()
	f.renders[id].Status = service.Cancelled
	f.mu.Unlock()
	r.Status = service.Cancelled
	return r, nil
}

func (f *fake) Events(ctx context.Context, id string, after uint64) (<-chan service.Event, error) {
	if _, err := f.Get(ctx, id); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan service.Event, 100)
	final := false
	for _, ev := range f.events[id] {
		if ev.ID > after {
			ch <- ev
		}
		final = final || ev.Type == "status" && ev.Status.Final()
	}
	if final {
		close(ch)
	} else {
		f.eventsCh[id] = append(f.eventsCh[id], ch)
	}
	return ch, nil
}

// file is an output opened from disk.
type file struct {
	*os.File
	fi os.FileInfo
}

func (f file) Size() int64        { return f.fi.Size() }
func (f file) ModTime() time.Time { return f.fi.ModTime() }

func (f *fake) Output(ctx context.Context, id, name string) (service.File, error) {
	r, err := f.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, o := range r.Outputs {
		if o.Name == name {
			fh, err := os.Open(filepath.Join(f.dir, "renders", id, filepath.FromSlash(name)))
			if err != nil {
				return nil, err
			}
			fi, _ := fh.Stat()
			return file{fh, fi}, nil
		}
	}
	return nil, fmt.Errorf("render %s has no output %s: %w", id, name, service.ErrNotFound)
}

func (f *fake) Validate(ctx context.Context, s service.Submission) (*service.Validation, error) {
	f.mu.Lock()
	f.submitted = append(f.submitted, s)
	f.mu.Unlock()
	err := projectErrors(s.Project)
	if err == nil {
		return &service.Validation{Valid: true, Warnings: []string{"a warning"}}, nil
	}
	return &service.Validation{Valid: false, Errors: validationErrors(err)}, nil
}

func (f *fake) NewUploads() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.uploadsN++
	d := filepath.Join(f.dir, "uploads", fmt.Sprint(f.uploadsN))
	return d, os.MkdirAll(d, 0o755)
}

func (f *fake) PutTemplate(ctx context.Context, name string, project []byte) (*service.Template, error) {
	if err := projectErrors(project); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	t := &service.Template{ID: fmt.Sprintf("tpl%d", f.seq), Name: name, Created: t0, Project: project,
		Fields: map[string]any{"name": "Ada"}}
	f.templates[t.ID] = t
	return t, nil
}

func (f *fake) GetTemplate(ctx context.Context, id string) (*service.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.templates[id]
	if !ok {
		return nil, fmt.Errorf("template %s: %w", id, service.ErrNotFound)
	}
	return t, nil
}

func (f *fake) ListTemplates(ctx context.Context) ([]*service.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*service.Template
	for _, t := range f.templates {
		out = append(out, t)
	}
	return out, nil
}

func (f *fake) DeleteTemplate(ctx context.Context, id string) error {
	if _, err := f.GetTemplate(ctx, id); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.templates, id)
	return nil
}

func (f *fake) Schedules(ctx context.Context) ([]service.Schedule, error) {
	return f.schedules, f.err
}

func (f *fake) Metrics(ctx context.Context) (service.Metrics, error) {
	return f.metrics, f.err
}

func (f *fake) Ready(ctx context.Context) error { return f.notReady }

// lastSubmission returns the last Submission the fake was given.
func (f *fake) lastSubmission() service.Submission {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.submitted) == 0 {
		return service.Submission{}
	}
	return f.submitted[len(f.submitted)-1]
}

var _ service.Backend = (*fake)(nil)

// errSecret is an internal error whose message must not reach a client.
var errSecret = errors.New("open /srv/reel/secret-path: token=PLANTED-0123")

var _ = strings.Contains
