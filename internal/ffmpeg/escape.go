package ffmpeg

import (
	"regexp"
	"strings"
)

// whitespace is the set av_get_token skips before a token and trims after it.
const whitespace = " \n\t\r"

// valueSpecials are the characters the filter option parser
// (av_opt_get_key_value + av_get_token) treats specially.
const valueSpecials = `\':=`

// graphSpecials are the characters the filtergraph parser treats specially
// inside a filter description (av_get_token with terminators "[],;").
const graphSpecials = `\'[],;`

// EscapeValue escapes s for level 1: a filter option value parsed by
// av_opt_get_key_value/av_get_token. It backslash-escapes \ ' : = and any
// leading or trailing whitespace, so every string (including "") survives:
//
//	EscapeValue(" it's 1:2 ") == `\ it\'s 1\:2\ `
func EscapeValue(s string) string {
	return backslashEscape(s, valueSpecials)
}

// EscapeGraph escapes s for level 2: a whole filter description
// ("name=k=v:k2=v2", already escaped with EscapeValue) placed in a
// filtergraph. It backslash-escapes \ ' [ ] , ; and any leading or trailing
// whitespace. It leaves "=" and ":" alone, so the filter name stays
// readable:
//
//	EscapeGraph(`drawtext=text=a\:b, c`) == `drawtext=text=a\\:b\, c`
func EscapeGraph(s string) string {
	return backslashEscape(s, graphSpecials)
}

// backslashEscape puts a backslash before every byte of s found in specials
// (all ASCII) and before every whitespace byte in the leading and trailing
// runs, the ones av_get_token would otherwise strip.
func backslashEscape(s, specials string) string {
	first := len(s) - len(strings.TrimLeft(s, whitespace))
	last := len(strings.TrimRight(s, whitespace))
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ { // bytes, not runes: keep invalid UTF-8 as is
		c := s[i]
		edge := (i < first || i >= last) && strings.IndexByte(whitespace, c) >= 0
		if edge || strings.IndexByte(specials, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// QuoteConcatPath renders p as one line of a concat demuxer list,
// "file '<p>'" in which each single quote is closed, escaped and reopened,
// which the demuxer's av_get_token reads back verbatim:
//
//	QuoteConcatPath("/clips/it's.mp4") == `file '/clips/it'\''s.mp4'`
//
// The demuxer reads its list line by line, so a path containing a newline
// cannot be expressed; callers must reject such paths. Paths with unusual
// characters or absolute paths also need "-safe 0".
func QuoteConcatPath(p string) string {
	return "file " + singleQuote(p)
}

// shellSafe matches words that need no quoting in a POSIX shell.
var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// ShellQuote renders args as a POSIX-shell-safe command line: words made
// only of safe characters stay bare, others are single-quoted, a single
// quote inside being closed, escaped and reopened. It is for display
// (reel plan); commands are never run through a shell.
//
//	ShellQuote([]string{"ffmpeg", "-vf", "drawtext=text=it's"}) ==
//	    `ffmpeg -vf 'drawtext=text=it'\''s'`
func ShellQuote(args []string) string {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = a
		if !shellSafe.MatchString(a) {
			words[i] = singleQuote(a)
		}
	}
	return strings.Join(words, " ")
}

// singleQuote wraps s in single quotes; a quote inside becomes the four
// characters close quote, backslash, quote, open quote.
func singleQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
