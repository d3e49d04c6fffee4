package ffmpeg

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"time"
)

// progressArgs are prepended to the arguments when progress is wanted.
var progressArgs = []string{"-progress", "pipe:1", "-nostats"}

// RunOptions tunes Run. The zero value is ready to use.
type RunOptions struct {
	OnProgress  func(Progress) // nil: no -progress args added
	Stdout      io.Writer      // receives stdout when OnProgress is nil (nil: discarded)
	StderrLines int            // trailing stderr lines kept for errors (default 20)
	WaitDelay   time.Duration  // after SIGINT on cancel, time before SIGKILL (default 5s)
	TempDir     string         // where filter graphs too long for an argument are written (default: the system temp dir)
	Dir         string         // working directory ("" : reel's own)
	Literal     bool           // bin is not ffmpeg: pass args exactly as given (no filter graph moved to a file)
}

// withDefaults fills in the zero fields.
func (o RunOptions) withDefaults() RunOptions {
	if o.StderrLines <= 0 {
		o.StderrLines = 20
	}
	if o.WaitDelay <= 0 {
		o.WaitDelay = 5 * time.Second
	}
	return o
}

// Result describes a finished process, successful or not.
type Result struct {
	Wall       time.Duration // wall-clock time from start to exit
	UserCPU    time.Duration // user CPU time of the process
	SysCPU     time.Duration // system CPU time of the process
	MaxRSSKB   int64         // peak resident set of the process, in KiB (rusage)
	StderrTail []string      // last RunOptions.StderrLines lines of stderr
}

// Run runs bin with args, never through a shell. When opts.OnProgress is
// set it prepends "-progress pipe:1 -nostats" and calls OnProgress once per
// progress block read from stdout. The child runs in its own process group;
// when ctx is done the group gets SIGINT, and SIGKILL opts.WaitDelay later.
// When the child exits, whatever it left running in its group is killed. A
// filter graph too long to be an argument is passed through a file (see
// MaxInlineFilter) unless opts.Literal. Any failure, cancellation included, is an *ExitError.
func Run(ctx context.Context, bin string, args []string, opts RunOptions) (Result, error) {
	opts = opts.withDefaults()
	if opts.OnProgress != nil {
		args = append(append([]string(nil), progressArgs...), args...)
	}
	cleanup := func() {}
	var err error
	if !opts.Literal {
		if args, cleanup, err = spillFilters(args, opts.TempDir); err != nil {
			return Result{}, &ExitError{Bin: bin, Args: args, ExitCode: -1, Err: err}
		}
	}
	defer cleanup()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = opts.Dir
	grp := configureProcess(cmd, opts.WaitDelay)
	tail := newTailWriter(opts.StderrLines)
	var p pipes
	err = attachOutputs(cmd, &p, tail, opts)
	start := time.Now()
	if err == nil {
		err = cmd.Start()
		p.started()
	}
	if err == nil {
		err = cmd.Wait()
	}
	grp.end()
	p.wait(opts.WaitDelay)
	res := resultOf(cmd.ProcessState, time.Since(start), tail.Lines())
	if err != nil {
		return res, newExitError(ctx, cmd, res.StderrTail, err)
	}
	return res, nil
}

// attachOutputs connects cmd's stderr to tail and its stdout to a progress
// parser calling opts.OnProgress, else to opts.Stdout (nil: discarded).
func attachOutputs(cmd *exec.Cmd, p *pipes, tail io.Writer, opts RunOptions) error {
	var err error
	if cmd.Stderr, err = p.add(func(r io.Reader) { _, _ = io.Copy(tail, r) }); err != nil {
		return err
	}
	switch {
	case opts.OnProgress != nil:
		cmd.Stdout, err = p.add(func(r io.Reader) {
			_ = ParseProgress(r, opts.OnProgress) // only read errors; progress is advisory
			_, _ = io.Copy(io.Discard, r)
		})
	case opts.Stdout != nil:
		cmd.Stdout, err = p.add(func(r io.Reader) {
			_, _ = io.Copy(opts.Stdout, r)
			_, _ = io.Copy(io.Discard, r) // a failing writer must not stall the child
		})
	}
	return err
}

// resultOf collects timings and resource usage; ps is nil if the process
// never started.
func resultOf(ps *os.ProcessState, wall time.Duration, tail []string) Result {
	res := Result{Wall: wall, StderrTail: tail}
	if ps != nil {
		res.UserCPU = ps.UserTime()
		res.SysCPU = ps.SystemTime()
		res.MaxRSSKB = maxRSSKB(ps)
	}
	return res
}

// newExitError describes the failure err of cmd.
func newExitError(ctx context.Context, cmd *exec.Cmd, tail []string, err error) *ExitError {
	e := &ExitError{Bin: cmd.Args[0], Args: cmd.Args[1:], ExitCode: -1, StderrTail: tail, Err: err}
	if ps := cmd.ProcessState; ps != nil {
		e.ExitCode = ps.ExitCode()
		e.Signal = signalOf(ps)
	}
	if ctx.Err() != nil {
		e.Cancelled = true
		e.Err = errors.Join(ctx.Err(), err)
	}
	return e
}
