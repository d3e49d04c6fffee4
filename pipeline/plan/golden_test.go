package plan_test

import (
	"flag"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/pipeline/plan/plantest"
)

var update = flag.Bool("update", false, "rewrite the plan sections of testdata/plans/*.txtar")

// TestPlanGoldens walks testdata/plans: each file is one case, a project
// and the plan it compiles to side by side (txtar sections project.yaml,
// media.json with the probe data of its files, shots.json, and plan, the
// plantest.Print of the plan or the error; every plan must also pass checkPlan). No FFmpeg is run: the media
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
			p, err := c.Build()
			if err == nil {
				checkPlan(t, p)
			}
			got := plantest.Print(p, err)
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

// TestBuildNeedsNoFFmpeg builds every golden case twice with an empty
// PATH, so that no ffmpeg, ffprobe or fc-list can be found: planning is
// pure and deterministic. All of them together take well under a second.
func TestBuildNeedsNoFFmpeg(t *testing.T) {
	t.Setenv("PATH", "")
	if p, err := osexec.LookPath("ffmpeg"); err == nil {
		t.Fatalf("ffmpeg still found at %s", p)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "plans", "*.txtar"))
	start := time.Now()
	built := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c, err := plantest.ReadCase(data)
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Build()
		want, _ := c.Archive.Get("plan")
		got := plantest.Print(p, err)
		if got != string(want) {
			t.Errorf("%s plans differently without ffmpeg on PATH:\n%s", file, lineDiff(string(want), got))
		}
		if again := plantest.Print(c.Build()); again != got {
			t.Errorf("%s plans differently the second time:\n%s", file, lineDiff(got, again))
		}
		if err == nil {
			built++
		}
	}
	took := time.Since(start)
	t.Logf("%d cases (%d plans), each built twice, in %v without ffmpeg", len(files), built, took)
	if took > 2*time.Second {
		t.Errorf("building %d plans took %v; planning must stay well under a second", len(files), took)
	}
}
