// Package quote quotes user values in messages, shortened, so that no error
// grows with the value it names (internal/elide caps whole messages).
package quote

import (
	"strconv"
	"unicode/utf8"
)

// MaxValue is how many characters of a value a message quotes.
const MaxValue = 60

// Q quotes s as Go's %q does, shortened to MaxValue characters: the start
// and the end, with "…" in between. Bytes that are not UTF-8 quote as four
// characters each (\xb2), so the quoted form is also kept within about
// 2*MaxValue bytes.
func Q(s string) string {
	n := MaxValue
	q := strconv.Quote(Short(s, n))
	for len(q) > 2*MaxValue+2 && n > 8 {
		n /= 2
		q = strconv.Quote(Short(s, n))
	}
	return q
}

// Short returns s when it has at most n characters, else its first and last
// characters (about two thirds and one third of n) joined by "…".
func Short(s string, n int) string {
	if n < 2 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	head := (n - 1) * 2 / 3
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
