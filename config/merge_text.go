package config

import (
	"fmt"
	"strings"

	"github.com/reel-film/reel/internal/quote"
)

// piece is a run of literal text or one merge field of a value.
type piece struct {
	text  string // the literal text (escapes undone), or the field's name
	field bool
}

// literalHint says how to write a literal "{{" in a value.
const literalHint = `write \{{ for a literal "{{"; in a double-quoted YAML or JSON string, "\\{{"`

// splitFields splits a project value into literal text and {{ name }}
// fields. Spaces inside the braces are ignored; a name holds letters,
// digits, _ and -, and starts with a letter or _.
//
// A literal "{{" is written \{{ (in a double-quoted YAML or JSON string,
// where a backslash starts an escape, "\\{{"): it stands for "{{" once the
// fields are replaced. Nothing else is an escape: a backslash before
// anything but "{{" stays as written. A value given to a field is never
// read for fields or escapes.
//
// It returns a message when a "{{" is never closed or holds no name.
func splitFields(s string) ([]piece, string) {
	var out []piece
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, piece{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], `\{{`):
			lit.WriteString("{{")
			i += 3
		case strings.HasPrefix(s[i:], "{{"):
			end := strings.Index(s[i+2:], "}}")
			if end < 0 {
				return nil, fmt.Sprintf(`%s opens a merge field with "{{" that is never closed with "}}" (%s)`, quote.Q(s[i:]), literalHint)
			}
			name := strings.TrimSpace(s[i+2 : i+2+end])
			if !fieldNameRe.MatchString(name) {
				return nil, fmt.Sprintf("%s is not a merge field: a field's name holds letters, digits, _ and -, and starts with a letter or _ (%s)", quote.Q(s[i:i+4+end]), literalHint)
			}
			flush()
			out = append(out, piece{text: name, field: true})
			i += end + 4
		default:
			lit.WriteByte(s[i])
			i++
		}
	}
	flush()
	return out, ""
}
