package ass

import (
	"strings"
	"testing"
	"time"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a{b}c", `a\{b\}c`},
		{`{\fs200}big`, `\{\fs200\}big`}, // no override block without an unescaped brace
		{`\N is not a break`, "\\\u2060N is not a break"},
		{`\n \h \{ \}`, "\\\u2060n \\\u2060h \\\u2060\\{ \\\u2060\\}"},
		{`back\slash`, `back\slash`},
		{`trailing\`, `trailing\`},
		{"two\nlines", `two\Nlines`},
		{"crlf\r\nend", `crlf\Nend`},
		{"tab\there", "tab here"},
		{"nul\x00bell\x07", "nulbell"},
		{"\\\x00n", "\\\u2060n"}, // a dropped character does not join \ and n (found by FuzzEscape)
		{": , ; ' [ ] %", ": , ; ' [ ] %"},
		{"中文 😀 عربي", "中文 😀 عربي"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTimestamp(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00:00.00"},
		{1500 * time.Millisecond, "0:00:01.50"},
		{61*time.Minute + 2*time.Second + 999*time.Millisecond, "1:01:02.99"},
		{12 * time.Hour, "12:00:00.00"},
		{-time.Second, "0:00:00.00"},
	}
	for _, tt := range tests {
		if got := Timestamp(tt.d); got != tt.want {
			t.Errorf("Timestamp(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestScriptString(t *testing.T) {
	s := Script{
		Title: "a, b\nc", PlayResX: 320, PlayResY: 180, WrapStyle: WrapNone, ScaledBorder: true,
		Styles: []Style{{Name: "Card", Font: "DejaVu Sans", Size: 18, Primary: Color{R: 255, G: 128, B: 1},
			Back: Color{Alpha: 0x66}, Shadow: 1.5, Align: Center, MarginL: 16, MarginR: 16, MarginV: 9}},
		Events: []Event{{Start: 0, End: 2 * time.Second, Style: "Card", Text: Escape("x, y\nz")}},
	}
	got := s.String()
	for _, want := range []string{
		"Title: a, b c\n",
		"PlayResX: 320\nPlayResY: 180\nWrapStyle: 2\nScaledBorderAndShadow: yes\n",
		"Style: Card,DejaVu Sans,18,&H000180FF,&H000180FF,&H00000000,&H66000000,0,0,0,0,100,100,0,0,1,0,1.5,5,16,16,9,1\n",
		"Dialogue: 0,0:00:00.00,0:00:02.00,Card,,0,0,0,,x, y\\Nz\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("script lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "\nDialogue:") != 1 {
		t.Errorf("want one event line:\n%s", got)
	}
}
