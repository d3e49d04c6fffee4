package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// deadlineError says that --deadline ran out, and during what, instead of
// the "killed" or "context deadline exceeded" of whatever was running.
type deadlineError struct {
	deadline time.Duration
	activity string
	err      error
}

func (e *deadlineError) Error() string {
	return fmt.Sprintf("deadline %s exceeded while %s (give --deadline more time, or leave it out for none)", e.deadline, e.activity)
}

func (e *deadlineError) Unwrap() error { return e.err }

// applyDeadline gives the command's context the --deadline d (none for
// 0; a negative one is a usage error, example shows a sensible one) and
// returns what releases it.
func applyDeadline(cmd *cobra.Command, d time.Duration, example string) (release func(), err error) {
	if d < 0 {
		return nil, usage(fmt.Errorf("--deadline %s: a deadline must be positive (e.g. %s), or left out for none", d, example))
	}
	if d == 0 {
		return func() {}, nil
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), d)
	cmd.SetContext(ctx)
	return cancel, nil
}

// withDeadline turns err into a deadlineError when ctx's deadline (the
// --deadline d) is what stopped the work.
func withDeadline(ctx context.Context, d time.Duration, err error) error {
	if err == nil || d <= 0 || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return err
	}
	return &deadlineError{deadline: d, activity: activity(err), err: err}
}

// activity names what an error interrupted from the start of its message:
// "listing xfade transitions with ffmpeg: signal: killed" → "listing xfade
// transitions with ffmpeg"; "render cancelled: ..." → "rendering".
func activity(err error) string {
	msg, _, _ := strings.Cut(err.Error(), ": ")
	msg = strings.TrimSuffix(msg, " cancelled")
	switch {
	case msg == "render":
		return "rendering"
	case strings.HasPrefix(msg, "job "):
		return "rendering (" + msg + ")"
	case msg == "":
		return "preparing the render"
	}
	return msg
}
