package pipeline_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/plan/plantest"
)

var update = flag.Bool("update", false, "rewrite the plan summaries of samples/*/plan.golden")

// TestSamplePlans checks that every sample project loads, probes and plans,
// that its plan has the properties every plan has (plantest.Check), and
// compares the plan's shape with the summary beside it, plan.golden: the
// timeline, warnings, segments and each job's kind, length, dependencies,
// inputs and outputs, without arguments (go test ./pipeline -run
// SamplePlans -update rewrites them). The jobs' arguments are checked by
// the small cases of pipeline/plan/testdata/plans, one feature each, so a
// filter change does not rewrite these. Paths are written relative to the
// sample (or $REPO), so the summaries hold on any machine.
func TestSamplePlans(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	projects, _ := filepath.Glob(filepath.Join(repo, "samples", "*", "project.yaml"))
	if len(projects) == 0 {
		t.Fatal("no sample projects found")
	}
	for _, proj := range projects {
		name := filepath.Base(filepath.Dir(proj))
		t.Run(name, func(t *testing.T) {
			// Without the cache: keys hold the FFmpeg version, which differs
			// between machines; the cache has tests of its own.
			eng := pipeline.NewEngine(tools(), pipeline.Cache{Off: true})
			prep, err := eng.Plan(context.Background(), pipeline.Request{Path: proj})
			if err != nil {
				t.Fatalf("sample %s does not compile: %v", name, err)
			}
			if got := prep.Plan.Frames; got < 1 {
				t.Fatalf("empty plan")
			}
			for _, err := range plantest.Check(prep.Plan) {
				t.Error(err)
			}
			got := plantest.Format(prep.Plan, plantest.Options{Dir: filepath.Dir(proj), WorkDir: prep.Plan.WorkDir, Summary: true})
			got = strings.ReplaceAll(got, repo, "$REPO")
			golden := filepath.Join(filepath.Dir(proj), "plan.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./pipeline -run SamplePlans -update)", err)
			}
			if got != string(want) {
				t.Errorf("plan of %s differs from %s (rerun with -update if the change is intended):\n%s", name, golden, firstDiff(string(want), got))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}
