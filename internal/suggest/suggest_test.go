package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"transition", "trim", "duration", "source", "volume"}
	tests := []struct{ in, want string }{
		{"transiton", "transition"},
		{"trasnition", "transition"},
		{"durtion", "duration"},
		{"Source", "source"},
		{"colour", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.in, keys); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if h := Hint("wipelfet", []string{"wipeleft", "wiperight"}); h != ` (did you mean "wipeleft"?)` {
		t.Errorf("Hint = %q", h)
	}
	if h := Hint("zzz", []string{"wipeleft"}); h != "" {
		t.Errorf("Hint for nothing close = %q", h)
	}
}
