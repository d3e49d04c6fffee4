package subtitles

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The tags taken out of cue text: those SubRip players read, and WebVTT's.
var (
	srtTags = []string{"i", "b", "u", "s", "font"}
	vttTags = []string{"i", "b", "u", "c", "v", "lang", "ruby", "rt"}
)

// stripTags removes the markup tags named in tags from s: <name ...> and
// </name>, names compared without case for SubRip, and with a class
// (<c.yellow>) for WebVTT, where timestamp tags (<00:01.000>) go too. Any
// other "<" is text.
func stripTags(s string, tags []string, vtt bool) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 || !isTag(s[i+1:i+j], tags, vtt) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
}

// isTag reports whether the inside of <...> is one of tags (or its end).
func isTag(in string, tags []string, vtt bool) bool {
	name := strings.TrimPrefix(in, "/")
	if vtt && name == in {
		if _, problem := vttStamp(in); problem == "" {
			return true
		}
	}
	if k := strings.IndexAny(name, " \t"); k >= 0 {
		name = name[:k]
	}
	if vtt {
		name, _, _ = strings.Cut(name, ".")
	}
	for _, t := range tags {
		if name == t || !vtt && strings.EqualFold(name, t) {
			return true
		}
	}
	return false
}

// entities are WebVTT's named character references.
var entities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0", "lrm": "\u200e", "rlm": "\u200f", "quot": `"`, "apos": "'"}

// decodeEntities replaces WebVTT character references (&amp;, &#233;,
// &#xE9;); an unknown or unterminated one is text.
func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if j < 0 || j > 12 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		if r, ok := entity(s[1:j]); ok {
			b.WriteString(r)
			s = s[j+1:]
			continue
		}
		b.WriteByte('&')
		s = s[1:]
	}
}

// entity is what the reference &name; stands for.
func entity(name string) (string, bool) {
	if v, ok := entities[name]; ok {
		return v, true
	}
	num, ok := strings.CutPrefix(name, "#")
	if !ok || num == "" {
		return "", false
	}
	base := 10
	if h, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
		num, base = h, 16
	}
	n, err := strconv.ParseUint(num, base, 32)
	if err != nil || n == 0 || !utf8.ValidRune(rune(n)) {
		return "", false
	}
	return string(rune(n)), true
}
