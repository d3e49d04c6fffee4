package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/exec"
)

// TestLocationsAreNotInKeys renders one project from two directories, the
// first named with the characters a filtergraph escapes (its LUT and its
// card's script are paths inside the graph), with the work directory and
// the output there too: the first render works and its LUT shows, and in
// the second every job is a hit of the first's entries.
func TestLocationsAreNotInKeys(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	root := t.TempDir()
	cache := filepath.Join(root, "cache")
	project := func(dir string) string {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Color: "white", Audio: true})
		var lut strings.Builder
		lut.WriteString("LUT_3D_SIZE 2\n")
		for range 8 {
			lut.WriteString("1 0 0\n") // everything red
		}
		if err := os.WriteFile(filepath.Join(dir, "red.cube"), []byte(lut.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return writeProject(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {source: a.mp4, grade: {lut: red.cube}}
  - {placeholder: {text: "hello"}, duration: 1s}
`)
	}
	render := func(dir string) (*exec.Stats, string) {
		t.Helper()
		ctx := context.Background()
		req := request(dir, project(dir))
		req.Jobs = 2
		res, err := pipeline.NewEngine(tools(), pipeline.Cache{Dir: cache}).Render(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res.Stats, res.Plan.Output
	}
	cold, out := render(filepath.Join(root, `it's a:[b],c;d {{in0}} `, "x"))
	if cold.Cached != 0 {
		t.Fatalf("cold render: %d hits", cold.Cached)
	}
	st, _ := render(filepath.Join(root, "plain"))
	for _, j := range st.Jobs {
		if !j.Cached && !isMux(j.Job) {
			t.Errorf("%s ran again in another directory", j.Job)
		}
	}
	if c := fftest.MeanRGB(t, out, 5); c[0] < 180 || c[1] > 60 || c[2] > 60 {
		t.Errorf("the LUT did not apply: %v", c)
	}
	if n := fftest.FrameCount(t, out); n != 60 {
		t.Errorf("%d frames, want 60", n)
	}
}
