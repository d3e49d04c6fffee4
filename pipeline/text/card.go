// Package text lays out and writes the text reel draws: it measures text in
// the installed fonts (listed through fontconfig, as libass finds them),
// wraps it to fit a frame, and writes it as an ASS script for libass.
package text

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ass"
)

// Card is the placeholder card's text: an ASS script drawing text centred
// in a w×h frame for length, and what went wrong laying it out (text too
// long or too wide, characters no font can draw), as warnings without a
// subject; the caller names the scene.
func Card(text string, m *Metrics, w, h int, length time.Duration) (script string, warnings []string) {
	if n := utf8.RuneCountInString(text); n > config.MaxPlaceholderText {
		text = string([]rune(text)[:config.MaxPlaceholderText]) + "…"
		warnings = append(warnings, fmt.Sprintf("the card's text is %d characters long: only the first %d are shown",
			n, config.MaxPlaceholderText))
	}
	text = drawable(text)
	l := Fit(text, m, w, h)
	if len(l.Broken) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s too wide for the card even at the smallest size (%d px): broken between letters",
			wordList(l.Broken), l.Size))
	}
	if l.Cut > 0 {
		warnings = append(warnings, fmt.Sprintf("the card's text does not fit even at the smallest size (%d px): the last %d of %d lines are left out (shorten the text)",
			l.Size, l.Cut, len(l.Lines)+l.Cut))
	}
	if miss := Missing(text, m); miss != "" {
		warnings = append(warnings, miss)
	}
	lines := make([]string, len(l.Lines))
	for i, line := range l.Lines {
		lines[i] = ass.Escape(line)
	}
	mx, my := Margins(w, h)
	font := m.family()
	if font == "" {
		font = "sans-serif"
	}
	s := ass.Script{
		Title: "reel placeholder card", PlayResX: w, PlayResY: h, WrapStyle: ass.WrapSmart, ScaledBorder: true,
		Styles: []ass.Style{{
			Name: "Card", Font: font, Size: float64(l.Size),
			Primary: ass.Color{R: 255, G: 255, B: 255}, Outline: ass.Color{}, Back: ass.Color{Alpha: 0x66},
			Shadow: max(1, float64(l.Size)/24), Align: ass.Center, MarginL: mx, MarginR: mx, MarginV: my,
		}},
		Events: []ass.Event{{Start: 0, End: length.Truncate(time.Second) + 2*time.Second, Style: "Card", Text: strings.Join(lines, `\N`)}},
	}
	return s.String(), warnings
}

// Missing is a warning naming the characters of text that no installed
// font can draw ("" when every one can, or the fonts are unknown).
func Missing(text string, m *Metrics) string {
	if m == nil || !m.Checked {
		return ""
	}
	var miss []string
	seen := map[rune]bool{}
	for _, r := range text {
		if m.missing(r) && !seen[r] {
			seen[r] = true
			miss = append(miss, fmt.Sprintf("U+%04X %q", r, string(r)))
		}
	}
	if len(miss) == 0 {
		return ""
	}
	more := ""
	if len(miss) > 5 {
		more = fmt.Sprintf(" and %d more", len(miss)-5)
		miss = miss[:5]
	}
	return fmt.Sprintf("no installed font can draw %s%s: they come out as empty boxes "+
		"(install a font that has them: scripts/ensure-ffmpeg.sh installs fonts for most scripts, CJK and emoji)",
		strings.Join(miss, ", "), more)
}

// wordList quotes up to three words, shortening long ones.
func wordList(words []string) string {
	var q []string
	for _, w := range words[:min(len(words), 3)] {
		if rs := []rune(w); len(rs) > 24 {
			w = string(rs[:24]) + "…"
		}
		q = append(q, fmt.Sprintf("%q", w))
	}
	s := strings.Join(q, ", ")
	if len(words) > 3 {
		s += fmt.Sprintf(" and %d more", len(words)-3)
	}
	if len(words) == 1 {
		return "the word " + s + " is"
	}
	return "the words " + s + " are"
}
