package ffmpeg

import (
	"strings"
	"testing"
)

func TestEscapeValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"a b", "a b"},
		{"1:2", `1\:2`},
		{"a=b", `a\=b`},
		{"it's", `it\'s`},
		{`back\slash`, `back\\slash`},
		{" lead", `\ lead`},
		{"trail ", `trail\ `},
		{" \t x \n", "\\ \\\t\\ x\\ \\\n"},
		{"[a],b;c%", "[a],b;c%"},
		{"ünï ✓", "ünï ✓"},
		{"bad \xf3 utf8:", "bad \xf3 utf8\\:"},
	}
	for _, tt := range tests {
		if got := EscapeValue(tt.in); got != tt.want {
			t.Errorf("EscapeValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeGraph(t *testing.T) {
	tests := []struct{ in, want string }{
		{"null", "null"},
		{"scale=w=1:h=2", "scale=w=1:h=2"},
		{`drawtext=text=a\:b, c`, `drawtext=text=a\\:b\, c`},
		{"f=[x];y's", `f=\[x\]\;y\'s`},
		{`f=v\ `, `f=v\\\ `},
	}
	for _, tt := range tests {
		if got := EscapeGraph(tt.in); got != tt.want {
			t.Errorf("EscapeGraph(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuoteConcatPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/a/b.mp4", "file '/a/b.mp4'"},
		{"/a/it's [1], x.mp4", `file '/a/it'\''s [1], x.mp4'`},
		{`C:\x`, `file 'C:\x'`},
	}
	for _, tt := range tests {
		if got := QuoteConcatPath(tt.in); got != tt.want {
			t.Errorf("QuoteConcatPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"ffmpeg", "-i", "/a/b.mp4", "-y"}, "ffmpeg -i /a/b.mp4 -y"},
		{[]string{"-vf", "drawtext=text=it's"}, `-vf 'drawtext=text=it'\''s'`},
		{[]string{"", "a b", "$HOME", "[0:v]"}, `'' 'a b' '$HOME' '[0:v]'`},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := ShellQuote(tt.in); got != tt.want {
			t.Errorf("ShellQuote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzEscapeRoundTrip checks that parsing an escaped value with a Go port
// of FFmpeg's two parsers gives the value back. Real ffmpeg is the
// reference in ffmpeg_escape_test.go; this covers many more strings.
func FuzzEscapeRoundTrip(f *testing.F) {
	for _, s := range roundTripTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		desc := F("metadata", "value", s).String()
		opts, rest := avGetToken(strings.TrimPrefix(desc, "metadata="), "[],;")
		if rest != "" {
			t.Fatalf("level 2 stopped early at %q in %q", rest, desc)
		}
		value, rest := avGetToken(strings.TrimPrefix(opts, "value="), ":")
		if rest != "" || value != s {
			t.Fatalf("round trip of %q via %q = %q (rest %q)", s, desc, value, rest)
		}
	})
}

// avGetToken is a port of libavutil's av_get_token: it returns the token
// and the unparsed rest, which starts at a terminator.
func avGetToken(s, term string) (token, rest string) {
	s = strings.TrimLeft(s, whitespace)
	out := []byte{}
	end := 0
	for len(s) > 0 && !strings.ContainsRune(term, rune(s[0])) {
		c := s[0]
		s = s[1:]
		switch {
		case c == '\\' && len(s) > 0:
			out, s = append(out, s[0]), s[1:]
			end = len(out)
		case c == '\'':
			i := strings.IndexByte(s, '\'')
			if i < 0 {
				out, s = append(out, s...), ""
				break
			}
			out, s = append(out, s[:i]...), s[i+1:]
			end = len(out)
		default:
			out = append(out, c)
		}
	}
	for len(out) > end && strings.ContainsRune(whitespace, rune(out[len(out)-1])) {
		out = out[:len(out)-1]
	}
	return string(out), s
}
