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

// Sizes are the largest and smallest font sizes of a w×h card: a tenth of
// its shorter side for a short title, down to a 24th (45 px in 1080p,
// 30 px in 720p, about a subtitle's size), and never under 8 px unless the
// card is tiny. The shorter side, so that a portrait card (1080x1920) gets
// the sizes of a landscape one, and a tall narrow card can still hold a
// letter across.
func Sizes(w, h int) (largest, smallest int) {
	side := min(w, h)
	largest = max(side/10, 1)
	smallest = min(max(side/24, 8), largest)
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
	paras := tokenize(text, m)
	mx, my := Margins(w, h)
	availW, availH := float64(w-2*mx), float64(h-2*my)
	largest, smallest := Sizes(w, h)
	for size := largest; size > smallest; size-- {
		if n, long := count(paras, float64(size), availW); !long && n <= maxLines(size, availH) {
			lines, _ := wrap(paras, m, float64(size), balance(paras, float64(size), availW, n), false)
			return Layout{Size: size, Lines: lines}
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

// balance evens out the lengths of n lines that fit width: it returns the
// narrowest width that breaks the text into as many lines, so a title does
// not end with one lonely word.
func balance(paras [][]token, size, width float64, n int) float64 {
	if n < 2 {
		return width
	}
	lo, hi := 0.0, width
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if k, long := count(paras, size, mid); !long && k <= n {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// count is how many lines wrap would make at size and width, and whether a
// word is wider than a line, without building the lines.
func count(paras [][]token, size, width float64) (n int, long bool) {
	for _, p := range paras {
		n++
		curW, empty := 0.0, true
		for _, t := range p {
			ww := t.wordW * size
			if !empty && curW+ww > width {
				n++
				curW, empty = 0, true
			}
			long = long || ww > width
			curW += t.segW * size
			empty = false
			if t.mustBreakNext {
				n++
				curW, empty = 0, true
			}
		}
	}
	return n, long
}

// maxLines is how many lines of size fit in height h (at least one).
func maxLines(size int, h float64) int {
	return max(int(h/(lineFrac*float64(size))), 1)
}

// token is a piece of text up to a line break opportunity: a word with the
// spaces after it. Widths are in font sizes.
type token struct {
	seg, word     string // the piece, and the piece without its trailing spaces
	segW, wordW   float64
	mustBreakNext bool // a line must end after it (a line or paragraph separator)
}

// tokenize splits text into paragraphs (at newlines) of tokens, measured
// once so that trying many sizes and widths is cheap.
func tokenize(text string, m *Metrics) [][]token {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var paras [][]token
	for _, p := range strings.Split(text, "\n") {
		var ts []token
		state := -1
		for rest := p; rest != ""; {
			var t token
			t.seg, rest, t.mustBreakNext, state = uniseg.FirstLineSegmentInString(rest, state)
			t.mustBreakNext = t.mustBreakNext && rest != ""
			t.word = strings.TrimRight(t.seg, " ")
			t.wordW, t.segW = measure(t.word, m, 1), measure(t.seg, m, 1)
			ts = append(ts, t)
		}
		paras = append(paras, ts)
	}
	return paras
}

// wrap breaks paragraphs into lines at most width pixels wide at size. It
// returns the words that are wider than a line by themselves; with split
// they are broken between characters, otherwise left whole.
func wrap(paras [][]token, m *Metrics, size, width float64, split bool) (lines, long []string) {
	for _, p := range paras {
		var cur strings.Builder
		curW := 0.0 // width of cur, trailing spaces included
		flush := func() {
			lines = append(lines, strings.TrimRight(cur.String(), " "))
			cur.Reset()
			curW = 0
		}
		for _, t := range p {
			ww := t.wordW * size
			if cur.Len() > 0 && curW+ww > width {
				flush()
			}
			switch {
			case ww > width && split:
				long = append(long, t.word)
				for _, piece := range breakWord(t.word, m, size, width) {
					if cur.Len() > 0 {
						flush()
					}
					cur.WriteString(piece)
					curW = measure(piece, m, size)
				}
				cur.WriteString(t.seg[len(t.word):])
				curW += (t.segW - t.wordW) * size
			case ww > width:
				long = append(long, t.word)
				fallthrough
			default:
				cur.WriteString(t.seg)
				curW += t.segW * size
			}
			if t.mustBreakNext {
				flush()
			}
		}
		flush()
	}
	return lines, long
}

// breakWord cuts a word into pieces at most width wide, between grapheme
// clusters (a piece holds at least one), as even as their number allows.
func breakWord(word string, m *Metrics, size, width float64) []string {
	gs := graphemes(word)
	n := len(pieces(gs, m, size, width))
	lo, hi := 0.0, width
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; len(pieces(gs, m, size, mid)) <= n {
			hi = mid
		} else {
			lo = mid
		}
	}
	return pieces(gs, m, size, hi)
}

// pieces packs grapheme clusters greedily into pieces at most width wide.
func pieces(gs []string, m *Metrics, size, width float64) []string {
	var out []string
	var cur strings.Builder
	curW := 0.0
	for _, g := range gs {
		gw := measure(g, m, size)
		if cur.Len() > 0 && curW+gw > width {
			out = append(out, cur.String())
			cur.Reset()
			curW = 0
		}
		cur.WriteString(g)
		curW += gw
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
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
