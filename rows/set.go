package rows

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/quote"
)

// ParseSet reads the values of `--set name=value` arguments (each arg is
// "name=value"; the first = splits, so a value may hold more). Values are
// untyped, as a CSV cell is ("48" a number, "3s" text); "name=" gives the
// empty text. A missing =, a name that cannot be a field's, or one name
// given twice is an error.
func ParseSet(args []string) (config.Values, error) {
	vals := config.Values{}
	first := map[string]string{}
	var bad problems
	for _, a := range args {
		name, val, ok := strings.Cut(a, "=")
		switch {
		case !ok:
			bad = append(bad, fmt.Errorf("--set %s: write --set name=value", quote.Q(a)))
		case name == "":
			bad = append(bad, fmt.Errorf("--set %s: the field's name is missing before the = (write --set name=value)", quote.Q(a)))
		case !config.IsFieldName(name):
			bad = append(bad, fmt.Errorf("--set %s: %s is not a field name (a name holds letters, digits, _ and -, and starts with a letter or _)", quote.Q(a), quote.Q(name)))
		case !utf8.ValidString(val):
			bad = append(bad, fmt.Errorf("--set %s: the value is not valid UTF-8", name))
		case first[name] != "":
			bad = append(bad, fmt.Errorf("--set %s and --set %s both give %s (give it once)", quote.Q(first[name]), quote.Q(a), name))
		default:
			first[name] = a
			vals[name] = config.Value{Text: val}
		}
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return vals, nil
}
