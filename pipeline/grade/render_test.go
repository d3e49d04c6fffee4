package grade_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/reel-film/reel/looks"
	"github.com/reel-film/reel/pipeline/grade"
)

// TestRenderMatchesExportedCube renders the chart under every preset and
// compares each patch with the same patch mapped through the preset's
// exported .cube (after a write and parse): the mean delta E must stay
// under 2.
func TestRenderMatchesExportedCube(t *testing.T) {
	chart := writeChart(t, t.TempDir())
	base := renderChart(t, chart, nil)
	for _, p := range looks.Builtin.All() {
		t.Run(p.Name, func(t *testing.T) {
			ops := grade.Compile(p.Look, 1, nil)
			var buf bytes.Buffer
			if err := grade.Export(ops, p.Name, grade.ExportSize).Write(&buf); err != nil {
				t.Fatal(err)
			}
			cube, err := looks.ParseCube(&buf, p.Name+".cube")
			if err != nil {
				t.Fatal(err)
			}
			got := renderChart(t, chart, ops.Filters())
			var sum, worst float64
			for i := range got {
				de := grade.DeltaE(got[i], cube.Apply(base[i]))
				sum += de
				worst = math.Max(worst, de)
			}
			mean := sum / float64(len(got))
			t.Logf("%s: render vs exported .cube: mean ΔE %.2f, worst %.2f", p.Name, mean, worst)
			if mean >= 2 {
				t.Errorf("%s: mean ΔE %.2f between the render and its .cube, want < 2", p.Name, mean)
			}
		})
	}
}

// TestPresetEffects checks what the presets promise on the chart.
func TestPresetEffects(t *testing.T) {
	chart := writeChart(t, t.TempDir())
	base := renderChart(t, chart, nil)
	look := func(name string, i float64) []grade.RGB {
		p, err := looks.Builtin.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		return renderChart(t, chart, grade.Compile(p.Look, i, nil).Filters())
	}
	noir := look("noir", 1)
	for i, c := range noir {
		lab := c.Lab()
		if math.Hypot(lab.A, lab.B) > 2 {
			t.Errorf("noir patch %d = %v: chroma %.2f, want within 2 of neutral", i, c, math.Hypot(lab.A, lab.B))
		}
	}
	ratio := func(cs []grade.RGB) (r float64) {
		for _, c := range cs[18:] { // the grey patches
			r += c[0] / math.Max(c[2], 1e-3)
		}
		return r / 6
	}
	if w, b := ratio(look("warm", 1)), ratio(base); w <= b*1.05 {
		t.Errorf("warm: R/B of the greys %.3f, ungraded %.3f: want it raised", w, b)
	}
	if c, b := ratio(look("cool", 1)), ratio(base); c >= b/1.05 {
		t.Errorf("cool: R/B of the greys %.3f, ungraded %.3f: want it lowered", c, b)
	}
	zero := look("cinematic", 0)
	for i := range zero {
		if zero[i] != base[i] {
			t.Fatalf("intensity 0: patch %d = %v, ungraded %v: want identical", i, zero[i], base[i])
		}
	}
	if fs := grade.Compile(looks.Builtin.All()[1].Look, 0, nil).Filters(); len(fs) != 0 {
		t.Errorf("intensity 0 compiles to %v, want no filters", fs)
	}
}
