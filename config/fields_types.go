package config

// Merge fields (docs/templates.md): a project may hold {{ name }} anywhere
// in its values; the values come from a row of a data file or from --set.
// Substitution happens on the parsed YAML tree, before decoding, so a value
// never changes the file's structure, and an error in a substituted value
// points at the template's line.

// Value is one merge field's value, as a row or --set gives it.
//
// In the project, {{ name }} (spaces inside the braces ignored, names
// case-sensitive) is replaced in every value outside `fields:` (never in a
// key). A value that is exactly one field takes the field value's type
// (TypeOf); a field inside longer text is replaced by the value's text. A
// value is text, never read again for fields, escapes or YAML. A literal
// "{{" is written \{{ (in a double-quoted YAML or JSON string, where a
// backslash starts an escape, "\\{{"); no other backslash is an escape.
// Defaults under `fields:` are values too: written as they are meant.
type Value struct {
	// Text is the value as written: "Ada", "3s", "48".
	Text string
	// Tag is its YAML type: "!!str", "!!int", "!!float" or "!!bool". ""
	// types it as an unquoted YAML value would be (a CSV cell or --set:
	// "48" a number, "true" a boolean, "3s" and "Ada" text; never null).
	Tag string
}

// Values are the merge values of one variant, by field name
// (case-sensitive).
type Values map[string]Value

// Field is a merge field the project declares under `fields:`.
type Field struct {
	Name        string
	Default     *Value // nil: every variant must give a value
	Description string
	Pos         Pos // where it is declared
}
