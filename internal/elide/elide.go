// Package elide shortens text for messages, so that no message is longer
// than a screen whatever a user or a program wrote.
package elide

import (
	"fmt"
	"unicode/utf8"
)

// Middle shortens s to about max bytes: its start (two thirds) and its end
// (a third), joined by "… N bytes elided …". Cuts fall on UTF-8 character
// boundaries. s is returned as is when it is not longer than max.
func Middle(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head, tail := max*2/3, max/3
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	from := len(s) - tail
	for from < len(s) && !utf8.RuneStart(s[from]) {
		from++
	}
	return fmt.Sprintf("%s … %d bytes elided … %s", s[:head], from-head, s[from:])
}
