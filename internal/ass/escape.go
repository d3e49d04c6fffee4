package ass

import (
	"strings"
	"unicode"
)

// wordJoiner is an invisible character that separates a backslash from the
// letter after it, so "\N" written by a user is drawn, not obeyed. HarfBuzz
// draws it as nothing.
const wordJoiner = '\u2060'

// Escape turns user text into ASS text that libass draws literally: braces
// (which open override blocks) become \{ and \}, a backslash before a
// letter or brace that libass would read as an escape is separated from it
// by an invisible word joiner, a line break becomes \N, tabs become spaces
// and other control characters are dropped (before escaping, so that a
// dropped character cannot join a backslash to a letter).
func Escape(s string) string {
	rs := make([]rune, 0, len(s))
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		switch {
		case r == '\n' || r == '\r':
			rs = append(rs, '\n')
		case r == '\t':
			rs = append(rs, ' ')
		case unicode.IsControl(r):
			// dropped: nothing to draw
		default:
			rs = append(rs, r)
		}
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range rs {
		switch r {
		case '{', '}':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\\':
			b.WriteRune(r)
			if i+1 < len(rs) && escapable(rs[i+1]) {
				b.WriteRune(wordJoiner)
			}
		case '\n':
			b.WriteString(`\N`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapable reports whether libass reads a backslash followed by r as an
// escape (\N, \n, \h, \{, \}) or the start of an override tag.
func escapable(r rune) bool {
	switch r {
	case 'N', 'n', 'h', '{', '}':
		return true
	}
	return false
}
