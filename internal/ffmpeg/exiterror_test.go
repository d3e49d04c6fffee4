package ffmpeg

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestHugeCommandErrorFitsAScreen runs a command too long for the kernel
// (one 200 KB argument: "argument list too long"): the error and the
// command shown stay short.
func TestHugeCommandErrorFitsAScreen(t *testing.T) {
	// Filter graphs that long go through a file (spillFilters); any other
	// argument still meets the kernel's limit.
	huge := "comment=" + strings.Repeat("x", 200_000)
	_, err := Run(context.Background(), os.Args[0], []string{"-metadata", huge, "out.mp4"}, RunOptions{})
	ee := asExitError(t, err)
	if !strings.Contains(ee.Error(), "argument list too long") {
		t.Errorf("Error() = %q, want the kernel's reason", ee.Error())
	}
	cmd := ee.Command()
	if len(cmd) > maxCommand+100 || len(ee.Error()) > 500 {
		t.Errorf("command shown is %d bytes, error %d; want a screen at most", len(cmd), len(ee.Error()))
	}
	if !strings.Contains(cmd, "bytes elided") || !strings.HasSuffix(cmd, " out.mp4") || !strings.Contains(cmd, "-metadata comment=xxx") {
		t.Errorf("Command() = %.200q…, want its start and end with the elision", cmd)
	}
}
