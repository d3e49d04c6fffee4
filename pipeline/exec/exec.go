// Package exec runs a render plan on this machine: independent jobs in
// parallel up to a limit, each job once its dependencies are done, the output
// renamed into place only when everything succeeded. A failed or cancelled
// render leaves nothing at the output path and never touches an earlier
// output; its temporary files are removed.
package exec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/plan"
)

// Options configure a local run.
type Options struct {
	FFmpeg   string            // the ffmpeg binary (default "ffmpeg")
	Jobs     int               // jobs at once (default 1)
	Cores    int               // threads to share among the running jobs (default: this machine's cores)
	OnEvent  func(event.Event) // progress; calls are serialised
	KeepWork bool              // keep the work directory (for debugging)
	Wait     time.Duration     // after SIGINT, how long a job may take to stop before SIGKILL (default 5s)
}

// JobStats is what one finished job cost.
type JobStats struct {
	Job      string        `json:"job"`
	Wall     time.Duration `json:"wall_ns"`
	CPU      time.Duration `json:"cpu_ns"`
	MaxRSSKB int64         `json:"max_rss_kb"`
	Threads  int           `json:"threads"` // the threads it was given (0 for a cache hit)
	Cached   bool          `json:"cached"`  // a cache hit: the job did not run
	// Parts names the parts that ran when the others were cache hits
	// (nil when the job ran whole or not at all).
	Parts []string `json:"parts,omitempty"`
}

// Stats is what a render cost.
type Stats struct {
	Wall   time.Duration `json:"wall_ns"`
	Jobs   []JobStats    `json:"jobs"`
	Cached int           `json:"cached"` // jobs served from the cache
	// Warnings are what the jobs found while running (e.g. a limiter the
	// loudness normalisation needed), also reported as events.
	Warnings []string `json:"warnings,omitempty"`
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

// Run executes p. On success every file the plan delivers (p.Deliver: each
// rendition, and what derived jobs add) is at its path; on any failure or
// cancellation nothing new is at any of them, no earlier file there is
// replaced, and the temporary files are gone: the temporaries are renamed
// only when every job succeeded.
func Run(ctx context.Context, p *plan.Plan, opts Options) (st *Stats, err error) {
	if opts.FFmpeg == "" {
		opts.FFmpeg = "ffmpeg"
	}
	if opts.Cores <= 0 {
		opts.Cores = runtime.NumCPU()
	}
	start := time.Now()
	if err := os.MkdirAll(p.WorkDir, 0o755); err != nil {
		return nil, fmt.Errorf("create work directory: %w", err)
	}
	finals := deliveries(p)
	for _, f := range finals {
		if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
			return nil, fmt.Errorf("create output directory: %w", err)
		}
		removeStalePartials(f.Path)
	}
	defer func() {
		if err != nil {
			for _, f := range finals {
				os.Remove(f.Temp)
			}
		}
		if !opts.KeepWork {
			os.RemoveAll(p.WorkDir)
		}
	}()
	r := newRunner(p, opts, start)
	if err := r.runAll(ctx); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil { // cancelled as the last job ended
		return nil, fmt.Errorf("render cancelled: %w", err)
	}
	if err := deliver(finals); err != nil {
		return nil, err
	}
	r.stats.Wall = time.Since(start)
	return &r.stats, nil
}

// deliveries are the files p delivers (a plan made by hand with none
// delivers its Output).
func deliveries(p *plan.Plan) []plan.Final {
	if len(p.Deliver) > 0 {
		return p.Deliver
	}
	return []plan.Final{{Path: p.Output, Temp: p.TempOutput}}
}

// deliver renames every temporary into place, once each is checked to be
// there: a job that exited 0 without writing its output fails the render
// before any rename. Should a rename fail after others succeeded (a
// directory made unwritable meanwhile), those are undone: each file a
// rename replaces is first kept under a second name (a hard link, see
// previousName), and put back; a path that held nothing is emptied again.
func deliver(finals []plan.Final) error {
	for _, f := range finals {
		if fi, err := os.Stat(f.Temp); err != nil || !fi.Mode().IsRegular() {
			return fmt.Errorf("job %s did not write %s", f.Job, f.Path)
		}
	}
	var done []delivered
	for _, f := range finals {
		d := delivered{path: f.Path}
		if fi, err := os.Lstat(f.Path); err == nil && fi.Mode().IsRegular() {
			prev := previousName(f.Temp)
			os.Remove(prev)
			if os.Link(f.Path, prev) == nil {
				d.previous = prev
			}
		}
		if err := os.Rename(f.Temp, f.Path); err != nil {
			if d.previous != "" {
				os.Remove(d.previous)
			}
			undeliver(done)
			return fmt.Errorf("move the finished %s into place: %w", filepath.Base(f.Path), err)
		}
		done = append(done, d)
	}
	for _, d := range done {
		if d.previous != "" {
			os.Remove(d.previous)
		}
	}
	return nil
}

// delivered is a file renamed into place, and the name its earlier file
// is kept under until every rename succeeded ("" when there was none).
type delivered struct{ path, previous string }

// undeliver puts back what deliver replaced, last first.
func undeliver(done []delivered) {
	for i := len(done) - 1; i >= 0; i-- {
		d := done[i]
		if d.previous != "" {
			os.Rename(d.previous, d.path)
		} else {
			os.Remove(d.path)
		}
	}
}

// previousName is where deliver keeps the earlier file of the output whose
// temporary is temp while it renames: beside it, hidden, with the same tag
// (".film.mp4.1234.previous"), so that removeStalePartials clears one a
// killed reel left.
func previousName(temp string) string {
	return strings.TrimSuffix(temp, ".partial") + ".previous"
}

// runner schedules the jobs of one plan.
type runner struct {
	plan  *plan.Plan
	opts  Options
	start time.Time

	mu       sync.Mutex
	stats    Stats
	prog     map[string]float64      // seconds written per job
	doneSec  float64                 // the sum of prog
	threads  map[string]int          // threads given to each started job
	warns    map[string][]string     // warnings of each job, kept with its cache entry
	producer map[string]producer     // the cached job and part that write each file
	ran      map[string][]string     // the parts run of jobs run in part
	verified map[string]bool         // cached files verified or written in this render
	handover map[string][]plan.Final // what each job delivers from where it writes it
	total    float64                 // seconds of all jobs
	running  int
	ndone    int
}

func newRunner(p *plan.Plan, opts Options, start time.Time) *runner {
	r := &runner{plan: p, opts: opts, start: start, prog: map[string]float64{}, threads: map[string]int{}, warns: map[string][]string{},
		producer: producers(p), verified: map[string]bool{}, ran: map[string][]string{}, handover: handOvers(p)}
	for _, j := range p.Jobs {
		r.total += j.Seconds
	}
	return r
}

// runAll runs the plan's jobs (see schedule). A failure other than a job's
// own (a cancellation) is reported as a cancelled render.
func (r *runner) runAll(ctx context.Context) error {
	// Entries that look complete are expected hits: they do not share the
	// cores with the jobs that will really run (runCached checks again,
	// under the entry's lock, and each file is verified when it is read).
	hit := make([]bool, len(r.plan.Jobs))
	for i, j := range r.plan.Jobs {
		hit[i] = j.Cached()
		for _, pt := range j.Parts {
			hit[i] = hit[i] && cache.Complete(pt.CacheDir)
		}
	}
	err := schedule(ctx, r.plan.Jobs, hit, r.opts.Jobs, r.opts.Cores, r.runJob)
	var je *JobError
	if err != nil && !errors.As(err, &je) && ctx.Err() != nil {
		return fmt.Errorf("render cancelled: %w", err)
	}
	return err
}

// runJob runs the job with threads: through the cache when its outputs
// are in cache entries.
func (r *runner) runJob(ctx context.Context, j *plan.Job, threads int) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if j.Cached() {
		return r.runCached(ctx, j, threads)
	}
	if err := r.verifyInputs(ctx, j, threads); err != nil {
		return err
	}
	if err := r.runFFmpeg(ctx, j, j.Args, plan.JobEnv(j, threads), nil); err != nil {
		return err
	}
	return r.handOver(j)
}

// runFFmpeg runs the job's command args, its references expanded in env,
// and reports it; the files the job reads are written first. A job with a
// measuring pass runs that first and fills its {{name}} values; a loudness
// job computes its gain and limiter first; an audio job checks the true
// peak of the streams it wrote after (wrote: the indexes of its outputs
// that args write; nil for all).
func (r *runner) runFFmpeg(ctx context.Context, j *plan.Job, args []string, env plan.Env, wrote []int) error {
	r.mu.Lock()
	r.threads[j.ID] = env.Threads
	r.mu.Unlock()
	if err := writeFiles(j, env); err != nil {
		return &JobError{Job: j, Err: err}
	}
	r.event(j, "start", ffmpeg.Progress{}, nil)
	var err error
	switch {
	case j.Loudness != nil:
		env.Values, err = r.loudness(ctx, j, env)
	case len(j.Measure) > 0:
		env.Values, err = r.measure(ctx, j, env)
	}
	if err != nil {
		return err
	}
	cmd, err := plan.Expand(args, env)
	if err != nil {
		return &JobError{Job: j, Err: err}
	}
	res, err := ffmpeg.Run(ctx, r.opts.FFmpeg, cmd, ffmpeg.RunOptions{
		WaitDelay:  r.opts.Wait,
		OnProgress: func(pr ffmpeg.Progress) { r.event(j, "progress", pr, nil) },
		TempDir:    r.plan.WorkDir,
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.event(j, "failed", ffmpeg.Progress{}, &res)
		return &JobError{Job: j, Err: err}
	}
	if j.Kind == plan.KindAudio && (j.Loudness != nil || len(j.Measure) == 0) {
		// A normalised mix may overshoot in the encoder; one not
		// normalised may clip.
		var outs []string
		for k, o := range env.Outputs {
			if wrote == nil || slices.Contains(wrote, k) {
				outs = append(outs, o)
			}
		}
		if err := r.checkPeak(ctx, j, outs); err != nil {
			return err
		}
	}
	r.event(j, "done", ffmpeg.Progress{}, &res)
	return nil
}

// writeFiles writes the files a job's command reads (lists, texts), their
// references expanded in env.
func writeFiles(j *plan.Job, env plan.Env) error {
	for _, f := range j.Files {
		text, err := plan.ExpandString(f.Content, env)
		if err != nil {
			return err
		}
		path, err := plan.FilePath(f, env) // it may be one of the outputs
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
