// Command reel turns clips from any AI video generator (or plain files) into
// a finished multi-scene film through FFmpeg.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/reel-film/reel/internal/owned"
	"github.com/reel-film/reel/internal/secret"
)

func main() {
	keepRunningOnBrokenPipe()
	_ = owned.MarkChildren() // what a killed reel leaves running is found by the next one
	stdout, stderr := newPipeOut(os.Stdout), newPipeOut(os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals()...)
	root := newRoot()
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	stop()
	owned.StopDescendants() // a generator's job that left its process group (setsid)
	if err != nil && !alreadyReported(err) {
		// A token pasted where a flag's or a variable's value belongs
		// (REEL_JOBS, --deadline, a command name) is not echoed.
		fmt.Fprintln(stderr, "reel: "+secret.RedactTokens(err.Error()))
	}
	os.Exit(exitCode(err))
}

// stopSignals cancel a run cleanly: Ctrl-C, SIGTERM, and SIGHUP (the
// terminal went away), unless reel was started with SIGHUP ignored (nohup),
// which must stay so.
func stopSignals() []os.Signal {
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	return sigs
}
