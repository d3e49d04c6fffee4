package config

import (
	"path/filepath"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/looks"
	"gopkg.in/yaml.v3"
)

// GradeSpec is a scene's colour grade, resolved: the scene's own keys over
// the project's default grade.
type GradeSpec struct {
	Preset    string  // a built-in or project preset; "" for none
	LUT       string  // absolute path of a .cube file; "" for none
	LUTDim    int     // 1 or 3: the LUT's kind, read from the file (3 when files are not checked)
	Intensity float64 // 0..1: how much of the look (preset and LUT); default 1
	Vignette  float64 // 0..1
	Grain     float64 // 0..1
	Sharpen   float64 // 0..1
	Match     string  // id of the scene to match colours to; "" for none
	Pos       Pos
	set       map[string]Pos // where the project file wrote each key (for merging and messages)
	off       bool           // written as "none": no grade at all
}

// gradeKeys are the keys of a grade map.
var gradeKeys = []string{"preset", "lut", "intensity", "vignette", "grain", "sharpen", "match"}

// noGrade is the value that switches a grade (or a key of it) off.
const noGrade = "none"

// grade decodes a grade: a preset name, "none" (an off grade), or a map.
func (d *decoder) grade(f field) *GradeSpec {
	g := &GradeSpec{Intensity: 1, LUTDim: 3, Pos: d.pos(f.key, f.path), set: map[string]Pos{}}
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		name, ok := d.nonEmpty(f)
		if ok && name == noGrade {
			return &GradeSpec{off: true, Pos: g.Pos}
		}
		g.Preset, g.set["preset"] = name, d.pos(f.val, f.path)
		return g
	}
	if n.Kind != yaml.MappingNode && !isNull(n) {
		d.errorf(n, f.path, "expected a preset name, none, or a map {preset, lut, intensity, vignette, grain, sharpen, match}, found %s", describe(n))
		return g
	}
	m, _ := d.mapping(n, f.path, gradeKeys)
	for _, key := range gradeKeys {
		v, ok := m[key]
		if !ok {
			continue
		}
		g.set[key] = d.pos(v.val, v.path)
		switch key {
		case "preset":
			g.Preset = d.optionalName(v)
		case "match":
			g.Match = d.optionalName(v)
		case "lut":
			d.gradeLUT(v, g)
		case "intensity":
			g.Intensity, _ = d.number(v, 0, 1)
		case "vignette":
			g.Vignette, _ = d.number(v, 0, 1)
		case "grain":
			g.Grain, _ = d.number(v, 0, 1)
		case "sharpen":
			g.Sharpen, _ = d.number(v, 0, 1)
		}
	}
	return g
}

// optionalName reads a name where "none" means no value.
func (d *decoder) optionalName(f field) string {
	s, _ := d.nonEmpty(f)
	if s == noGrade {
		return ""
	}
	return s
}

// gradeLUT reads the lut key and checks the .cube file.
func (d *decoder) gradeLUT(f field, g *GradeSpec) {
	path, ok := d.nonEmpty(f)
	if !ok {
		return
	}
	g.LUT = d.inputFile(f, InputLUT, path)
	if filepath.Ext(path) != ".cube" {
		d.errorf(f.val, f.path, "%s: reel reads LUTs in .cube format (Resolve, Adobe)", path)
		return
	}
	if d.opts.SkipFileChecks {
		return
	}
	c, err := looks.ReadCube(g.LUT, path)
	if err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return
	}
	g.LUTDim = c.Dim
}

// number reads a number in [lo, hi].
func (d *decoder) number(f field, lo, hi float64) (float64, bool) {
	n := deref(f.val)
	var v float64
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&v) != nil {
		d.errorf(n, f.path, "expected a number from %g to %g, found %s", lo, hi, describe(n))
		return 0, false
	}
	if !(v >= lo && v <= hi) { // NaN (.nan) is out of range too
		d.errorf(n, f.path, "%s is out of range (%g to %g)", quote.Short(n.Value, quote.MaxValue), lo, hi)
		return 0, false
	}
	return v, true
}
