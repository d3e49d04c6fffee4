package service

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/reel-film/reel/rows"
	"github.com/reel-film/reel/service/schedule"
)

// runSchedules fires the server's schedules until the service closes.
func (s *Service) runSchedules() {
	schedule.Run(s.bg, s.cfg.Schedules, s.claimTick, s.fireTick, s.log)
}

// claimTick takes a schedule's tick for this server: the first server to
// create its key in the locks bucket fires it.
func (s *Service) claimTick(ctx context.Context, name string, t time.Time) (bool, error) {
	key := "sched." + keyRe.ReplaceAllString(name, "_") + "." + strconv.FormatInt(t.Unix(), 10)
	_, err := s.b.Locks.Create(ctx, key, []byte(s.cfg.WorkerName))
	if errors.Is(err, jetstream.ErrKeyExists) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	_, _ = s.b.Locks.Put(ctx, "schedlast."+keyRe.ReplaceAllString(name, "_"), []byte(t.UTC().Format(time.RFC3339Nano)))
	return true, nil
}

// fireTick submits a schedule's render for the tick at t.
func (s *Service) fireTick(ctx context.Context, sp schedule.Spec, t time.Time) error {
	sub := Submission{Template: sp.Template, Name: sp.Name + ".yaml"}
	if sp.Project != "" {
		data, name, err := s.mediaFile(sp.Project)
		if err != nil {
			return err
		}
		sub.Project, sub.Name = data, name
	}
	if sp.Data != "" {
		data, name, err := s.mediaFile(sp.Data)
		if err != nil {
			return err
		}
		rs, err := rows.Parse(name, data)
		if err != nil {
			return fmt.Errorf("schedule %s: %w", sp.Name, err)
		}
		for _, r := range rs {
			sub.Rows = append(sub.Rows, r.Values)
		}
	}
	if sp.Output != "" {
		out, err := schedule.Expand(sp, t)
		if err != nil {
			return err
		}
		sub.Outputs = []string{out}
	}
	sub.IdempotencyKey = "schedule " + sp.Name + " " + strconv.FormatInt(t.Unix(), 10)
	r, _, err := s.Submit(ctx, sub)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", sp.Name, err)
	}
	s.log.Info("schedule submitted a render", "schedule", sp.Name, "render", r.ID)
	return nil
}

// mediaFile reads a file the settings name, inside the media root.
func (s *Service) mediaFile(p string) ([]byte, string, error) {
	if s.media == "" {
		return nil, "", fmt.Errorf("%s: the server has no media root", p)
	}
	abs := p
	if !filepath.IsAbs(p) {
		abs = filepath.Join(s.media, p)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", p, err)
	}
	if rel, err := filepath.Rel(s.media, real); err != nil || rel == ".." || filepath.IsAbs(rel) || len(rel) > 2 && rel[:3] == "../" {
		return nil, "", fmt.Errorf("%s is outside the media root: %w", p, ErrForbidden)
	}
	data, err := os.ReadFile(real)
	if err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", p, err)
	}
	return data, filepath.Base(p), nil
}

// Schedules lists the server's schedules with their next fire times and
// the last tick fired (by any server).
func (s *Service) Schedules(ctx context.Context) ([]Schedule, error) {
	out := []Schedule{}
	now := time.Now()
	for _, sp := range s.cfg.Schedules {
		next, err := schedule.Next(sp, now, 5)
		if err != nil {
			return nil, err
		}
		sc := Schedule{Name: sp.Name, Cron: sp.Cron, TimeZone: sp.TimeZone, Project: sp.Project, Template: sp.Template, Data: sp.Data, Output: sp.Output, Next: next}
		if sc.TimeZone == "" {
			sc.TimeZone = "UTC"
		}
		if e, err := s.b.Locks.Get(ctx, "schedlast."+keyRe.ReplaceAllString(sp.Name, "_")); err == nil {
			if t, err := time.Parse(time.RFC3339Nano, string(e.Value())); err == nil {
				sc.Last = &t
			}
		}
		out = append(out, sc)
	}
	return out, nil
}
