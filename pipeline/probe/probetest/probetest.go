// Package probetest gives tests reel's own view of a media file
// (pipeline/probe), for the assertions that depend on how reel reads it:
// its lengths, origins, field order. The media helpers themselves
// (internal/fftest) sit below the pipeline and read files on their own.
package probetest

import (
	"context"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/probe"
)

// Info probes path with pipeline/probe, failing the test on error.
func Info(t testing.TB, path string) *probe.Info {
	t.Helper()
	fftest.Require(t)
	info, err := probe.Probe(context.Background(), fftest.FFprobe(), path)
	if err != nil {
		t.Fatalf("probetest: %v", err)
	}
	return info
}
