package text

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/ass"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/fftest"
)

// fonts lists the installed fonts, skipping the test without fontconfig
// (failing it in CI, where scripts/ensure-ffmpeg.sh installs it).
func fonts(t *testing.T) *Fonts {
	t.Helper()
	fftest.Require(t)
	f, err := LoadFonts(context.Background(), "fc-list")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("fontconfig is missing in CI: %v", err)
		}
		t.Skipf("no fontconfig: %v", err)
	}
	return f
}

// renderScript draws an ASS script over black with FFmpeg's ass filter and
// returns the frame. The script's path holds characters that filter syntax
// would misread.
func renderScript(t *testing.T, script string, w, h int) *image.RGBA {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "a:b, c'd [e]")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "card.ass")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "frame.png")
	g := ffmpeg.NewGraph()
	g.Chain(nil, []ffmpeg.Filter{ffmpeg.F("color", "c", "black", "s", sizeArg(w, h), "d", "0.04"),
		ffmpeg.F("ass", "filename", path)}, []string{"v"})
	args := []string{"-nostdin", "-v", "error", "-filter_complex", g.String(), "-map", "[v]", "-frames:v", "1", "-y", out}
	if _, err := ffmpeg.Run(context.Background(), fftest.FFmpeg(), args, ffmpeg.RunOptions{}); err != nil {
		t.Fatalf("rendering the script: %v", err)
	}
	return fftest.Frame(t, out, 0)
}

func sizeArg(w, h int) string {
	return strings.Join([]string{itoa(w), itoa(h)}, "x")
}

func itoa(n int) string {
	var b []byte
	for n >= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(append([]byte{byte('0' + n)}, b...))
}

// ink is what a frame shows of white text: the bright pixels' rows, columns
// and count.
type ink struct {
	rows, cols []int // bright pixels per row and per column
	total      int
}

func inkOf(img *image.RGBA) ink {
	b := img.Bounds()
	k := ink{rows: make([]int, b.Dy()), cols: make([]int, b.Dx())}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			c := img.RGBAAt(x, y)
			if c.R > 128 && c.G > 128 && c.B > 128 {
				k.rows[y]++
				k.cols[x]++
				k.total++
			}
		}
	}
	return k
}

// bands counts runs of rows holding ink: the lines of text drawn.
func (k ink) bands() int {
	n, in := 0, false
	for _, c := range k.rows {
		if c > 0 && !in {
			n++
		}
		in = c > 0
	}
	return n
}

// edges counts ink in the outer strips of the given width on both sides.
func (k ink) edges(strip int) int {
	n := 0
	for x := range k.cols {
		if x < strip || x >= len(k.cols)-strip {
			n += k.cols[x]
		}
	}
	return n
}

// span returns the first and last columns holding ink.
func (k ink) span() (int, int) {
	first, last := -1, -1
	for x, c := range k.cols {
		if c > 0 {
			if first < 0 {
				first = x
			}
			last = x
		}
	}
	return first, last
}

func TestCardWrapsWithinTheFrame(t *testing.T) {
	t.Parallel()
	f := fonts(t)
	const w, h = 320, 180
	mx, _ := Margins(w, h)
	for _, txt := range []string{
		"A long placeholder line that would run off both edges of the card if it were not wrapped",
		"Tiny words: a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9",
		"Широкая строка кириллицы, которая не поместится в одну строку карточки",
	} {
		m := f.Measure([]rune(txt))
		script, warns := Card(txt, m, w, h, 1e9)
		if len(warns) > 0 {
			t.Errorf("%q: unexpected warnings %q", txt, warns)
		}
		k := inkOf(renderScript(t, script, w, h))
		if k.bands() < 2 {
			t.Errorf("%q: %d lines of text drawn, want it wrapped onto several", txt, k.bands())
		}
		if e := k.edges(mx / 2); e > 0 {
			first, last := k.span()
			t.Errorf("%q: %d text pixels within %d px of the edges (text spans columns %d-%d)", txt, e, mx/2, first, last)
		}
		if txt[0] != 'A' {
			continue
		}
		// The control: the same text forced onto one line runs off the card,
		// so the measure above can see a failure.
		one := ass.Script{PlayResX: w, PlayResY: h, WrapStyle: ass.WrapNone,
			Styles: []ass.Style{{Name: "Card", Font: m.Font, Size: float64(Fit(txt, m, w, h).Size), Primary: ass.Color{R: 255, G: 255, B: 255}, Align: ass.Center}},
			Events: []ass.Event{{End: 1e9, Style: "Card", Text: ass.Escape(txt)}}}
		if k := inkOf(renderScript(t, one.String(), w, h)); k.bands() != 1 || k.edges(mx/2) == 0 {
			t.Errorf("%q on one line: %d lines, %d pixels at the edges; want 1 line touching the edges", txt, k.bands(), k.edges(mx/2))
		}
	}
}

func TestCardLongWordWarnsAndStaysInside(t *testing.T) {
	t.Parallel()
	f := fonts(t)
	const w, h = 160, 90
	txt := "Pneumonoultramicroscopicsilicovolcanoconiosis" + strings.Repeat("X", 20)
	script, warns := Card(txt, f.Measure([]rune(txt)), w, h, 1e9)
	if len(warns) != 1 || !strings.Contains(warns[0], "too wide for the card") {
		t.Fatalf("warnings = %q, want one saying the word is too wide", warns)
	}
	k := inkOf(renderScript(t, script, w, h))
	if e := k.edges(2); e > 0 || k.bands() < 2 {
		t.Errorf("long word: %d lines, %d pixels at the edges; want it broken inside the card", k.bands(), e)
	}
}

// TestCardGlyphs draws single characters: real glyphs differ from one
// another, while characters no font has all come out as the same empty
// box (the control).
func TestCardGlyphs(t *testing.T) {
	t.Parallel()
	f := fonts(t)
	const w, h = 160, 90
	draw := func(s string) ink {
		m := f.Measure([]rune(s))
		script, _ := Card(s, m, w, h, 1e9)
		return inkOf(renderScript(t, script, w, h))
	}
	same := func(a, b ink) bool {
		for y := range a.rows {
			if a.rows[y] != b.rows[y] {
				return false
			}
		}
		for x := range a.cols {
			if a.cols[x] != b.cols[x] {
				return false
			}
		}
		return true
	}
	tofuA, tofuB := draw("\u0378"), draw("\u0379") // unassigned: no font has them
	if !same(tofuA, tofuB) {
		t.Fatalf("two missing characters drew differently; the control does not hold")
	}
	for _, pair := range [][2]string{{"中", "한"}, {"😀", "🚀"}} {
		m := f.Measure([]rune(pair[0] + pair[1]))
		if miss := Missing(pair[0]+pair[1], m); miss != "" {
			if os.Getenv("CI") != "" {
				t.Errorf("%q: %s (scripts/ensure-ffmpeg.sh should have installed the fonts)", pair, miss)
			}
			continue // the warning fires: that is the behaviour without the fonts
		}
		a, b := draw(pair[0]), draw(pair[1])
		if a.total == 0 || b.total == 0 || same(a, b) || same(a, tofuA) || same(b, tofuA) {
			t.Errorf("%q: glyphs of %d and %d pixels, the same shape or the empty box; want two different real glyphs", pair, a.total, b.total)
		}
	}
	if miss := Missing("a\u0378", f.Measure([]rune("a\u0378"))); !strings.Contains(miss, "U+0378") {
		t.Errorf("missing glyph warning = %q, want it to name U+0378", miss)
	}
}

func TestCardDrawsHostileTextLiterally(t *testing.T) {
	t.Parallel()
	f := fonts(t)
	const w, h = 640, 180
	txt := `: , ; ' [ ] \ % {\c&H0000FF&} \N {\fs90}x \h`
	m := f.Measure([]rune(txt))
	script, warns := Card(txt, m, w, h, 1e9)
	if len(warns) > 0 {
		t.Errorf("warnings %q", warns)
	}
	img := renderScript(t, script, w, h)
	k := inkOf(img)
	if k.bands() != 1 {
		t.Errorf("%d lines drawn, want 1 (\\N is text, not a break)", k.bands())
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if c := img.RGBAAt(x, y); c.R > 150 && c.G < 100 && c.B < 100 {
				t.Fatalf("red pixel at %d,%d: an override tag was obeyed", x, y)
			}
		}
	}
	first, last := k.span()
	l := Fit(txt, m, w, h)
	want := measure(txt, m, float64(l.Size)) / widthSlack
	if got := float64(last - first + 1); got < 0.85*want || got > 1.1*want {
		t.Errorf("drawn text is %.0f px wide, want about %.0f (every character drawn, none obeyed)", got, want)
	}
}

// TestCardTooMuchTextIsCutInside: text taller than the card at the smallest
// size keeps the lines that fit, inside the top and bottom margins, with a
// warning.
func TestCardTooMuchTextIsCutInside(t *testing.T) {
	t.Parallel()
	f := fonts(t)
	const w, h = 320, 180
	txt := strings.Repeat("Many words that will never fit on one small card. ", 30)
	m := f.Measure([]rune(txt))
	script, warns := Card(txt, m, w, h, 1e9)
	if len(warns) != 1 || !strings.Contains(warns[0], "does not fit even at the smallest size") {
		t.Fatalf("warnings = %q, want one saying the text does not fit", warns)
	}
	l := Fit(txt, m, w, h)
	k := inkOf(renderScript(t, script, w, h))
	_, my := Margins(w, h)
	top, bottom := 0, 0
	for y, c := range k.rows {
		if y < my/2 {
			top += c
		}
		if y >= h-my/2 {
			bottom += c
		}
	}
	if top+bottom > 0 || k.bands() != len(l.Lines) {
		t.Errorf("%d lines drawn (laid out %d), %d and %d text pixels in the top and bottom %d rows; want every line inside",
			k.bands(), len(l.Lines), top, bottom, my/2)
	}
}
