package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/service/bus"
)

// record is a render's state in the renders bucket: the record the API
// shows, and what a worker needs to run it (never returned).
type record struct {
	Render Render `json:"render"`
	Job    job    `json:"job"`
}

// job is the render to run: the project's text and its inputs.
type job struct {
	Project    []byte          `json:"project"`
	Name       string          `json:"name"`
	Dir        string          `json:"dir"`     // where its relative paths resolve
	Uploads    string          `json:"uploads"` // its uploads ("" for none)
	Values     config.Values   `json:"values,omitempty"`
	Rows       []config.Values `json:"rows,omitempty"`
	Outputs    []string        `json:"outputs,omitempty"`
	WebhookURL string          `json:"webhook_url,omitempty"` // may hold a secret: never shown
	JobsRun    int             `json:"jobs_run"`
	Distribute bool            `json:"distribute,omitempty"`
}

// errSkip leaves a record unchanged in update.
var errSkip = errors.New("unchanged")

// store reads and writes render records with revision checks.
type store struct{ kv jetstream.KeyValue }

// get returns the record of id with its revision.
func (s store) get(ctx context.Context, id string) (*record, uint64, error) {
	if !validID(id) {
		return nil, 0, fmt.Errorf("render %q: %w", id, ErrNotFound)
	}
	e, err := s.kv.Get(ctx, id)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, 0, fmt.Errorf("render %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading render %s: %w", id, err)
	}
	var r record
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return nil, 0, fmt.Errorf("render %s: a damaged record: %w", id, err)
	}
	return &r, e.Revision(), nil
}

// create stores a new record.
func (s store) create(ctx context.Context, r *record) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := s.kv.Create(ctx, r.Render.ID, data); err != nil {
		return fmt.Errorf("storing render %s: %w", r.Render.ID, err)
	}
	return nil
}

// update applies fn to the current record and writes it if the record did
// not change meanwhile, else tries again with the newer one. fn returning
// errSkip leaves the record as it is (update returns it and errSkip).
func (s store) update(ctx context.Context, id string, fn func(*record) error) (*record, error) {
	for i := 0; ; i++ {
		r, rev, err := s.get(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := fn(r); err != nil {
			return r, err
		}
		data, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		_, err = s.kv.Update(ctx, id, data, rev)
		if err == nil {
			return r, nil
		}
		var apiErr *jetstream.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode != jetstream.JSErrCodeStreamWrongLastSequence || i > 50 {
			return nil, fmt.Errorf("updating render %s: %w", id, err)
		}
		time.Sleep(time.Duration(i+1) * 5 * time.Millisecond)
	}
}

// ids returns the ids of every record, sorted (by time).
func (s store) ids(ctx context.Context) ([]string, error) {
	lister, err := s.kv.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing renders: %w", err)
	}
	var ids []string
	for k := range lister.Keys() {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return ids, nil
}

// all returns every record, sorted by id (a bucket without keys is no
// error).
func (s store) all(ctx context.Context) ([]*record, error) {
	ids, err := s.ids(ctx)
	if err != nil {
		if errors.Is(err, jetstream.ErrNoKeysFound) {
			return nil, nil
		}
		return nil, err
	}
	var out []*record
	for _, id := range ids {
		r, _, err := s.get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// publish sends an event of render id on its stream.
func publish(ctx context.Context, js jetstream.JetStream, ev Event) error {
	if ev.Time.IsZero() {
		ev.Time = time.Now().UTC()
	}
	data, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if _, err := js.Publish(ctx, bus.EventsPrefix+ev.Render, data); err != nil {
		return fmt.Errorf("publishing an event of %s: %w", ev.Render, err)
	}
	return nil
}

// statusEvent is the event saying r is now in its status.
func statusEvent(r *Render, msg string) Event {
	return Event{Render: r.ID, Type: "status", Status: r.Status, Progress: r.Progress, Message: msg}
}

// redacted is err's message with anything that looks like a token hidden,
// for logs (an engine's error may quote a URL with its query).
func redacted(err error) string {
	if err == nil {
		return ""
	}
	return secret.RedactTokens(err.Error())
}
