package text

import (
	"strings"

	"github.com/rivo/uniseg"
)

// Layout is text laid out on a card: a font size and the lines to draw.
type Layout struct {
	Size   int      // font size in pixels (the ASS Fontsize)
	Lines  []string // lines in order, without trailing spaces
	Broken []string // words too wide for a line at the smallest size, broken between characters
	Cut    int      // lines left out because the card holds no more at the smallest size
}

// Card geometry, in fractions of the frame.
const (
	marginFrac = 0.05 // each side
	lineFrac   = 1.08 // line height as a multiple of the font size
	widthSlack = 1.04 // measured widths are stretched this much for kerning and the shadow
)

// Sizes are the largest and smallest font sizes of a card h pixels high: a
// tenth of the height for a short title, down to a 24th (45 px in 1080p,
// 30 px in 720p, about a subtitle's size), and never under 8 px unless the
// card is tiny.
func Sizes(h int) (largest, smallest int) {
	largest = max(h/10, 1)
	smallest = min(max(h/24, 8), largest)
	return largest, smallest
}

// Margins are the card's margins in pixels: left and right, top and bottom.
func Margins(w, h int) (x, y int) {
	return int(float64(w) * marginFrac), int(float64(h) * marginFrac)
}

// Fit lays text out inside a w×h card: the largest size from Sizes at which
// every line fits the width between the margins and all lines fit the
// height. Lines break where Unicode allows (spaces, hyphens, between CJK
// characters) and at every newline of the text. When even the smallest size
// is too big, words wider than a line are broken between characters and the
// lines that do not fit are left out, the last kept line ending in "…".
func Fit(text string, m *Metrics, w, h int) Layout {
	paras := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
	mx, my := Margins(w, h)
	availW, availH := float64(w-2*mx), float64(h-2*my)
	largest, smallest := Sizes(h)
	for size := largest; size > smallest; size-- {
		lines, long := wrap(paras, m, float64(size), availW, false)
		if len(long) == 0 && len(lines) <= maxLines(size, availH) {
			return Layout{Size: size, Lines: balance(paras, m, float64(size), availW, lines)}
		}
	}
	lines, long := wrap(paras, m, float64(smallest), availW, true)
	l := Layout{Size: smallest, Lines: lines, Broken: long}
	if n := maxLines(smallest, availH); len(lines) > n {
		l.Cut = len(lines) - n
		l.Lines = append(lines[:n-1:n-1], ellipsis(lines[n-1], m, float64(smallest), availW))
	}
	return l
}

// balance evens out the lengths of lines that fit width: it finds the
// narrowest width that breaks the text into as many lines, so a title does
// not end with one lonely word.
func balance(paras []string, m *Metrics, size, width float64, lines []string) []string {
	if len(lines) < 2 {
		return lines
	}
	lo, hi := 0.0, width
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if l, long := wrap(paras, m, size, mid, false); len(long) == 0 && len(l) <= len(lines) {
			hi = mid
		} else {
			lo = mid
		}
	}
	l, _ := wrap(paras, m, size, hi, false)
	return l
}

// maxLines is how many lines of size fit in height h (at least one).
func maxLines(size int, h float64) int {
	return max(int(h/(lineFrac*float64(size))), 1)
}

// wrap breaks paragraphs into lines at most width pixels wide at size. It
// returns the words that are wider than a line by themselves; with split
// they are broken between characters, otherwise left whole.
func wrap(paras []string, m *Metrics, size, width float64, split bool) (lines, long []string) {
	for _, p := range paras {
		var cur strings.Builder
		curW := 0.0 // width of cur, trailing spaces included
		flush := func() {
			lines = append(lines, strings.TrimRight(cur.String(), " "))
			cur.Reset()
			curW = 0
		}
		state := -1
		for rest := p; rest != ""; {
			var seg string
			var must bool
			seg, rest, must, state = uniseg.FirstLineSegmentInString(rest, state)
			word := strings.TrimRight(seg, " ")
			ww := measure(word, m, size)
			if cur.Len() > 0 && curW+ww > width {
				flush()
			}
			if ww > width {
				long = append(long, word)
				if split {
					for _, piece := range breakWord(word, m, size, width) {
						if cur.Len() > 0 {
							flush()
						}
						cur.WriteString(piece)
						curW = measure(piece, m, size)
					}
					cur.WriteString(seg[len(word):])
					curW += measure(seg[len(word):], m, size)
					if must && rest != "" {
						flush()
					}
					continue
				}
			}
			cur.WriteString(seg)
			curW += measure(seg, m, size)
			if must && rest != "" {
				flush()
			}
		}
		flush()
	}
	return lines, long
}

// breakWord cuts a word into pieces at most width wide, between grapheme
// clusters (a piece holds at least one).
func breakWord(word string, m *Metrics, size, width float64) []string {
	var pieces []string
	var cur strings.Builder
	curW := 0.0
	state := -1
	for rest := word; rest != ""; {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		gw := measure(g, m, size)
		if cur.Len() > 0 && curW+gw > width {
			pieces = append(pieces, cur.String())
			cur.Reset()
			curW = 0
		}
		cur.WriteString(g)
		curW += gw
	}
	if cur.Len() > 0 {
		pieces = append(pieces, cur.String())
	}
	return pieces
}

// ellipsis ends line with "…", dropping characters until it fits width.
func ellipsis(line string, m *Metrics, size, width float64) string {
	gs := graphemes(line)
	for len(gs) > 0 && measure(strings.Join(gs, "")+"…", m, size) > width {
		gs = gs[:len(gs)-1]
	}
	return strings.TrimRight(strings.Join(gs, ""), " ") + "…"
}

// graphemes splits s into grapheme clusters.
func graphemes(s string) []string {
	var out []string
	state := -1
	for s != "" {
		var g string
		g, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		out = append(out, g)
	}
	return out
}

// measure is the drawn width of s at size, in pixels, with some slack.
func measure(s string, m *Metrics, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += m.width(r)
	}
	return w * size * widthSlack
}
