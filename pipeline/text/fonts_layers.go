package text

import (
	"slices"
	"strings"
)

// splitNames splits fontconfig's list of names at the commas it does not
// escape ("a\,b,c" is "a,b" and "c").
func splitNames(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case s[i] == ',':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	return append(out, cur.String())
}

// Families lists every installed family name, sorted, each once.
func (f *Fonts) Families() []string {
	seen := map[string]bool{}
	var out []string
	for _, fi := range f.faces {
		for _, n := range fi.names {
			if n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Has reports whether family is installed (under any of its names, in
// any case, as fontconfig matches it).
func (f *Fonts) Has(family string) bool {
	return f.faceOf(family, false) >= 0
}

// faceOf returns the face of family (bold or regular), -1 when none is
// installed; another face of the family when it has not that one.
func (f *Fonts) faceOf(family string, bold bool) int {
	best := -1
	for i, fi := range f.faces {
		if !slices.ContainsFunc(fi.names, func(n string) bool { return strings.EqualFold(n, family) }) {
			continue
		}
		st := strings.ToLower(fi.style)
		if bold && st == "bold" || !bold && regular(st) {
			return i
		}
		if best < 0 {
			best = i
		}
	}
	return best
}

// MeasureFamily returns the widths of rs in family (its bold face when
// bold), with the fallback fonts libass takes characters the family
// lacks from.
func (f *Fonts) MeasureFamily(family string, bold bool, rs []rune) *Metrics {
	i := f.faceOf(family, bold)
	var fc *face
	var covers func(rune) bool
	if i >= 0 {
		fc, covers = f.face(i), f.faces[i].covers
	}
	return f.measure(family, fc, covers, rs)
}

// MeasureFile returns the widths of rs in a font file's face, with the
// installed fallback fonts for characters it lacks.
func (f *Fonts) MeasureFile(ff *FontFile, rs []rune) *Metrics {
	return f.measure(ff.Family, ff.face, nil, rs)
}

// measure measures rs in face fc (nil: none), which covers the characters
// covers says (nil: those it has a glyph for), falling back to the
// installed fonts.
func (f *Fonts) measure(family string, fc *face, covers func(rune) bool, rs []rune) *Metrics {
	m := &Metrics{Font: family, Adv: map[rune]float64{}, Missing: map[rune]bool{}, Checked: true}
	for _, r := range rs {
		if _, done := m.Adv[r]; done || m.Missing[r] || ignorable(r) {
			continue
		}
		if fc != nil && (covers == nil || covers(r)) {
			if a, ok := fc.advance(r); ok {
				m.Adv[r] = a
				continue
			}
		}
		if a, ok := f.fallback(r); ok {
			m.Adv[r] = a
		} else {
			m.Missing[r] = true
		}
	}
	return m
}
