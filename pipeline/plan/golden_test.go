package plan_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan/plantest"
)

var update = flag.Bool("update", false, "rewrite the plan sections of testdata/plans/*.txtar")

// TestPlanGoldens walks testdata/plans: each file is one case, a project
// and the plan it compiles to side by side (txtar sections project.yaml,
// media.json with the probe data of its files, shots.json, and plan, the
// plantest.Print of the plan or the error). No FFmpeg is run: the media
// are described, not read. `go test ./pipeline/plan -run PlanGoldens
// -update` rewrites the plan sections; review the diff.
func TestPlanGoldens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "plans", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/plans (%v)", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c, err := plantest.ReadCase(data)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			got := c.Plan()
			if *update {
				c.Archive.Set("plan", []byte(got))
				if err := os.WriteFile(file, c.Archive.Format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := c.Archive.Get("plan")
			if !ok {
				t.Fatalf("%s has no plan section (run go test ./pipeline/plan -run PlanGoldens -update)", file)
			}
			if got != string(want) {
				t.Errorf("the plan of %s differs (rerun with -update if the change is intended):\n%s", file, lineDiff(string(want), got))
			}
		})
	}
}

// lineDiff lists the lines of want and got that differ, after their common
// start and end, with their line numbers.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	pre := 0
	for pre < len(w) && pre < len(g) && w[pre] == g[pre] {
		pre++
	}
	suf := 0
	for suf < len(w)-pre && suf < len(g)-pre && w[len(w)-1-suf] == g[len(g)-1-suf] {
		suf++
	}
	var b strings.Builder
	for i := pre; i < len(w)-suf; i++ {
		b.WriteString("- " + w[i] + "\n")
	}
	for i := pre; i < len(g)-suf; i++ {
		b.WriteString("+ " + g[i] + "\n")
	}
	return "from line " + strconv.Itoa(pre+1) + ":\n" + b.String()
}
