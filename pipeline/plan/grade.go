package plan

import (
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/looks"
	"github.com/reel-film/reel/pipeline/grade"
)

// grade adds scene s's colour grade to the conformed picture at lbl and
// returns the label of the graded picture (lbl itself when s has no
// grade). In order: the shot-matching correction and the preset, compiled
// together to Y'CbCr filters; the user's LUT, blended by the intensity; then
// vignette, grain and sharpen. Everything is in the job's arguments, and a
// LUT file is among its inputs, so a changed grade changes the job's key.
func (b *builder) grade(g *ffmpeg.Graph, in *inputs, s scene, lbl string) string {
	spec := s.cfg.Grade
	if spec == nil {
		return lbl
	}
	var look looks.Look
	if spec.Preset != "" {
		if p, err := looks.Builtin.With(b.project.Grades).Lookup(spec.Preset); err == nil {
			look = p.Look // config.Load already reported unknown names
		}
	}
	fs := grade.Compile(look, spec.Intensity, b.correction(s)).Filters()
	if spec.LUT != "" && spec.Intensity > 0 {
		// The LUT is read by the filter, not opened with -i.
		lut := grade.LUTFilters(in.read(spec.LUT), spec.LUTDim)
		if spec.Intensity >= 1 {
			fs = append(fs, lut...)
		} else {
			lbl = b.mixLUT(g, lbl, fs, lut, spec.Intensity)
			fs = nil
		}
	}
	fs = append(fs, grade.Extras{Vignette: spec.Vignette, Grain: spec.Grain, Sharpen: spec.Sharpen}.Filters()...)
	if len(fs) == 0 {
		return lbl
	}
	out := g.Label("grade")
	g.Chain([]string{lbl}, fs, []string{out})
	return out
}

// mixLUT applies look filters, then blends the LUT's result over them at
// intensity i, and returns the label of the blend.
func (b *builder) mixLUT(g *ffmpeg.Graph, lbl string, look, lut []ffmpeg.Filter, i float64) string {
	orig, toLUT, graded, out := g.Label("lutin"), g.Label("lutin"), g.Label("lut"), g.Label("lutmix")
	g.Chain([]string{lbl}, append(look, ffmpeg.F("split", "", "2")), []string{orig, toLUT})
	g.Chain([]string{toLUT}, lut, []string{graded})
	g.Chain([]string{graded, orig}, []ffmpeg.Filter{grade.MixFilter(i)}, []string{out})
	return out
}

// correction is the shot-matching correction of s, from the statistics
// measured before planning; nil when s matches nothing, is its own
// reference, or either side was not measured (placeholders).
func (b *builder) correction(s scene) *grade.Correction {
	spec := s.cfg.Grade
	if spec.Match == "" || spec.Match == s.cfg.ID {
		return nil
	}
	own, ok1 := b.shots[s.cfg.ID]
	ref, ok2 := b.shots[spec.Match]
	if !ok1 || !ok2 {
		return nil
	}
	return grade.Match(own, ref)
}
