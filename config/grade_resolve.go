package config

import (
	"github.com/reel-film/reel/looks"
)

// grades decodes the project's own presets and default grade, then gives
// every scene its grade: the scene's keys over the default's, a scene's
// preset or lut replacing the default's look as a whole. Preset names and
// match references are checked where they are written, once every scene id
// is known.
func (d *decoder) grades(p *Project, m fields) {
	if v, ok := m["grades"]; ok {
		p.Grades = d.userPresets(v)
	}
	if v, ok := m["grade"]; ok {
		p.Grade = d.grade(v)
	}
	reg := looks.Builtin.With(p.Grades)
	if p.Grade != nil {
		d.checkGrade(p.Grade, reg, p)
		if p.Grade.off {
			p.Grade = nil
		}
	}
	for i := range p.Scenes {
		s := &p.Scenes[i]
		if s.Grade != nil {
			d.checkGrade(s.Grade, reg, p)
		}
		s.Grade = mergeGrade(p.Grade, s.Grade)
	}
	if p.Grade != nil {
		p.Grade.set = nil
	}
}

// mergeGrade lays a scene's grade over the project default (either may be
// nil) and returns the scene's grade, nil for none.
func mergeGrade(def, own *GradeSpec) *GradeSpec {
	switch {
	case own != nil && own.off:
		return nil
	case own == nil && def == nil:
		return nil
	case own == nil:
		g := *def
		return &g
	case def == nil:
		own.set = nil
		return own
	}
	g := *def
	g.Pos = own.Pos
	if own.has("preset") || own.has("lut") {
		g.Preset, g.LUT, g.LUTDim = own.Preset, own.LUT, own.LUTDim
	}
	take := func(key string, dst *float64, v float64) {
		if own.has(key) {
			*dst = v
		}
	}
	take("intensity", &g.Intensity, own.Intensity)
	take("vignette", &g.Vignette, own.Vignette)
	take("grain", &g.Grain, own.Grain)
	take("sharpen", &g.Sharpen, own.Sharpen)
	if own.has("match") {
		g.Match = own.Match
	}
	g.set = nil
	return &g
}

// has reports whether the project file wrote key in this grade.
func (g *GradeSpec) has(key string) bool {
	_, ok := g.set[key]
	return ok
}

// checkGrade reports an unknown preset or match reference where it is
// written, and resolves `match: first` to the first scene's id.
func (d *decoder) checkGrade(g *GradeSpec, reg *looks.Registry, p *Project) {
	if g.Preset != "" {
		if _, err := reg.Lookup(g.Preset); err != nil {
			d.at(g.set["preset"], "%v", err)
			g.Preset = ""
		}
	}
	if g.Match == "" {
		return
	}
	ids := []string{"first"}
	for _, s := range p.Scenes {
		ids = append(ids, s.ID)
		if g.Match == s.ID {
			return
		}
	}
	if g.Match == "first" && len(p.Scenes) > 0 {
		g.Match = p.Scenes[0].ID
		return
	}
	d.at(g.set["match"], "unknown scene %q to match%s", g.Match, enumHint(g.Match, ids))
	g.Match = ""
}
