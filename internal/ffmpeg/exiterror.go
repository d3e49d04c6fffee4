package ffmpeg

import (
	"fmt"
	"path/filepath"

	"github.com/reel-film/reel/internal/elide"
)

// ExitError reports a process that failed, was cancelled, was killed by a
// signal, or could not start.
type ExitError struct {
	Bin        string   // program path as run
	Args       []string // arguments as run, progress arguments included
	ExitCode   int      // -1 when killed by a signal or never started
	Signal     string   // e.g. "killed" when terminated by a signal
	StderrTail []string // last stderr lines
	Cancelled  bool     // the context was done before the process exited
	Err        error    // underlying error; includes ctx.Err() when Cancelled
}

// Error returns "ffmpeg exited with code 1: <last stderr line>",
// "ffmpeg was cancelled", "ffmpeg was killed by signal: killed" or
// "ffmpeg failed: <cause>", named after the binary.
func (e *ExitError) Error() string {
	name := filepath.Base(e.Bin)
	switch {
	case e.Cancelled:
		return name + " was cancelled"
	case e.Signal != "":
		return e.withLastLine(fmt.Sprintf("%s was killed by signal: %s", name, e.Signal))
	case e.ExitCode >= 0:
		return e.withLastLine(fmt.Sprintf("%s exited with code %d", name, e.ExitCode))
	default:
		return fmt.Sprintf("%s failed: %v", name, e.Err)
	}
}

// withLastLine appends the last stderr line, if any, to msg.
func (e *ExitError) withLastLine(msg string) string {
	if n := len(e.StderrTail); n > 0 {
		return msg + ": " + e.StderrTail[n-1]
	}
	return msg
}

// Unwrap returns the underlying error, so errors.Is(err, context.Canceled)
// holds for a cancelled run.
func (e *ExitError) Unwrap() error { return e.Err }

// maxCommand bounds the command line that Command shows: enough for any
// ordinary job, and a screen at most for a huge one.
const maxCommand = 2000

// Command renders the command line shell-quoted, for messages. A command
// longer than maxCommand bytes is shown by its start and end, with how much
// was left out in between.
func (e *ExitError) Command() string {
	return elide.Middle(ShellQuote(append([]string{e.Bin}, e.Args...)), maxCommand)
}
