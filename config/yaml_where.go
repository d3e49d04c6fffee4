package config

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// whereYAML gives a yaml.v3 error that names no line one, with a message a
// user can act on. yaml.v3 names no line for an error on the first line
// (a one-line JSON project), for bytes that are not UTF-8, for control
// characters and for an unknown alias; it says "invalid Unicode character
// escape code" for a JSON surrogate pair. It returns line 0 when it cannot
// tell.
func whereYAML(data []byte, msg string) (int, string) {
	switch {
	case strings.Contains(msg, "UTF-8") || msg == "invalid Unicode character":
		if off, ok := firstInvalidUTF8(data); ok {
			return lineAt(data, off), fmt.Sprintf("the file is not UTF-8 text: byte 0x%02x at column %d (save it as UTF-8)", data[off], columnAt(data, off))
		}
	case strings.Contains(msg, "control characters are not allowed"):
		if off, r, ok := firstControl(data); ok {
			return lineAt(data, off), fmt.Sprintf("the file holds the control character U+%04X at column %d; YAML does not allow it (remove it)", r, columnAt(data, off))
		}
	case strings.HasPrefix(msg, "unknown anchor "):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		if off := aliasAt(data, name); off >= 0 {
			return lineAt(data, off), fmt.Sprintf("*%s refers to no anchor (define it first with &%s)", name, name)
		}
	}
	return 0, ""
}

// badEscape explains the first escape YAML cannot read (half of a UTF-16
// surrogate pair, or a \U past U+10FFFF) on line (1-based) or after it, or
// returns "".
func badEscape(data []byte, line int) string {
	lines := bytes.Split(data, []byte("\n"))
	for i := max(line, 1) - 1; i < len(lines); i++ {
		for _, loc := range escapeRe.FindAllIndex(lines[i], -1) {
			m := lines[i][loc[0]:loc[1]]
			v, _ := strconv.ParseUint(string(m[2:]), 16, 32)
			switch {
			case v >= 0xd800 && v <= 0xdbff:
				if lo, ok := hex4(lines[i], loc[1]); ok && lo >= 0xdc00 && lo <= 0xdfff {
					return fmt.Sprintf("%s%s is a UTF-16 surrogate pair, which YAML does not read; write the character itself, or \\U%08X", m, lines[i][loc[1]:loc[1]+6], 0x10000+(v-0xd800)<<10+(lo-0xdc00))
				}
				fallthrough
			case v >= 0xdc00 && v <= 0xdfff:
				return fmt.Sprintf("%s is half of a UTF-16 surrogate pair, which YAML does not read; write the character itself", m)
			case v > 0x10ffff:
				return fmt.Sprintf("%s is not a Unicode character (the last is \\U0010FFFF)", m)
			}
		}
	}
	return ""
}

// escapeRe finds \u and \U escapes.
var escapeRe = regexp.MustCompile(`\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}`)

// firstInvalidUTF8 returns the offset of the first byte that does not
// start a valid UTF-8 sequence.
func firstInvalidUTF8(data []byte) (int, bool) {
	for off := 0; off < len(data); {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n <= 1 {
			return off, true
		}
		off += n
	}
	return 0, false
}

// firstControl returns the first character YAML does not allow in a file
// (its c-printable set: tab, newlines, and the printable characters).
func firstControl(data []byte) (int, rune, bool) {
	for off, r := range string(data) {
		printable := r == '\t' || r == '\n' || r == '\r' || r == 0x85 ||
			r >= 0x20 && r <= 0x7e || r >= 0xa0 && r <= 0xd7ff ||
			r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
		if !printable {
			return off, r, true
		}
	}
	return 0, 0, false
}

// aliasAt returns the offset of the first alias *name, or -1.
func aliasAt(data []byte, name string) int {
	re := regexp.MustCompile(`\*` + regexp.QuoteMeta(name) + `(?:[\s,\]}]|$)`)
	if loc := re.FindIndex(data); loc != nil {
		return loc[0]
	}
	return -1
}

// lineAt is the 1-based line of offset off.
func lineAt(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

// columnAt is the 1-based column, in characters, of offset off.
func columnAt(data []byte, off int) int {
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return utf8.RuneCount(data[start:off]) + 1
}
