// Package schedule reads the server's named schedules (a cron expression,
// a time zone, a project or a template with its data, an output path) and
// runs them: each tick fires once, even when several servers share one
// NATS, because a tick is identified by its schedule and its planned time
// and only the server that claims it first fires it.
package schedule

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/reel-film/reel/internal/suggest"
)

// Spec is one named schedule as the settings write it.
type Spec struct {
	Name     string `json:"name"`
	Cron     string `json:"cron"`                // five fields (minute first), six with seconds first, or @every 10m, @hourly, @daily…
	TimeZone string `json:"time_zone,omitempty"` // IANA name (default UTC)
	Project  string `json:"project,omitempty"`   // a project file (inside the media root)
	Template string `json:"template,omitempty"`  // or a stored template, by id or name
	Data     string `json:"data,omitempty"`      // rows for the template or the project (CSV, JSON, JSONL; inside the media root)
	Output   string `json:"output,omitempty"`    // output path: {{ schedule }}, {{ date }}, {{ time }} (no data)
	Line     int    `json:"-"`                   // where the settings file names it
}

// keys are the keys of one schedule.
var keys = []string{"cron", "time_zone", "project", "template", "data", "output"}

// nameRe is what a schedule's name may be: it appears in lock keys and in
// the renders' records.
var nameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// Parse reads the schedules of a settings file (the mapping under its
// top-level key "schedules"; other keys are not its business) and checks
// each with Validate. Every problem is reported at once, at its line:
// `settings.yaml:7: schedules.news.cron: …`.
func Parse(data []byte, file string) ([]Spec, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil || len(doc.Content) == 0 {
		if err != nil && err.Error() != "EOF" {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return nil, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, nil
	}
	var node *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "schedules" {
			node = top.Content[i+1]
		}
	}
	if node == nil || node.Tag == "!!null" {
		return nil, nil
	}
	if node.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: schedules: expected a mapping of names to schedules (e.g. schedules: {nightly: {cron: \"0 6 * * *\", project: film.yaml}})", file, node.Line)
	}
	var specs []Spec
	var errs []error
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		s := Spec{Name: k.Value, Line: k.Line}
		lines := map[string]*yaml.Node{"": k}
		at := func(n *yaml.Node, path, format string, a ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: schedules.%s%s: %s", file, n.Line, s.Name, path, fmt.Sprintf(format, a...)))
		}
		if v.Kind != yaml.MappingNode {
			at(v, "", "expected a mapping with cron and a project or a template")
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			kk, vv := v.Content[j], v.Content[j+1]
			lines[kk.Value] = vv
			if vv.Kind != yaml.ScalarNode {
				at(vv, "."+kk.Value, "expected a single value")
				continue
			}
			switch kk.Value {
			case "cron":
				s.Cron = vv.Value
			case "time_zone":
				s.TimeZone = vv.Value
			case "project":
				s.Project = vv.Value
			case "template":
				s.Template = vv.Value
			case "data":
				s.Data = vv.Value
			case "output":
				s.Output = vv.Value
			default:
				at(kk, "."+kk.Value, "unknown key%s (expected one of: %s)", suggest.Hint(kk.Value, keys), strings.Join(keys, ", "))
			}
		}
		for _, p := range problems(s) {
			n, path := lines[p.key], "."+p.key
			if n == nil || p.key == "" {
				n, path = k, ""
			}
			at(n, path, "%s", p.msg)
		}
		specs = append(specs, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return specs, nil
}

// parser reads five fields, or six with seconds first, and descriptors
// (@every 1m, @daily).
var parser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// parse reads a cron expression. robfig/cron panics on some malformed
// specs (a bare "TZ=0"), so a panic is recovered into an error, and a
// time zone written inside the expression is refused: it has its own key.
func parse(expr string) (sched cron.Schedule, err error) {
	e := strings.TrimSpace(expr)
	if e == "" {
		return nil, errors.New(`missing cron expression (e.g. cron: "0 6 * * *", every day at 06:00)`)
	}
	if strings.HasPrefix(e, "TZ=") || strings.HasPrefix(e, "CRON_TZ=") {
		return nil, fmt.Errorf("cron %q: write the time zone under time_zone, not in the expression", expr)
	}
	if rest, ok := strings.CutPrefix(e, "@every "); ok {
		// robfig/cron runs "@every 0s" and "@every -1s" every second and
		// cuts 1.5s to 1s: refuse what it would not run as written.
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err == nil && (d < time.Second || d%time.Second != 0) {
			return nil, fmt.Errorf("cron %q: @every takes a whole number of seconds, at least 1s (e.g. @every 10m)", expr)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("cron %q is not a cron expression (five fields: minute hour day month weekday, e.g. \"0 6 * * *\")", expr)
		}
	}()
	sched, err = parser.Parse(e)
	if err != nil {
		return nil, fmt.Errorf("cron %q: %v (five fields: minute hour day month weekday, e.g. \"0 6 * * *\"; six with seconds first)", expr, err)
	}
	if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return nil, fmt.Errorf("cron %q never fires (no such date)", expr)
	}
	return sched, nil
}

// Validate checks one schedule: its name, its expression, its time zone,
// one of project and template, and an output path that stays relative.
func Validate(s Spec) error {
	probs := problems(s)
	if len(probs) == 0 {
		return nil
	}
	msgs := make([]string, len(probs))
	for i, p := range probs {
		msgs[i] = p.msg
	}
	return errors.New(strings.Join(msgs, "; "))
}

// problem is one mistake in a schedule, with the key it is about ("" for
// the schedule itself).
type problem struct{ key, msg string }

// problems lists the mistakes of s.
func problems(s Spec) []problem {
	var out []problem
	if !nameRe.MatchString(s.Name) {
		out = append(out, problem{"", fmt.Sprintf("schedule name %q: use letters, digits, - and _ (at most 64)", s.Name)})
	}
	if _, err := parse(s.Cron); err != nil {
		out = append(out, problem{"cron", err.Error()})
	}
	if _, err := location(s.TimeZone); err != nil {
		out = append(out, problem{"time_zone", err.Error()})
	}
	switch {
	case s.Project == "" && s.Template == "":
		out = append(out, problem{"", "name a project (project: film.yaml) or a template (template: ID)"})
	case s.Project != "" && s.Template != "":
		out = append(out, problem{"template", "name a project or a template, not both"})
	}
	if s.Output != "" {
		if s.Data != "" {
			out = append(out, problem{"output", "with data, each row's output path comes from the template's own (e.g. path: \"out/{{ id }}.mp4\"); remove output"})
		} else if _, err := Expand(s, time.Unix(0, 0)); err != nil {
			out = append(out, problem{"output", err.Error()})
		}
	}
	return out
}

// location is the time zone named tz (UTC for "").
func location(tz string) (*time.Location, error) {
	if tz == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("time_zone %q is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)", tz)
	}
	return loc, nil
}

// Next returns the schedule's next n fire times after from, in its time
// zone.
func Next(s Spec, from time.Time, n int) ([]time.Time, error) {
	sched, err := parse(s.Cron)
	if err != nil {
		return nil, err
	}
	loc, err := location(s.TimeZone)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	t := from.In(loc)
	for range n {
		t = sched.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out, nil
}

// outRe finds the placeholders of an output path.
var outRe = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}`)

// Expand fills the output path of s for the tick at t (in the schedule's
// time zone): {{ schedule }}, {{ date }} (2006-01-02), {{ time }} (150405).
// The result is a clean relative path: it resolves inside the render's
// output directory.
func Expand(s Spec, t time.Time) (string, error) {
	loc, err := location(s.TimeZone)
	if err != nil {
		return "", err
	}
	t = t.In(loc)
	var bad []string
	out := outRe.ReplaceAllStringFunc(s.Output, func(m string) string {
		switch outRe.FindStringSubmatch(m)[1] {
		case "schedule":
			return s.Name
		case "date":
			return t.Format("2006-01-02")
		case "time":
			return t.Format("150405")
		}
		bad = append(bad, m)
		return m
	})
	if len(bad) > 0 {
		return "", fmt.Errorf("output %q: unknown placeholder %s (use {{ schedule }}, {{ date }}, {{ time }})", s.Output, bad[0])
	}
	if strings.Contains(out, "{{") {
		return "", fmt.Errorf("output %q: an unclosed {{", s.Output)
	}
	clean := strings.TrimPrefix(pathClean(out), "./")
	if out == "" || strings.HasPrefix(out, "/") || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("output %q: write a relative path inside the render's output directory (no leading / or ..)", s.Output)
	}
	return clean, nil
}

// Claim takes the tick of schedule name planned at t for this server; it
// reports false when another server took it first.
type Claim func(ctx context.Context, name string, t time.Time) (bool, error)

// Fire starts the render of one tick.
type Fire func(ctx context.Context, s Spec, t time.Time) error

// Run fires each schedule at its ticks until ctx ends. A tick is claimed
// before it fires, so that of several servers running the same schedules
// one fires it; a tick missed while no server ran is not caught up.
func Run(ctx context.Context, specs []Spec, claim Claim, fire Fire, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	done := make(chan struct{})
	for _, s := range specs {
		go func() {
			defer func() { done <- struct{}{} }()
			runOne(ctx, s, claim, fire, log)
		}()
	}
	for range specs {
		<-done
	}
}

// runOne fires one schedule at its ticks until ctx ends.
func runOne(ctx context.Context, s Spec, claim Claim, fire Fire, log *slog.Logger) {
	from := time.Now()
	for {
		next, err := Next(s, from, 1)
		if err != nil || len(next) == 0 {
			log.Error("schedule stopped", "schedule", s.Name, "error", err)
			return
		}
		t := next[0]
		timer := time.NewTimer(time.Until(t))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		from = t
		ok, err := claim(ctx, s.Name, t)
		switch {
		case err != nil:
			log.Error("schedule tick not claimed", "schedule", s.Name, "tick", t, "error", err)
		case !ok:
			log.Debug("schedule tick fired elsewhere", "schedule", s.Name, "tick", t)
		default:
			if err := fire(ctx, s, t); err != nil {
				log.Error("schedule tick failed", "schedule", s.Name, "tick", t, "error", err)
			} else {
				log.Info("schedule fired", "schedule", s.Name, "tick", t)
			}
		}
	}
}

// pathClean is path.Clean for slash-separated paths.
func pathClean(p string) string { return path.Clean(p) }
