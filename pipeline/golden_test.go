package pipeline_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden plans of samples/*/plan.golden")

// TestSamplePlans compiles every sample project and compares its plan with
// the golden file beside it (go test ./pipeline -run SamplePlans -update
// rewrites them). Paths are written relative to the repository so the golden
// files hold on any machine.
func TestSamplePlans(t *testing.T) {
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
			e := pipeline.Env{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe(), WorkDir: "/tmp/reel-work", NoCache: true}
			prep, err := pipeline.Prepare(context.Background(), proj, e)
			if err != nil {
				t.Fatalf("sample %s does not compile: %v", name, err)
			}
			if got := prep.Plan.Frames; got < 1 {
				t.Fatalf("empty plan")
			}
			b, err := json.MarshalIndent(prep.Plan, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(string(b), repo, "$REPO") + "\n"
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
