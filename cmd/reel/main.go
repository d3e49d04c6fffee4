// Command reel turns clips from any AI video generator (or plain files) into
// a finished multi-scene film through FFmpeg.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	keepRunningOnBrokenPipe()
	stdout, stderr := newPipeOut(os.Stdout), newPipeOut(os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	root := newRoot()
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	stop()
	if err != nil && !alreadyReported(err) {
		fmt.Fprintln(stderr, "reel: "+err.Error())
	}
	os.Exit(exitCode(err))
}
