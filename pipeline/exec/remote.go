package exec

import (
	"context"
	"slices"
	"time"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/plan"
)

// Remote runs jobs' commands on other machines (the render service's
// workers, issue 15): the executor keeps the plan, the cache and the mux,
// and hands each scene, transition and audio command to Remote.Run
// instead of starting ffmpeg here. When Run returns nil, the outputs the
// command writes are at their paths in the Work's Env on this machine.
type Remote interface {
	Run(ctx context.Context, w Work) (Ran, error)
}

// Work is one command of a job: the job, the arguments to run (the job's
// own, or one of its parts'), what their references point to on this
// machine, and the indexes of the outputs they write (nil: all).
type Work struct {
	Job   *plan.Job
	Args  []string
	Env   plan.Env
	Wrote []int
	// OnProgress, when set, is called with ffmpeg's progress as it runs.
	OnProgress func(ffmpeg.Progress) `json:"-"`
}

// Written are the paths of the outputs w's command writes.
func (w Work) Written() []string {
	var out []string
	for k, o := range w.Env.Outputs {
		if w.Wrote == nil || slices.Contains(w.Wrote, k) {
			out = append(out, o)
		}
	}
	return out
}

// Ran is what running a Work cost, and where it ran.
type Ran struct {
	Result ffmpeg.Result
	Worker string // the machine (worker name) that ran it; "" here
	Reused bool   // another render had run the same work: nothing ran
}

// RunWork runs w on this machine, as the executor runs a job's command
// (its files written, its measuring pass, its peak check): a worker's side
// of a Remote. tempDir holds ffmpeg's temporary files.
func RunWork(ctx context.Context, w Work, opts Options, tempDir string) (Ran, error) {
	var res ffmpeg.Result
	o := opts
	o.Remote = nil
	r := newRunner(&plan.Plan{WorkDir: tempDir}, o, newShared(time.Now()))
	r.onResult = func(got ffmpeg.Result) { res = got }
	r.onProgress = w.OnProgress
	err := r.runFFmpeg(ctx, w.Job, w.Args, w.Env, w.Wrote)
	return Ran{Result: res}, err
}

// runRemote hands job j's command to the Remote and reports it as runFFmpeg
// reports a local run.
func (r *runner) runRemote(ctx context.Context, j *plan.Job, args []string, env plan.Env, wrote []int) error {
	r.event(j, "start", ffmpeg.Progress{}, nil)
	ran, err := r.opts.Remote.Run(ctx, Work{Job: j, Args: args, Env: env, Wrote: wrote,
		OnProgress: func(pr ffmpeg.Progress) { r.event(j, "progress", pr, nil) }})
	if err != nil {
		if ctx.Err() != nil {
			return r.stopped(ctx.Err())
		}
		r.event(j, "failed", ffmpeg.Progress{}, &ran.Result)
		return &JobError{Job: j, Err: err}
	}
	r.sh.mu.Lock()
	r.where[j.ID] = ran.Worker
	r.sh.mu.Unlock()
	if ran.Reused {
		// Another render (on any machine) did this work: a cache hit.
		_ = r.stopped(nil)
		r.event(j, "cached", ffmpeg.Progress{}, &ffmpeg.Result{})
		return nil
	}
	r.event(j, "done", ffmpeg.Progress{}, &ran.Result)
	return nil
}
