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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRoot().ExecuteContext(ctx)
	stop()
	if err != nil && !alreadyReported(err) {
		fmt.Fprintln(os.Stderr, "reel: "+err.Error())
	}
	os.Exit(exitCode(err))
}
