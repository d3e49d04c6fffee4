package text

import (
	"unicode"

	"github.com/rivo/uniseg"
)

// Metrics are the widths of the characters of some text in the card font,
// measured before planning so that laying out a card stays a pure function.
// The zero value (or nil) lays out by estimate and checks no glyphs.
type Metrics struct {
	Font    string           // the card's font family ("" for fontconfig's default)
	Adv     map[rune]float64 // advance widths, as fractions of the font size
	Missing map[rune]bool    // characters no installed font can draw
	Checked bool             // the fonts were listed: Missing is meaningful
	Problem string           // why the fonts could not be listed, when they could not
}

// width returns the advance of r as a fraction of the font size.
func (m *Metrics) width(r rune) float64 {
	if ignorable(r) {
		return 0
	}
	if m != nil {
		if a, ok := m.Adv[r]; ok {
			return a
		}
	}
	return estimate(r)
}

// missing reports whether r cannot be drawn by any installed font.
func (m *Metrics) missing(r rune) bool { return m != nil && m.Missing[r] }

// family is the card's font family.
func (m *Metrics) family() string {
	if m == nil {
		return ""
	}
	return m.Font
}

// ignorable characters draw nothing (format characters such as the zero
// width joiner, variation selectors, controls): they need no glyph.
func ignorable(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}

// estimate is a generous width for a character of unknown metrics: wide
// (East Asian) characters and emoji take about a font size, others most of
// half of one.
func estimate(r rune) float64 {
	switch {
	case ignorable(r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r):
		return 0
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x2600 && r <= 0x27BF: // emoji and pictographs
		return 1.25
	case uniseg.StringWidth(string(r)) >= 2:
		return 1.05
	}
	return 0.7
}
