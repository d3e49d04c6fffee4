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
	// ReuseFilms lets a mux whose film was delivered before (plan.Job's
	// FilmRef names where) copy that file, verified whole against its
	// recorded SHA-256, instead of running; every film delivered is then
	// recorded for the next render. A render served wholly from the cache
	// then starts no ffmpeg at all (the render service sets it).
	ReuseFilms bool
	// Seal, when set, is given a plan's finished temporaries once every
	// job succeeded, before any is renamed into place (to embed signed
	// Content Credentials: a delivered file is never half-signed); an
	// error fails the render, which then delivers none of them.
	Seal func(p *plan.Plan, finals []plan.Final) error
	// Remote, when set, runs the scene, transition and audio jobs'
	// commands elsewhere (see Remote); the mux runs here.
	Remote Remote
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
	// Worker names the machine that ran the job, when a Remote ran it.
	Worker string `json:"worker,omitempty"`
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
	sh := newShared(start)
	sh.jobs = len(p.Jobs)
	for _, j := range p.Jobs {
		sh.total += j.Seconds
	}
	r := newRunner(p, opts, sh)
	if err := r.runAll(ctx); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil { // cancelled as the last job ended
		return nil, cancelled(err)
	}
	if err := r.seal(finals); err != nil {
		return nil, err
	}
	if err := deliver(finals); err != nil {
		return nil, err
	}
	r.recordFilms(finals)
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

// seal calls Options.Seal on the finished temporaries; a film it was
// given as a reused copy is hashed again when recorded (Seal may change it).
func (r *runner) seal(finals []plan.Final) error {
	if r.opts.Seal == nil {
		return nil
	}
	r.sh.mu.Lock()
	clear(r.films)
	r.sh.mu.Unlock()
	return r.opts.Seal(r.plan, finals)
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

// runner runs the jobs of one plan: alone (Run) or as one variant of a
// batch (RunBatch), whose runners share their totals.
type runner struct {
	plan *plan.Plan
	opts Options
	name string // the variant's, in a batch
	sh   *shared

	// The fields below are guarded by sh.mu.
	stats    Stats
	prog     map[string]float64      // seconds written per job
	threads  map[string]int          // threads given to each started job
	warns    map[string][]string     // warnings of each job, kept with its cache entry
	producer map[string]producer     // the cached job and part that write each file
	ran      map[string][]string     // the parts run of jobs run in part
	handover map[string][]plan.Final // what each job delivers from where it writes it
	films    map[string]string       // the SHA-256 of each film reused, by mux job
	where    map[string]string       // the worker that ran each job a Remote ran
	readHere map[string]bool         // with a Remote: the files read on this machine (readsHere)

	// onResult and onProgress, when set, see each ffmpeg run's result and
	// progress (RunWork).
	onResult   func(ffmpeg.Result)
	onProgress func(ffmpeg.Progress)
}

// shared is what the runners of one render, or of one batch, share: the
// lock that guards them and serialises their events, the totals the events
// report, and the cached files verified or written.
type shared struct {
	mu       sync.Mutex
	start    time.Time
	total    float64 // seconds of all jobs
	doneSec  float64 // seconds written, summed over the jobs
	jobs     int     // jobs in the graph
	running  int
	ndone    int
	variants int // in a batch: variants, and those finished
	vdone    int
	verified map[string]bool // cached files verified or written in this render
}

// newShared makes the shared state of a render started at start.
func newShared(start time.Time) *shared {
	return &shared{start: start, verified: map[string]bool{}}
}

// newRunner makes the runner of p; its jobs are counted in sh's totals by
// the caller.
func newRunner(p *plan.Plan, opts Options, sh *shared) *runner {
	return &runner{plan: p, opts: opts, sh: sh, prog: map[string]float64{}, threads: map[string]int{}, warns: map[string][]string{},
		producer: producers(p), ran: map[string][]string{}, handover: handOvers(p), films: map[string]string{}, where: map[string]string{}, readHere: readsHere(p)}
}

// expectHit says whether job j looks like a cache hit (every entry
// complete): such a job does not share the cores with the jobs that will
// really run (runCached checks again, under the entry's lock, and each
// file is verified when it is read).
func expectHit(j *plan.Job) bool {
	hit := j.Cached()
	for _, pt := range j.Parts {
		hit = hit && cache.Complete(pt.CacheDir)
	}
	return hit
}

// runAll runs the plan's jobs (see schedule). A failure other than a job's
// own (a cancellation) is reported as a cancelled render.
func (r *runner) runAll(ctx context.Context) error {
	hit := make([]bool, len(r.plan.Jobs))
	for i := range r.plan.Jobs {
		hit[i] = expectHit(&r.plan.Jobs[i])
	}
	err := schedule(ctx, r.plan.Jobs, hit, r.opts.Jobs, r.opts.Cores, r.runJob)
	var je *JobError
	if err != nil && !errors.As(err, &je) && ctx.Err() != nil {
		return cancelled(err)
	}
	return err
}

// cancelled is the error of a render cancelled with err.
func cancelled(err error) error { return fmt.Errorf("render cancelled: %w", err) }

// runJob runs the job with threads: through the cache when its outputs
// are in cache entries.
func (r *runner) runJob(ctx context.Context, j *plan.Job, threads int) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if j.Cached() {
		return r.runCached(ctx, j, threads)
	}
	if r.reuseFilm(j) {
		return r.handOver(j)
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
	if r.opts.Remote != nil && j.Kind != plan.KindMux {
		return r.runRemote(ctx, j, args, env, wrote)
	}
	r.sh.mu.Lock()
	r.threads[j.ID] = env.Threads
	r.sh.mu.Unlock()
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
		return r.stopped(err)
	}
	cmd, err := plan.Expand(args, env)
	if err != nil {
		return r.stopped(&JobError{Job: j, Err: err})
	}
	res, err := ffmpeg.Run(ctx, r.opts.FFmpeg, cmd, ffmpeg.RunOptions{
		WaitDelay: r.opts.Wait,
		OnProgress: func(pr ffmpeg.Progress) {
			r.event(j, "progress", pr, nil)
			if r.onProgress != nil {
				r.onProgress(pr)
			}
		},
		TempDir: r.plan.WorkDir,
	})
	if r.onResult != nil {
		r.onResult(res)
	}
	if err != nil {
		if ctx.Err() != nil {
			return r.stopped(ctx.Err())
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
			return r.stopped(err)
		}
	}
	r.event(j, "done", ffmpeg.Progress{}, &res)
	return nil
}

// stopped counts a started job that ends with err without a "done" or
// "failed" event (a measuring pass failed, the render was cancelled) as
// no longer running, and returns err.
func (r *runner) stopped(err error) error {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	r.sh.running--
	return err
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
