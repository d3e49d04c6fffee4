package config

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/reel-film/reel/internal/quote"
	"gopkg.in/yaml.v3"
)

var (
	// intRe and floatRe are YAML 1.2's core-schema decimal numbers (the
	// spellings strconv reads as they are: no 0x, 0o, _ or .inf).
	intRe   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	floatRe = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// boolWords are the booleans of YAML 1.2's core schema.
var boolWords = map[string]bool{"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true}

// TypeOf returns the YAML type of v: its Tag, or for an untyped value (Tag
// "") the type an unquoted YAML value with its text would have under the
// core schema: "48" !!int, "2.5" and "1e3" !!float, "true" and "False"
// !!bool, everything else (including "3s", "null", "~", "0x10") !!str. A
// value is never null.
func TypeOf(v Value) string {
	if v.Tag != "" {
		return v.Tag
	}
	switch {
	case intRe.MatchString(v.Text):
		if _, err := strconv.ParseInt(v.Text, 10, 64); err != nil {
			return "!!float" // as YAML reads a whole number too long for an int
		}
		return "!!int"
	case floatRe.MatchString(v.Text):
		if _, err := strconv.ParseFloat(v.Text, 64); err == nil {
			return "!!float"
		}
	case boolWords[v.Text]:
		return "!!bool"
	}
	return "!!str"
}

// badValue says why v's text does not fit its tag, or "".
func badValue(v Value) string {
	switch v.Tag {
	case "", "!!str":
		return ""
	case "!!int":
		if intRe.MatchString(v.Text) {
			return ""
		}
		return fmt.Sprintf("%s is not a whole number", quote.Q(v.Text))
	case "!!float":
		if floatRe.MatchString(v.Text) {
			return ""
		}
		return fmt.Sprintf("%s is not a number", quote.Q(v.Text))
	case "!!bool":
		if boolWords[v.Text] {
			return ""
		}
		return fmt.Sprintf("%s is not true or false", quote.Q(v.Text))
	}
	return fmt.Sprintf("unknown type %s (a value is a string, a number or a boolean)", quote.Q(v.Tag))
}

// setValue makes the scalar n hold v, typed as v is, in the style YAML
// would read as that type.
func setValue(n *yaml.Node, v Value) {
	n.Tag, n.Value = TypeOf(v), v.Text
	n.Style = 0
	if n.Tag == "!!str" {
		n.Style = yaml.DoubleQuotedStyle
	}
}

// setText makes the scalar n hold the string s.
func setText(n *yaml.Node, s string) {
	n.Tag, n.Value, n.Style = "!!str", s, yaml.DoubleQuotedStyle
}
