package elide

import (
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
		{strings.Repeat("a", 30) + strings.Repeat("b", 30), 30, "", []string{strings.Repeat("a", 20) + " … 30 bytes elided … " + strings.Repeat("b", 10)}},
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
