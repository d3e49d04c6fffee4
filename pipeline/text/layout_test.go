package text

import (
	"strings"
	"testing"
)

func TestFitWraps(t *testing.T) {
	long := strings.Repeat("the quick brown fox jumps ", 6)
	tests := []struct {
		name              string
		text              string
		w, h              int
		minLines          int
		wantBroken, isCut bool
		wantSize          int // 0: any
	}{
		{"short title keeps the largest size", "The end", 1280, 720, 1, false, false, 72},
		{"long line wraps", long, 1280, 720, 3, false, false, 0},
		{"long line on a tiny card", long, 160, 90, 4, false, false, 0},
		{"newlines are kept", "one\ntwo\n\nfour", 1280, 720, 4, false, false, 72},
		{"a word too wide is broken", strings.Repeat("x", 80), 320, 180, 2, true, false, 8},
		{"too many lines are cut", strings.Repeat("word ", 400), 320, 180, 2, false, true, 8},
		{"portrait: the sizes of landscape", "The end", 720, 1280, 1, false, false, 72},
		{"portrait: long text at least a 24th of the width", long, 1080, 1920, 3, false, false, 0},
		{"tall narrow card: a letter fits across", "x", 36, 8192, 1, false, false, 3},
		{"tall narrow card: text wraps", long, 64, 4096, 3, false, false, 0},
		{"CJK breaks between characters", strings.Repeat("中文字幕", 20), 320, 180, 2, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Fit(tt.text, nil, tt.w, tt.h)
			mx, my := Margins(tt.w, tt.h)
			if len(l.Lines) < tt.minLines {
				t.Errorf("lines = %q, want at least %d", l.Lines, tt.minLines)
			}
			for _, line := range l.Lines {
				if w := measure(line, nil, float64(l.Size)); w > float64(tt.w-2*mx) {
					t.Errorf("line %q is %.0f px wide, more than %d", line, w, tt.w-2*mx)
				}
			}
			if h := float64(len(l.Lines)) * lineFrac * float64(l.Size); h > float64(tt.h-2*my) {
				t.Errorf("%d lines at %d px are %.0f px high, more than %d", len(l.Lines), l.Size, h, tt.h-2*my)
			}
			if (len(l.Broken) > 0) != tt.wantBroken || (l.Cut > 0) != tt.isCut {
				t.Errorf("broken %q, cut %d; want broken %v, cut %v", l.Broken, l.Cut, tt.wantBroken, tt.isCut)
			}
			if tt.wantSize > 0 && l.Size != tt.wantSize {
				t.Errorf("size = %d, want %d", l.Size, tt.wantSize)
			}
			if tt.isCut && !strings.HasSuffix(l.Lines[len(l.Lines)-1], "…") {
				t.Errorf("a cut text should end in …: %q", l.Lines)
			}
			if !tt.isCut && !tt.wantBroken {
				if got, want := strings.Join(strings.Fields(strings.Join(l.Lines, " ")), ""), strings.Join(strings.Fields(tt.text), ""); got != want {
					t.Errorf("text changed by wrapping: %q", l.Lines)
				}
			}
		})
	}
}

func TestFitBalancesLines(t *testing.T) {
	l := Fit("A lighthouse in a storm, slow dolly in", nil, 1280, 720)
	if len(l.Lines) != 2 {
		t.Fatalf("lines = %q, want 2", l.Lines)
	}
	a, b := measure(l.Lines[0], nil, 72), measure(l.Lines[1], nil, 72)
	if min(a, b)/max(a, b) < 0.6 {
		t.Errorf("lines %q are uneven: %.0f and %.0f px", l.Lines, a, b)
	}
}

func TestCardWarnings(t *testing.T) {
	m := &Metrics{Checked: true, Missing: map[rune]bool{0x378: true}}
	tests := []struct {
		text string
		want []string
	}{
		{"fits", nil},
		{strings.Repeat("y", 90), []string{`the word "yyyyyyyyyyyyyyyyyyyyyyyy…" is too wide for the card even at the smallest size (8 px)`}},
		{strings.Repeat("word ", 400), []string{"does not fit even at the smallest size (8 px): the last"}},
		{"a\u0378b", []string{`no installed font can draw U+0378 "\u0378"`}},
		{strings.Repeat("z ", 1500), []string{"the card's text is 3000 characters long: only the first 2000 are shown"}},
	}
	for _, tt := range tests {
		script, warns := Card(tt.text, m, 320, 180, 2e9)
		if len(warns) < len(tt.want) || (tt.want == nil && len(warns) > 0) {
			t.Errorf("Card(%.20q) warnings = %q, want %q", tt.text, warns, tt.want)
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(warns[i], w) {
				t.Errorf("Card(%.20q) warning %q, want it to contain %q", tt.text, warns[i], w)
			}
		}
		if !strings.Contains(script, "\nDialogue: 0,0:00:00.00,0:00:04.00,Card,") {
			t.Errorf("script has no event:\n%s", script)
		}
	}
}

func TestFitBreaksLongWordsEvenly(t *testing.T) {
	l := Fit(strings.Repeat("x", 70), nil, 320, 180)
	if len(l.Lines) != 2 || len(l.Broken) != 1 {
		t.Fatalf("lines %q, broken %q; want the word broken in two", l.Lines, l.Broken)
	}
	if a, b := len(l.Lines[0]), len(l.Lines[1]); a+b != 70 || a-b > 2 || b-a > 2 {
		t.Errorf("pieces of %d and %d letters, want even halves", a, b)
	}
}

// TestFitTinyFrames: the smallest frames and odd texts still give a layout.
func TestFitTinyFrames(t *testing.T) {
	for _, size := range [][2]int{{2, 2}, {16, 16}, {64, 8}, {8, 64}} {
		for _, txt := range []string{"", " ", "\n\n", "x", strings.Repeat("wide ", 50), "中文😀"} {
			l := Fit(txt, nil, size[0], size[1])
			if l.Size < 1 || len(l.Lines) == 0 {
				t.Errorf("Fit(%q, %dx%d) = %+v", txt, size[0], size[1], l)
			}
		}
	}
}
