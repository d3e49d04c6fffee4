package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/looks"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/grade"
)

// writeIdentityCube writes an identity 3D LUT of size n.
func writeIdentityCube(t *testing.T, path string, n int) {
	c := &looks.Cube{Dim: 3, Size: n, DomainMax: [3]float64{1, 1, 1}}
	for b := 0; b < n; b++ {
		for g := 0; g < n; g++ {
			for r := 0; r < n; r++ {
				s := 1 / float64(n-1)
				c.Data = append(c.Data, grade.RGB{float64(r) * s, float64(g) * s, float64(b) * s})
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := c.Write(f); err != nil {
		t.Fatal(err)
	}
}

// psnr compares two videos with ffmpeg's psnr filter (average over planes).
func psnr(t *testing.T, a, b string) float64 {
	out, err := exec.Command(fftest.FFmpeg(), "-hide_banner", "-i", a, "-i", b, "-lavfi", "psnr", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("psnr: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`average:(inf|[0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("psnr: no average in %s", out)
	}
	v, _ := strconv.ParseFloat(strings.Replace(string(m[1]), "inf", "+Inf", 1), 64)
	return v
}

// TestRenderGrades renders one smooth clip ungraded, through an identity
// LUT (user LUT path: RGB float, lut3d, back) and at intensity 0, and
// checks the frames are unchanged.
func TestRenderGrades(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "smooth.mp4")
	if out, err := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-f", "lavfi", "-i",
		"gradients=s=160x90:r=30:d=1:c0=#c04020:c1=#2050a0:speed=0.05", "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p", src).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	writeIdentityCube(t, filepath.Join(dir, "id.cube"), 17)
	outputs := map[string]string{}
	for name, g := range map[string]string{"none": "none", "lut": "{lut: id.cube}", "zero": "{preset: noir, intensity: 0}"} {
		sub := filepath.Join(dir, name)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"smooth.mp4", "id.cube"} {
			if err := os.Link(filepath.Join(dir, f), filepath.Join(sub, f)); err != nil {
				t.Fatal(err)
			}
		}
		p := render(t, sub, fmt.Sprintf("output: {path: out.mp4, size: 160x90, fps: 30, crf: 0}\ngrade: %s\nscenes:\n  - {source: smooth.mp4}\n", g))
		outputs[name] = p.Output
		if lut := filepath.Join(sub, "id.cube"); name == "lut" && !strings.Contains(strings.Join(p.Jobs[0].Inputs, " "), lut) {
			t.Errorf("the scene job's inputs %v lack the LUT %s (the cache must key on it)", p.Jobs[0].Inputs, lut)
		}
	}
	v := psnr(t, outputs["lut"], outputs["none"])
	t.Logf("identity LUT: PSNR %.1f dB against no grade", v)
	if v <= 45 {
		t.Errorf("identity LUT: PSNR %.1f dB against no grade, want > 45", v)
	}
	if v := psnr(t, outputs["zero"], outputs["none"]); v <= 60 {
		t.Errorf("intensity 0: PSNR %.1f dB against no grade, want identical", v)
	}
}

// TestGradeChangesOnlyItsScene: the grade is in the scene jobs' arguments,
// so changing one scene's grade changes that job alone.
func TestGradeChangesOnlyItsScene(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 0.5})
	args := map[string][]string{}
	for _, g := range []string{"warm", "cool"} {
		yaml := "output: {path: out.mp4, size: 160x90, fps: 30}\ngrade: cinematic\nscenes:\n  - {id: one, source: a.mp4}\n  - {id: two, source: a.mp4, grade: " + g + "}\n"
		prep, err := pipeline.NewEngine(tools(), pipeline.Cache{Off: true}).Plan(context.Background(), request(dir, writeProject(t, dir, yaml)))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range prep.Plan.Jobs {
			args[g] = append(args[g], j.ID+" "+strings.Join(j.Args, " "))
		}
	}
	for i := range args["warm"] {
		changed := args["warm"][i] != args["cool"][i]
		if want := strings.HasPrefix(args["warm"][i], "s02-two "); changed != want {
			t.Errorf("job %d (%.20s...): changed %v, want %v", i, args["warm"][i], changed, want)
		}
	}
}

// TestShotMatchingStage: the analysis stage measures the scenes before
// planning, and only the scene that differs from its reference gets a
// correction.
func TestShotMatchingStage(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "ref.mp4", Seconds: 0.5})
	fftest.Make(t, dir, fftest.Clip{Name: "red.mp4", Seconds: 0.5, Color: "#a04030"})
	yaml := "output: {path: out.mp4, size: 160x90, fps: 30}\ngrade: {match: first}\nscenes:\n  - {id: ref, source: ref.mp4}\n  - {id: red, source: red.mp4}\n"
	prep, err := pipeline.NewEngine(tools(), pipeline.Cache{Off: true}).Plan(context.Background(), request(dir, writeProject(t, dir, yaml)))
	if err != nil {
		t.Fatal(err)
	}
	if a := strings.Join(prep.Plan.Job("s01-ref").Args, " "); strings.Contains(a, "lutyuv") {
		t.Errorf("the reference scene got a correction: %s", a)
	}
	if a := strings.Join(prep.Plan.Job("s02-red").Args, " "); !strings.Contains(a, "lutyuv") {
		t.Errorf("the matched scene has no correction: %s", a)
	}
}
