// Package exec runs a render plan on this machine: independent jobs in
// parallel up to a limit, each job once its dependencies are done, the output
// renamed into place only when everything succeeded. A failed or cancelled
// render leaves nothing at the output path and never touches an earlier
// output; its temporary files are removed.
package exec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// Options configure a local run.
type Options struct {
	FFmpeg   string        // the ffmpeg binary (default "ffmpeg")
	Jobs     int           // jobs at once (default 1)
	OnEvent  func(Event)   // progress; calls are serialised
	KeepWork bool          // keep the work directory (for debugging)
	Wait     time.Duration // after SIGINT, how long a job may take to stop before SIGKILL (default 5s)
}

// Event reports a job's state.
type Event struct {
	Job      string  `json:"job"`
	Kind     string  `json:"kind"`
	State    string  `json:"state"`                // start | progress | done | failed
	Frame    int64   `json:"frame"`                // frames written by the job so far
	Percent  float64 `json:"percent"`              // this job, 0..100
	Overall  float64 `json:"overall"`              // the whole render, 0..100
	Speed    float64 `json:"speed"`                // ffmpeg's speed (x realtime)
	ETA      float64 `json:"eta"`                  // estimated seconds left for the render
	Running  int     `json:"running"`              // jobs running
	Done     int     `json:"done"`                 // jobs finished
	Total    int     `json:"total"`                // jobs in the plan
	Elapsed  float64 `json:"elapsed"`              // seconds since the render started
	CPU      float64 `json:"cpu"`                  // the job's CPU seconds (done only)
	MaxRSSMB float64 `json:"max_rss_mb,omitempty"` // the job's peak memory (done only)
}

// JobStats is what one finished job cost.
type JobStats struct {
	Job      string        `json:"job"`
	Wall     time.Duration `json:"wall_ns"`
	CPU      time.Duration `json:"cpu_ns"`
	MaxRSSKB int64         `json:"max_rss_kb"`
	Cached   bool          `json:"cached"` // a cache hit: the job did not run
}

// Stats is what a render cost.
type Stats struct {
	Wall   time.Duration `json:"wall_ns"`
	Jobs   []JobStats    `json:"jobs"`
	Cached int           `json:"cached"` // jobs served from the cache
}

// JobError is a failed job, with what a user needs to act on it.
type JobError struct {
	Job *plan.Job
	Err error
}

// Error names the job and its scenes, the cause, the command and ffmpeg's
// last words.
func (e *JobError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "job %s", e.Job.ID)
	if len(e.Job.Scenes) > 0 {
		fmt.Fprintf(&b, " (scene %s)", strings.Join(e.Job.Scenes, " → "))
	}
	fmt.Fprintf(&b, " failed: %v", e.Err)
	var ee *ffmpeg.ExitError
	if errors.As(e.Err, &ee) && !ee.Cancelled {
		fmt.Fprintf(&b, "\n  command: %s", ee.Command())
		if len(ee.StderrTail) > 0 {
			b.WriteString("\n  ffmpeg said:")
			for _, l := range ee.StderrTail {
				b.WriteString("\n    " + l)
			}
		}
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *JobError) Unwrap() error { return e.Err }

// Run executes p. On success the output is at p.Output; on any failure or
// cancellation nothing new is there and the temporary files are gone.
func Run(ctx context.Context, p *plan.Plan, opts Options) (st *Stats, err error) {
	if opts.FFmpeg == "" {
		opts.FFmpeg = "ffmpeg"
	}
	start := time.Now()
	if err := os.MkdirAll(p.WorkDir, 0o755); err != nil {
		return nil, fmt.Errorf("create work directory: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(p.Output), 0o755); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(p.TempOutput)
		}
		if !opts.KeepWork {
			os.RemoveAll(p.WorkDir)
		}
	}()
	r := newRunner(p, opts, start)
	if err := r.runAll(ctx); err != nil {
		return nil, err
	}
	if err := os.Rename(p.TempOutput, p.Output); err != nil {
		return nil, fmt.Errorf("move the finished render into place: %w", err)
	}
	r.stats.Wall = time.Since(start)
	return &r.stats, nil
}

// runner schedules the jobs of one plan.
type runner struct {
	plan  *plan.Plan
	opts  Options
	start time.Time
	done  map[string]chan struct{}
	sem   chan struct{}

	mu      sync.Mutex
	stats   Stats
	prog    map[string]float64 // seconds written per job
	total   float64            // seconds of all jobs
	running int
	ndone   int
}

func newRunner(p *plan.Plan, opts Options, start time.Time) *runner {
	r := &runner{plan: p, opts: opts, start: start, done: map[string]chan struct{}{},
		sem: make(chan struct{}, max(opts.Jobs, 1)), prog: map[string]float64{}}
	for _, j := range p.Jobs {
		r.done[j.ID] = make(chan struct{})
		r.total += j.Seconds
	}
	return r
}

// runAll starts every job in its own goroutine; each waits for its
// dependencies, then for a slot. The first failure cancels the rest.
func (r *runner) runAll(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	for i := range r.plan.Jobs {
		j := &r.plan.Jobs[i]
		g.Go(func() error {
			for _, d := range j.Deps {
				select {
				case <-r.done[d]:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			select {
			case r.sem <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			defer func() { <-r.sem }()
			if err := r.runJob(ctx, j); err != nil {
				return err
			}
			close(r.done[j.ID])
			return nil
		})
	}
	err := g.Wait()
	var je *JobError
	if err != nil && !errors.As(err, &je) && ctx.Err() != nil {
		return fmt.Errorf("render cancelled: %w", err)
	}
	return err
}

// runJob writes the job's files and runs its ffmpeg command.
func (r *runner) runJob(ctx context.Context, j *plan.Job) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for _, f := range j.Files {
		if err := os.WriteFile(f.Path, []byte(f.Content), 0o644); err != nil {
			return &JobError{Job: j, Err: err}
		}
	}
	if j.CacheDir != "" {
		return r.runCached(ctx, j)
	}
	return r.runFFmpeg(ctx, j, j.Args)
}

// runCached runs a job through the cache: under the entry's lock, a complete
// entry is a hit and the job does not run; otherwise ffmpeg writes into the
// entry's partial directory, which is renamed into place when complete.
func (r *runner) runCached(ctx context.Context, j *plan.Job) error {
	unlock, err := cache.Lock(ctx, j.CacheDir)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &JobError{Job: j, Err: err}
	}
	defer unlock()
	if cache.Valid(j.CacheDir) {
		r.event(j, "cached", ffmpeg.Progress{}, &ffmpeg.Result{})
		return nil
	}
	if err := cache.Begin(j.CacheDir); err != nil {
		return &JobError{Job: j, Err: err}
	}
	partial := strings.NewReplacer(j.CacheDir+string(filepath.Separator), cache.Partial(j.CacheDir)+string(filepath.Separator))
	args := make([]string, len(j.Args))
	for i, a := range j.Args {
		args[i] = partial.Replace(a)
	}
	if err := r.runFFmpeg(ctx, j, args); err != nil {
		cache.Abort(j.CacheDir)
		return err
	}
	names := make([]string, len(j.Outputs))
	for i, o := range j.Outputs {
		names[i] = filepath.Base(o)
	}
	if err := cache.Commit(j.CacheDir, j.Key, names); err != nil {
		cache.Abort(j.CacheDir)
		return &JobError{Job: j, Err: err}
	}
	return nil
}

// runFFmpeg runs the job's command with args and reports it; a job with a
// measuring pass runs that first and fills its {{name}} values into args.
func (r *runner) runFFmpeg(ctx context.Context, j *plan.Job, args []string) error {
	r.event(j, "start", ffmpeg.Progress{}, nil)
	if len(j.Measure) > 0 {
		var err error
		if args, err = r.measure(ctx, j, args); err != nil {
			return err
		}
	}
	res, err := ffmpeg.Run(ctx, r.opts.FFmpeg, args, ffmpeg.RunOptions{
		WaitDelay:  r.opts.Wait,
		OnProgress: func(pr ffmpeg.Progress) { r.event(j, "progress", pr, nil) },
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.event(j, "failed", ffmpeg.Progress{}, &res)
		return &JobError{Job: j, Err: err}
	}
	r.event(j, "done", ffmpeg.Progress{}, &res)
	return nil
}

// event updates the aggregate progress and reports it.
func (r *runner) event(j *plan.Job, state string, pr ffmpeg.Progress, res *ffmpeg.Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch state {
	case "start":
		r.running++
	case "progress":
		done := float64(pr.OutTimeUS) / 1e6
		if j.Frames > 0 {
			done = max(done, j.Seconds*float64(pr.Frame)/float64(j.Frames))
		}
		r.prog[j.ID] = max(r.prog[j.ID], min(done, j.Seconds))
	case "done", "failed", "cached":
		if state != "cached" {
			r.running--
		}
		if state != "failed" {
			r.ndone++
			r.prog[j.ID] = j.Seconds
		}
		r.stats.Jobs = append(r.stats.Jobs, JobStats{Job: j.ID, Wall: res.Wall, CPU: res.UserCPU + res.SysCPU,
			MaxRSSKB: res.MaxRSSKB, Cached: state == "cached"})
		if state == "cached" {
			r.stats.Cached++
		}
	}
	if r.opts.OnEvent == nil {
		return
	}
	ev := r.snapshot(j, state, pr)
	if res != nil {
		ev.CPU = (res.UserCPU + res.SysCPU).Seconds()
		ev.MaxRSSMB = float64(res.MaxRSSKB) / 1024
	}
	r.opts.OnEvent(ev)
}

// snapshot builds an event from the current totals (r.mu held).
func (r *runner) snapshot(j *plan.Job, state string, pr ffmpeg.Progress) Event {
	var doneSec float64
	for _, s := range r.prog {
		doneSec += s
	}
	ev := Event{Job: j.ID, Kind: j.Kind, State: state, Frame: pr.Frame, Speed: pr.Speed,
		Running: r.running, Done: r.ndone, Total: len(r.plan.Jobs), Elapsed: time.Since(r.start).Seconds()}
	if j.Seconds > 0 {
		ev.Percent = 100 * r.prog[j.ID] / j.Seconds
	}
	if r.total > 0 {
		ev.Overall = min(100, 100*doneSec/r.total)
	}
	if ev.Overall > 0 {
		ev.ETA = ev.Elapsed * (100 - ev.Overall) / ev.Overall
	}
	return ev
}

// measure runs the job's measuring pass (e.g. loudnorm's analysis), reads the
// last JSON object it printed on stderr, and substitutes each {{name}} in args
// with that object's value of name.
func (r *runner) measure(ctx context.Context, j *plan.Job, args []string) ([]string, error) {
	res, err := ffmpeg.Run(ctx, r.opts.FFmpeg, j.Measure, ffmpeg.RunOptions{WaitDelay: r.opts.Wait, StderrLines: 200})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	values, err := lastJSON(res.StderrTail)
	if err != nil {
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	var pairs []string
	for k, v := range values {
		pairs = append(pairs, "{{"+k+"}}", fmt.Sprint(v))
	}
	rep := strings.NewReplacer(pairs...)
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = rep.Replace(a)
		if strings.Contains(out[i], "{{") {
			return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass gave no value for %s", out[i])}
		}
	}
	return out, nil
}

// lastJSON finds the last {...} block in lines and decodes it.
func lastJSON(lines []string) (map[string]any, error) {
	end := -1
	for i := len(lines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if end < 0 && strings.HasSuffix(t, "}") {
			end = i
		}
		if end >= 0 && strings.HasPrefix(t, "{") {
			var v map[string]any
			if err := json.Unmarshal([]byte(strings.Join(lines[i:end+1], "\n")), &v); err != nil {
				return nil, fmt.Errorf("unreadable measurement: %w", err)
			}
			return v, nil
		}
	}
	return nil, errors.New("no measurement printed")
}
