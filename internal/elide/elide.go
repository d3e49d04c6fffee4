// Package elide shortens text for messages, so that no message is longer
// than a screen whatever a user or a program wrote.
package elide

import (
	"fmt"
	"unicode/utf8"
)

// Middle shortens s to about max bytes: its start (two thirds) and its end
// (a third), joined by "… N bytes elided …". Cuts fall on UTF-8 character
// boundaries. s is returned as is when it is not longer than max. The
// marker counts in max (unless max is tiny), so shortening a shortened text
// again leaves it as it is, and N stays the number of bytes of s left out.
func Middle(s string, max int) string {
	if len(s) <= max {
		return s
	}
	budget := max - len(fmt.Sprintf(" … %d bytes elided … ", len(s)))
	if budget < max/2 {
		budget = max / 2
	}
	head, tail := budget*2/3, budget/3
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	from := len(s) - tail
	for from < len(s) && !utf8.RuneStart(s[from]) {
		from++
	}
	return fmt.Sprintf("%s … %d bytes elided … %s", s[:head], from-head, s[from:])
}
