package quote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShort(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"black", 60, "black"},
		{"abcdefghij", 10, "abcdefghij"},
		{"abcdefghijk", 10, "abcdef…ijk"},
		{"ééééééééééé", 4, "éé…é"},
	}
	for _, tt := range tests {
		if got := Short(tt.in, tt.n); got != tt.want {
			t.Errorf("Short(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
	long := strings.Repeat("x", 200_000)
	if q := Q(long); utf8.RuneCountInString(q) != MaxValue+2 {
		t.Errorf("Q of 200 KB has %d characters, want %d", utf8.RuneCountInString(q), MaxValue+2)
	}
}

func TestQInvalidUTF8(t *testing.T) {
	if q := Q(strings.Repeat("\xb2", 500)); len(q) > 2*MaxValue+2 {
		t.Errorf("Q of invalid bytes is %d bytes long: %s", len(q), q)
	}
}
