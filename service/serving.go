package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/service/bus"
	"github.com/reel-film/reel/service/dist"
)

// startServing starts a server's background tasks: dead letters from the
// max-deliveries advisory, webhooks, the retention sweep and the
// schedules.
func (s *Service) startServing() error {
	sub, err := s.b.NC.Subscribe(bus.MaxDeliveriesSubject(), s.onMaxDeliveries)
	if err != nil {
		return fmt.Errorf("subscribing to the max-deliveries advisory: %w", err)
	}
	s.advisory = sub
	if s.cfg.Webhooks != nil {
		if err := s.watchFinals(); err != nil {
			return err
		}
	}
	s.tasks.Add(1)
	go func() {
		defer s.tasks.Done()
		if n, err := s.RequeueLost(s.bg, time.Now()); err != nil {
			s.log.Warn("requeueing lost renders", "error", redacted(err))
		} else if n > 0 {
			s.log.Info("requeued renders whose message was lost", "renders", n)
		}
	}()
	s.tasks.Add(1)
	go s.sweeper()
	if len(s.cfg.Schedules) > 0 {
		s.tasks.Add(1)
		go func() {
			defer s.tasks.Done()
			s.runSchedules()
		}()
	}
	return nil
}

// onMaxDeliveries handles JetStream's advisory that a render message was
// delivered its last time without an ack (its workers died): the render
// fails with a dead-letter record, and its message leaves the queue.
func (s *Service) onMaxDeliveries(m *nats.Msg) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if err := json.Unmarshal(m.Data, &adv); err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := s.b.Work.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		s.log.Warn("max deliveries: the message is gone", "seq", adv.StreamSeq, "error", redacted(err))
		return
	}
	id := string(raw.Data)
	// The message leaves the queue and the dead letter is written before
	// the render is final (which ends its followers' wait).
	if err := s.b.Work.DeleteMsg(ctx, adv.StreamSeq); err != nil {
		s.log.Warn("max deliveries: cannot remove the message", "render", id, "error", redacted(err))
	}
	r, _, err := s.st.get(ctx, id)
	if err != nil || r.Render.Status.Final() {
		return
	}
	e := &Error{Message: fmt.Sprintf("given up after %d deliveries: no worker finished it", adv.Deliveries)}
	if r.Render.Error != nil {
		e.Message += "; the last error: " + r.Render.Error.Message
		e.Scene, e.Job = r.Render.Error.Scene, r.Render.Error.Job
	}
	s.deadLetter(ctx, id, adv.Deliveries, e)
	r, err = s.st.update(ctx, id, func(r *record) error {
		if r.Render.Status.Final() {
			return errSkip
		}
		r.Render.Status, r.Render.Error, r.Render.Finished = Failed, e, time.Now().UTC()
		r.Render.Attempts = max(r.Render.Attempts, adv.Deliveries)
		return nil
	})
	if err == nil {
		_ = publish(ctx, s.b.JS, statusEvent(&r.Render, e.Message))
		s.log.Warn("render given up", "render", id, "deliveries", adv.Deliveries)
	}
}

// watchFinals sends the webhook of every render that becomes final, once
// across servers (a lock per render in the locks bucket).
func (s *Service) watchFinals() error {
	w, err := s.b.Renders.WatchAll(s.bg)
	if err != nil {
		return fmt.Errorf("watching renders: %w", err)
	}
	s.tasks.Add(1)
	go func() {
		defer s.tasks.Done()
		defer w.Stop()
		for {
			select {
			case <-s.bg.Done():
				return
			case e, ok := <-w.Updates():
				if !ok {
					return
				}
				if e == nil || e.Operation() != jetstream.KeyValuePut {
					continue
				}
				var r record
				if json.Unmarshal(e.Value(), &r) != nil || !r.Render.Status.Final() || r.Job.WebhookURL == "" {
					continue
				}
				if _, err := s.b.Locks.Create(s.bg, "hook."+r.Render.ID, []byte(s.cfg.WorkerName)); err != nil {
					continue // sent, or being sent, by this or another server
				}
				s.tasks.Add(1)
				go func() {
					defer s.tasks.Done()
					s.sendWebhook(&r)
				}()
			}
		}
	}()
	return nil
}

// sendWebhook posts a final render to its webhook.
func (s *Service) sendWebhook(r *record) {
	event := map[Status]string{Done: "render.done", Failed: "render.failed", Cancelled: "render.cancelled"}[r.Render.Status]
	if err := s.cfg.Webhooks.Send(s.bg, r.Job.WebhookURL, event, r.Render); err != nil {
		s.log.Warn("webhook not delivered", "render", r.Render.ID, "host", r.Render.Webhook, "error", redacted(err))
	}
}

// webhookHost is the host of a webhook URL (what the record shows).
func webhookHost(u string) string {
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}

// checkWebhook refuses a webhook URL that is not http(s) with a host, or
// that Config.CheckWebhook refuses.
func (s *Service) checkWebhook(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("webhook: write an http or https URL: %w", ErrInvalid)
	}
	if s.cfg.CheckWebhook != nil {
		if err := s.cfg.CheckWebhook(u); err != nil {
			return fmt.Errorf("webhook: %w: %w", ErrInvalid, err)
		}
	}
	return nil
}

// hashKey names an idempotency key in the locks bucket.
func hashKey(k string) string {
	h := sha256.Sum256([]byte(k))
	return hex.EncodeToString(h[:])
}

// Events sends a render's events after ID after, then the new ones, and
// closes the channel after the final status (or when ctx ends).
func (s *Service) Events(ctx context.Context, id string, after uint64) (<-chan Event, error) {
	if _, _, err := s.st.get(ctx, id); err != nil {
		return nil, err
	}
	cons, err := s.b.Events.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{bus.EventsPrefix + id},
		DeliverPolicy:  jetstream.DeliverByStartSequencePolicy, OptStartSeq: after + 1,
	})
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	ch := make(chan Event, 16)
	go func() {
		defer close(ch)
		for ctx.Err() == nil {
			msg, err := cons.Next(jetstream.FetchMaxWait(time.Second))
			if err != nil {
				// No event for a second: a render that is final (and
				// whose final event was already sent, or lost) ends here.
				r, _, gerr := s.st.get(ctx, id)
				if gerr != nil || r.Render.Status.Final() {
					if info, ierr := cons.Info(ctx); ierr != nil || info.NumPending == 0 {
						return
					}
				}
				continue
			}
			var ev Event
			if json.Unmarshal(msg.Data(), &ev) != nil {
				continue
			}
			if md, err := msg.Metadata(); err == nil {
				ev.ID = md.Sequence.Stream
			}
			select {
			case ch <- ev:
			case <-ctx.Done():
				return
			}
			if ev.Type == "status" && ev.Status.Final() {
				return
			}
		}
	}()
	return ch, nil
}

// PutTemplate stores a project with merge fields.
func (s *Service) PutTemplate(ctx context.Context, name string, project []byte) (*Template, error) {
	if name == "" {
		name = "template.yaml"
	}
	name = filepath.Base(name)
	fields, err := config.ReadFields(project, name)
	if err != nil {
		return nil, projectError(err)
	}
	t := &Template{ID: NewID(), Name: name, Created: time.Now().UTC(), Project: project, Fields: map[string]any{}}
	for _, f := range fields {
		if f.Default != nil {
			t.Fields[f.Name] = f.Default.Text
		} else {
			t.Fields[f.Name] = nil
		}
	}
	data, err := json.Marshal(storedTemplate{*t, project})
	if err != nil {
		return nil, err
	}
	if _, err := s.b.Templates.Create(ctx, t.ID, data); err != nil {
		return nil, fmt.Errorf("storing template %s: %w", name, err)
	}
	return t, nil
}

// storedTemplate is a template with its project (Template hides it from
// JSON).
type storedTemplate struct {
	Template
	Text []byte `json:"project"`
}

// GetTemplate returns a stored template by id (or by name: the newest of
// that name).
func (s *Service) GetTemplate(ctx context.Context, id string) (*Template, error) {
	if validID(id) {
		e, err := s.b.Templates.Get(ctx, id)
		if err == nil {
			return decodeTemplate(e.Value())
		}
		if !errors.Is(err, jetstream.ErrKeyNotFound) {
			return nil, fmt.Errorf("reading template %s: %w", id, err)
		}
	}
	all, err := s.ListTemplates(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Name == id {
			return all[i], nil
		}
	}
	return nil, fmt.Errorf("template %q: %w", id, ErrNotFound)
}

func decodeTemplate(data []byte) (*Template, error) {
	var st storedTemplate
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("a damaged template: %w", err)
	}
	st.Template.Project = st.Text
	return &st.Template, nil
}

// ListTemplates returns the stored templates, oldest first.
func (s *Service) ListTemplates(ctx context.Context) ([]*Template, error) {
	lister, err := s.b.Templates.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing templates: %w", err)
	}
	var keys []string
	for k := range lister.Keys() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := []*Template{}
	for _, k := range keys {
		e, err := s.b.Templates.Get(ctx, k)
		if err != nil {
			continue
		}
		t, err := decodeTemplate(e.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// DeleteTemplate removes a stored template.
func (s *Service) DeleteTemplate(ctx context.Context, id string) error {
	t, err := s.GetTemplate(ctx, id)
	if err != nil {
		return err
	}
	if err := s.b.Templates.Delete(ctx, t.ID); err != nil {
		return fmt.Errorf("deleting template %s: %w", id, err)
	}
	return nil
}

// Metrics counts the renders by status, their seconds and jobs, and the
// workers alive.
func (s *Service) Metrics(ctx context.Context) (Metrics, error) {
	var m Metrics
	recs, err := s.st.all(ctx)
	if err != nil {
		return m, err
	}
	for _, r := range recs {
		switch r.Render.Status {
		case Queued:
			m.Queued++
		case Preparing, Rendering:
			m.Running++
		case Done:
			m.Done++
		case Failed:
			m.Failed++
		case Cancelled:
			m.Cancelled++
		}
		if r.Render.Status.Final() && !r.Render.Started.IsZero() && !r.Render.Finished.IsZero() {
			m.RendersFinished++
			m.RenderSeconds += r.Render.Finished.Sub(r.Render.Started).Seconds()
		}
		m.JobsRun += r.Job.JobsRun
		m.JobsCached += r.Render.Progress.JobsCache
	}
	lister, err := s.b.Workers.ListKeys(ctx)
	if err == nil {
		for k := range lister.Keys() {
			if strings.HasPrefix(k, dist.SlotsPrefix) {
				continue // a process's job slots, counted with its workers
			}
			e, err := s.b.Workers.Get(ctx, k)
			if err != nil {
				continue
			}
			n, err := strconv.Atoi(string(e.Value()))
			if err != nil || n < 1 {
				n = 1
			}
			m.WorkersAlive += n
		}
	}
	return m, nil
}

// sweeper removes finished renders older than the retention, every
// SweepEvery.
func (s *Service) sweeper() {
	defer s.tasks.Done()
	for {
		select {
		case <-s.bg.Done():
			return
		case <-time.After(s.cfg.SweepEvery):
		}
		if n, err := s.RequeueLost(s.bg, time.Now()); err != nil {
			s.log.Warn("requeueing lost renders", "error", redacted(err))
		} else if n > 0 {
			s.log.Info("requeued renders whose message was lost", "renders", n)
		}
		if n, err := s.Sweep(s.bg, time.Now()); err != nil {
			s.log.Warn("retention sweep", "error", redacted(err))
		} else if n > 0 {
			s.log.Info("retention sweep", "removed", n)
		}
	}
}

// RequeueLost queues again the renders that are not final but have no
// message in the queue (a server that died between storing a render and
// queueing it; a worker whose last words were lost), made before now
// minus a minute. It returns how many it queued.
func (s *Service) RequeueLost(ctx context.Context, now time.Time) (int, error) {
	queued := map[string]bool{}
	info, err := s.b.Work.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("the queue: %w", err)
	}
	for seq := info.State.FirstSeq; info.State.Msgs > 0 && seq <= info.State.LastSeq; {
		m, err := s.b.Work.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(bus.WorkSubject))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("reading the queue: %w", err)
		}
		queued[string(m.Data)] = true
		seq = m.Sequence + 1
	}
	recs, err := s.st.all(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range recs {
		id := r.Render.ID
		if r.Render.Status.Final() || queued[id] || r.Render.Created.After(now.Add(-time.Minute)) {
			continue
		}
		if _, err := s.b.JS.Publish(ctx, bus.WorkSubject, []byte(id), jetstream.WithMsgID(id)); err != nil {
			return n, fmt.Errorf("requeueing render %s: %w", id, err)
		}
		n++
	}
	return n, nil
}

// Sweep removes the renders finished before now minus the retention:
// their records, outputs, uploads and events; and uploads never submitted
// that are as old. It returns the number of renders removed.
func (s *Service) Sweep(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-s.b.Keep)
	recs, err := s.st.all(ctx)
	if err != nil {
		return 0, err
	}
	used := map[string]bool{}
	n := 0
	for _, r := range recs {
		if !r.Render.Status.Final() || r.Render.Finished.After(cutoff) {
			if r.Job.Uploads != "" {
				used[filepath.Base(r.Job.Uploads)] = true
			}
			continue
		}
		id := r.Render.ID
		if err := os.RemoveAll(filepath.Join(s.data, "renders", id)); err != nil {
			return n, fmt.Errorf("removing the outputs of %s: %w", id, err)
		}
		if up, err := s.uploadsDir(r.Job.Uploads); err == nil && r.Job.Uploads != "" {
			_ = os.RemoveAll(up)
		}
		_ = s.b.Events.Purge(ctx, jetstream.WithPurgeSubject(bus.EventsPrefix+id))
		if err := s.b.Renders.Delete(ctx, id); err != nil {
			return n, fmt.Errorf("removing render %s: %w", id, err)
		}
		n++
	}
	entries, _ := os.ReadDir(filepath.Join(s.data, "uploads"))
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || used[e.Name()] || !validID(e.Name()) || info.ModTime().After(cutoff) {
			continue
		}
		if t, ok := idTime(e.Name()); ok && t.Before(cutoff) {
			_ = os.RemoveAll(filepath.Join(s.data, "uploads", e.Name()))
		}
	}
	return n, nil
}

// idTime is the time an id was made.
func idTime(id string) (time.Time, bool) {
	var ms uint64
	for i := 0; i < 10; i++ {
		d := strings.IndexByte(idAlphabet, id[i])
		if d < 0 {
			return time.Time{}, false
		}
		ms = ms<<5 | uint64(d)
	}
	return time.UnixMilli(int64(ms)), true
}
