// Package quote shortens user text for messages, so that no error is longer
// than a screen however long the value it quotes.
package quote

import (
	"strconv"
	"unicode/utf8"
)

// MaxValue is how many characters of a value a message quotes.
const MaxValue = 60

// MaxMessage is the longest message, in bytes, that Message keeps whole.
const MaxMessage = 1000

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

// Message caps a whole message at MaxMessage bytes, cutting the middle and
// saying how much was left out.
func Message(s string) string {
	if len(s) <= MaxMessage {
		return s
	}
	head, tail := cutValid(s, MaxMessage*2/3, true), cutValid(s, MaxMessage/3, false)
	return head + " … (" + strconv.Itoa(len(s)-len(head)-len(tail)) + " bytes left out) … " + tail
}

// cutValid returns about n bytes from the start (or the end) of s without
// splitting a UTF-8 sequence.
func cutValid(s string, n int, start bool) string {
	if start {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		return s[:n]
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}
