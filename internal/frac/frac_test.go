package frac

import (
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Rational
	}{
		{"30", New(30, 1)},
		{"30000/1001", New(30000, 1001)},
		{"60000:2002", New(30000, 1001)},
		{"29.97", New(30000, 1001)},
		{"23.976", New(24000, 1001)},
		{"59.94", New(60000, 1001)},
		{"12.5", New(25, 2)},
		{" 24 ", New(24, 1)},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "30/0", "1/x"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
}

func TestMulDivRound(t *testing.T) {
	tests := []struct{ x, num, den, want int64 }{
		{1, 48000 * 1001, 30000, 1602}, // 1601.6
		{5, 1, 2, 3},                   // 2.5 rounds away from zero
		{-5, 1, 2, -3},
		{306, 48000 * 1001, 30000, 490090},
		{1 << 40, 48000, 1, (1 << 40) * 48000},
	}
	for _, tt := range tests {
		if got := MulDivRound(tt.x, tt.num, tt.den); got != tt.want {
			t.Errorf("MulDivRound(%d, %d, %d) = %d, want %d", tt.x, tt.num, tt.den, got, tt.want)
		}
	}
	if got := MulDivFloor(7, 1, 2); got != 3 {
		t.Errorf("MulDivFloor(7,1,2) = %d", got)
	}
}

func TestString(t *testing.T) {
	if s := New(60, 2).String(); s != "30" {
		t.Errorf("30/1 prints %q", s)
	}
	if s := New(30000, 1001).String(); s != "30000/1001" {
		t.Errorf("ntsc prints %q", s)
	}
	if New(0, 1).IsZero() != true || New(1, 1).Inv() != New(1, 1) {
		t.Error("IsZero/Inv")
	}
}

// TestNoOverflow checks that conversions saturate rather than wrap.
func TestNoOverflow(t *testing.T) {
	if got := MulDivRound(math.MaxInt64, math.MaxInt64, 1); got != math.MaxInt64 {
		t.Errorf("MulDivRound(max, max, 1) = %d, want saturation at MaxInt64", got)
	}
	if got := MulDivRound(math.MinInt64, math.MaxInt64, 1); got != math.MinInt64 {
		t.Errorf("MulDivRound(min, max, 1) = %d, want saturation at MinInt64", got)
	}
	if got := MulDivRound(5, 1, 0); got != 0 {
		t.Errorf("MulDivRound by zero = %d, want 0", got)
	}
	if got := MulDivRound2(86400_000000000, 240000, 1_000000000, 1001); got != 20_715_285 { // 20715284.7
		t.Errorf("MulDivRound2 = %d, want 20715285", got)
	}
	if got := MulDivRound(-5, 1, -2); got != 3 {
		t.Errorf("MulDivRound(-5, 1, -2) = %d, want 3", got)
	}
	for _, sec := range []float64{math.NaN(), math.Inf(1), 1e300} {
		if got := SecondsToFrames(sec, New(30, 1)); got < 0 {
			t.Errorf("SecondsToFrames(%g) = %d, want no negative count", sec, got)
		}
	}
	for _, s := range []string{"9223372036854775807/1", "1/9223372036854775807", "-9223372036854775808/1", "1e30", "3000000000"} {
		if r, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %v, want out of range", s, r)
		}
	}
	if r := New(math.MinInt64, 1); r.Den != 0 {
		t.Errorf("New(MinInt64, 1) = %v, want the zero Rational", r)
	}
}
