package text

import (
	"os"
	"testing"
)

func TestParseFonts(t *testing.T) {
	list := "/f/b.ttf\t0\tNoto Sans\tBold\t20-7e\n" +
		"/f/a.ttc\t1\tDejaVu Sans\tBook\t20-7e a0-ff 4e2d\n" +
		"garbage line\n" +
		"/f/c.ttf\tx\tBad\tRegular\t20\n" +
		"/f/e.ttf\t0\tSymbola\tRegular\t1f600-1f64f\n"
	f := parseFonts(list)
	if len(f.faces) != 3 || f.Family() != "DejaVu Sans" {
		t.Fatalf("faces %+v, family %q; want 3 faces, DejaVu Sans", f.faces, f.Family())
	}
	tests := []struct {
		face int
		r    rune
		want bool
	}{
		{0, 'A', true}, {0, 0x9f, false}, {0, 0xe9, true}, {0, 0x4e2d, true}, {0, 0x4e2e, false},
		{2, 0x1f600, true}, {2, 0x1f650, false}, {2, 'a', false},
	}
	for _, tt := range tests {
		if got := f.faces[tt.face].covers(tt.r); got != tt.want {
			t.Errorf("%s covers U+%04X = %v, want %v", f.faces[tt.face].family, tt.r, got, tt.want)
		}
	}
}

// TestParseFaceDamaged feeds a real font cut short and with bytes
// overwritten: parsing may fail but never panics, and what it measures
// stays finite.
func TestParseFaceDamaged(t *testing.T) {
	f := fonts(t)
	if f.primary < 0 {
		t.Skip("no card font installed")
	}
	b, err := os.ReadFile(f.faces[f.primary].file)
	if err != nil {
		t.Fatal(err)
	}
	good, err := parseFace(b, f.faces[f.primary].index)
	if err != nil {
		t.Fatalf("the installed card font does not parse: %v", err)
	}
	if a, ok := good.advance('M'); !ok || a <= 0.3 || a >= 1.5 {
		t.Errorf("advance of M = %v, %v; want a plausible width", a, ok)
	}
	for _, n := range []int{0, 3, 12, 100, 1000, len(b) / 3, len(b) / 2, len(b) - 1} {
		if fc, err := parseFace(b[:n], 0); err == nil {
			fc.advance('M')
		}
	}
	for step := 7; step < len(b); step += len(b) / 50 {
		bad := append([]byte(nil), b...)
		for i := step; i < len(bad) && i < step+64; i++ {
			bad[i] = 0xff
		}
		if fc, err := parseFace(bad, 0); err == nil {
			for _, r := range "AMW中😀" {
				fc.advance(r)
			}
		}
	}
}
