package ass

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzEscape checks that no text can make libass read an override block or
// an escape reel did not write: every brace is escaped, and \N, \n or \h
// appear only where the text had a line break (\N).
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", `{\fs90}x`, `\N \n \h \{ \}`, "a\r\nb\rc\nd", `\\N`, "}{", "\\", "中文 😀 \t\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out := Escape(s)
		breaks := strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\r")
		rs := []rune(out)
		escapes := 0
		for i, r := range rs {
			if (r == '{' || r == '}') && (i == 0 || rs[i-1] != '\\') {
				t.Fatalf("Escape(%q) = %q: unescaped brace at %d", s, out, i)
			}
			if r == '\\' && i+1 < len(rs) {
				switch rs[i+1] {
				case 'N':
					escapes++
				case 'n', 'h':
					t.Fatalf("Escape(%q) = %q: \\%c at %d", s, out, rs[i+1], i)
				}
			}
		}
		if escapes != breaks {
			t.Fatalf("Escape(%q) = %q: %d line breaks drawn, the text has %d", s, out, escapes, breaks)
		}
		if strings.ContainsAny(out, "\n\r\x00") {
			t.Fatalf("Escape(%q) = %q holds a raw line break or NUL", s, out)
		}
	})
}
