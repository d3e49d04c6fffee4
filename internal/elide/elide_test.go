package elide

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMiddle(t *testing.T) {
	tests := []struct {
		in       string
		max      int
		want     string
		contains []string
	}{
		{"short", 10, "short", nil},
		{strings.Repeat("a", 10), 10, strings.Repeat("a", 10), nil},
		{strings.Repeat("a", 30) + strings.Repeat("b", 30), 30, "", []string{strings.Repeat("a", 10) + " … 45 bytes elided … " + strings.Repeat("b", 5)}},
		{strings.Repeat("a", 300) + strings.Repeat("b", 300), 200, strings.Repeat("a", 116) + " … 426 bytes elided … " + strings.Repeat("b", 58), nil},
		{strings.Repeat("é", 100), 31, "", []string{"bytes elided"}},
	}
	for _, tt := range tests {
		got := Middle(tt.in, tt.max)
		if tt.want != "" && got != tt.want {
			t.Errorf("Middle(%.10q…, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		for _, c := range tt.contains {
			if !strings.Contains(got, c) {
				t.Errorf("Middle(%.10q…, %d) = %q, want it to contain %q", tt.in, tt.max, got, c)
			}
		}
		if !utf8.ValidString(got) {
			t.Errorf("Middle(%.10q…, %d) = %q is not valid UTF-8", tt.in, tt.max, got)
		}
	}
}

// TestMiddleTwice: a shortened text fits max, so shortening it again (a
// message made short, then printed) keeps it, with the true count.
func TestMiddleTwice(t *testing.T) {
	for _, n := range []int{601, 5000, 200 << 10} {
		s := strings.Repeat("x", n)
		once := Middle(s, 600)
		if len(once) > 600 {
			t.Errorf("Middle of %d bytes is %d bytes, more than 600", n, len(once))
		}
		if twice := Middle(once, 600); twice != once {
			t.Errorf("shortened again: %q, was %q", twice, once)
		}
		if kept := strings.Count(once, "x"); !strings.Contains(once, " "+strconv.Itoa(n-kept)+" bytes elided") {
			t.Errorf("%q does not count the %d bytes left out", once, n-kept)
		}
	}
}
