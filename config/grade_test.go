package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGradeResolution(t *testing.T) {
	src := `
output: {path: out.mp4}
grade: {preset: cinematic, vignette: 0.3, match: first}
grades:
  dusk: {base: warm, exposure: -0.5, shadows: [0.02, 0, -0.02], curve: [[0, 0.05], [1, 0.95]]}
scenes:
  - {id: a, placeholder: {}, duration: 1s}
  - {id: b, placeholder: {}, duration: 1s, grade: dusk}
  - {id: c, placeholder: {}, duration: 1s, grade: {lut: looks/film.cube, intensity: 0.7, match: none}}
  - {id: d, placeholder: {}, duration: 1s, grade: none}
  - {id: e, placeholder: {}, duration: 1s, grade: {grain: 0.2, sharpen: 1, match: b}}
`
	p := parseOK(t, src, t.TempDir(), testOptions())
	type want struct {
		preset, lut, match  string
		intensity, vig, grn float64
	}
	wants := []*want{
		{"cinematic", "", "a", 1, 0.3, 0},
		{"dusk", "", "a", 1, 0.3, 0},
		{"", "film.cube", "", 0.7, 0.3, 0},
		nil,
		{"cinematic", "", "b", 1, 0.3, 0.2},
	}
	for i, w := range wants {
		g := p.Scenes[i].Grade
		if w == nil || g == nil {
			if (w == nil) != (g == nil) {
				t.Errorf("scene %d: grade %+v, want %+v", i, g, w)
			}
			continue
		}
		if g.Preset != w.preset || filepath.Base(g.LUT) != w.lut && w.lut != "" || g.Match != w.match ||
			g.Intensity != w.intensity || g.Vignette != w.vig || g.Grain != w.grn {
			t.Errorf("scene %d: grade %+v, want %+v", i, *g, *w)
		}
	}
	if len(p.Grades) != 1 || p.Grades[0].Look.Exposure != -0.5 || p.Grades[0].Look.Temperature == 0 {
		t.Errorf("project presets = %+v, want dusk based on warm", p.Grades)
	}
	if g := p.Scenes[2].Grade; !strings.HasSuffix(g.LUT, "looks/film.cube") || g.Sharpen != 0 {
		t.Errorf("scene c: %+v", *g)
	}
}

func TestGradeErrors(t *testing.T) {
	tests := []struct{ name, grade, want string }{
		{"preset typo", "grade: cinematc", `project.yaml:3: grade: unknown grade preset "cinematc" (did you mean "cinematic"?)`},
		{"key typo", "grade: {preset: warm, intesity: 0.5}", `project.yaml:3: grade.intesity: unknown key (did you mean "intensity"?)`},
		{"range", "grade: {intensity: 1.5}", "project.yaml:3: grade.intensity: 1.5 is out of range (0 to 1)"},
		{"not number", "grade: {vignette: lots}", `grade.vignette: expected a number from 0 to 1, found the string "lots"`},
		{"match", "grade: {match: scene-9}", `grade.match: unknown scene "scene-9" to match (did you mean "scene-1"?)`},
		{"list", "grade: [warm]", "grade: expected a preset name, none, or a map"},
		{"lut ext", "grade: {lut: film.3dl}", "grade.lut: film.3dl: reel reads LUTs in .cube format"},
		{"builtin name", "grades: {noir: {exposure: 1}}", `grades.noir: "noir" is a built-in preset`},
		{"param range", "grades: {mine: {saturation: 5}}", "grades.mine.saturation: 5 is out of range (-1 to 2)"},
		{"param typo", "grades: {mine: {saturaton: 0.1}}", `grades.mine.saturaton: unknown key (did you mean "saturation"?)`},
		{"colour", "grades: {mine: {shadows: [0.1, 0]}}", "grades.mine.shadows: expected a list of 3 numbers [r, g, b]"},
		{"curve", "grades: {mine: {curve: [[0, 0], [0, 1]]}}", "grades.mine.curve: point 2: inputs must increase"},
		{"base", "grades: {mine: {base: nior}}", `grades.mine.base: unknown grade preset "nior" (did you mean "noir"?)`},
		{"user preset ok", "grades: {mine: {}}\ngrade: mien", `unknown grade preset "mien" (did you mean "mine"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "output: {path: out.mp4}\nscenes: [{placeholder: {}, duration: 1s}]\n" + tt.grade + "\n"
			_, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestGradeBadLUT(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "looks"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "looks", "bad.cube"), []byte("LUT_3D_SIZE 2\n0 0 0\n1 NaN 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "output: {path: out.mp4}\nscenes:\n  - placeholder: {}\n    duration: 1s\n    grade: {lut: looks/bad.cube}\n"
	opts := testOptions()
	opts.SkipFileChecks = false
	_, err := Parse([]byte(src), "project.yaml", dir, opts)
	want := `project.yaml:5: scenes[0].grade.lut: looks/bad.cube:3: row 2: "NaN" is not a finite number`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v\nwant %q", err, want)
	}
}
