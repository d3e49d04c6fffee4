package exec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/plan"
)

// Remote runs jobs' commands on other machines (the render service's
// workers, issue 15): the executor keeps the plan, the cache and the mux,
// and hands each scene, transition and audio command to Remote.Run
// instead of starting ffmpeg here. When Run returns nil, the outputs the
// command writes are at their paths in the Work's Env on this machine.
//
// An output that no job here reads (a scene's raw head and tail, which only
// transitions read, and they run elsewhere too) may stay with the Remote:
// Work.Held lists them, and Run may leave a stub (WriteStub) at their
// paths, naming where the Remote holds them. A job that reads a stub is
// given it as it is when the Remote Holds its object; else (a render
// without the Remote, or an object gone) the part that wrote it runs again.
type Remote interface {
	Run(ctx context.Context, w Work) (Ran, error)
	Holds(ctx context.Context, object string) bool
}

// Work is one command of a job: the job, the arguments to run (the job's
// own, or one of its parts'), what their references point to on this
// machine, and the indexes of the outputs they write (nil: all).
type Work struct {
	Job   *plan.Job
	Args  []string
	Env   plan.Env
	Wrote []int
	// Held are the indexes of the outputs no job on this machine reads:
	// Run may leave stubs at their paths instead of fetching them.
	Held []int
	// OnProgress, when set, is called with ffmpeg's progress as it runs.
	OnProgress func(ffmpeg.Progress)
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
	var held []int
	for o := range env.Outputs {
		if o < len(j.Outputs) && !r.readHere[j.Outputs[o]] {
			held = append(held, o)
		}
	}
	work := Work{Job: j, Args: args, Env: env, Wrote: wrote, Held: held,
		OnProgress: func(pr ffmpeg.Progress) { r.event(j, "progress", pr, nil) }}
	ran, err := r.opts.Remote.Run(ctx, work)
	var lost *LostInput
	if errors.As(err, &lost) {
		// A stub's object is gone (or was damaged): the part that wrote
		// it runs again, then this job.
		if p, ok := r.producer[lost.Path]; ok {
			if err = r.redo(ctx, p, lost.Path, err, env.Threads); err == nil {
				ran, err = r.opts.Remote.Run(ctx, work)
			}
		}
	}
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

// LostInput is the error of a Remote.Run whose input is a stub whose
// object the Remote no longer has: the executor runs the part that wrote
// it again (the Remote then Holds it no more) and asks once more.
type LostInput struct {
	Path string
	Err  error
}

func (e *LostInput) Error() string { return fmt.Sprintf("input %s is lost: %v", e.Path, e.Err) }

// Unwrap returns the cause.
func (e *LostInput) Unwrap() error { return e.Err }

// stubMagic starts a stub: a file that stands for an output the Remote
// holds (see Remote).
const stubMagic = "reel remote object\n"

// WriteStub writes at path the stub of the object a Remote holds, of size
// bytes.
func WriteStub(path, object string, size int64) error {
	return os.WriteFile(path, []byte(fmt.Sprintf("%s%s\n%d\n", stubMagic, object, size)), 0o644)
}

// ReadStub reads the stub at path: the object it stands for and its size;
// ok is false when path is not a stub.
func ReadStub(path string) (object string, size int64, ok bool) {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() > 512 || fi.Size() < int64(len(stubMagic)) {
		return "", 0, false
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(b), stubMagic) {
		return "", 0, false
	}
	f := strings.Fields(strings.TrimPrefix(string(b), stubMagic))
	if len(f) != 2 {
		return "", 0, false
	}
	size, err = strconv.ParseInt(f[1], 10, 64)
	return f[0], size, err == nil
}

// readsHere are the files jobs on this machine read when a Remote runs the
// others: what a mux joins and what the render delivers.
func readsHere(p *plan.Plan) map[string]bool {
	here := map[string]bool{}
	for _, j := range p.Jobs {
		if j.Kind == plan.KindMux {
			for _, in := range j.Inputs {
				here[in] = true
			}
		}
	}
	for _, s := range p.Segments {
		here[s.Path] = true
	}
	for _, f := range p.Deliver {
		here[f.From] = true
		here[f.Temp] = true
	}
	return here
}
