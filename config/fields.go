package config

import (
	"regexp"
	"sort"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
	"gopkg.in/yaml.v3"
)

// fieldKeys are the keys of one field under `fields:`.
var fieldKeys = []string{"default", "description"}

// fieldNameRe matches a merge field's name, declared or used.
var fieldNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// IsFieldName reports whether s can name a merge field: letters, digits,
// _ and -, starting with a letter or _ (case-sensitive).
func IsFieldName(s string) bool { return fieldNameRe.MatchString(s) }

// ReadFields returns the merge fields the project in data declares (under
// `fields:`, in file order) without decoding the rest of it, so that a batch
// can check its rows against them before loading any variant. name is the
// file as the user named it, for messages. Problems in the YAML or under
// `fields:` are returned as Errors; a project without `fields:` has none.
func ReadFields(data []byte, name string) ([]Field, error) {
	root, perr := parseYAML(data, name)
	if perr != nil {
		return nil, Errors{perr}
	}
	d := &decoder{name: name}
	fs, _ := d.fieldDecls(root)
	if len(d.errs) > 0 {
		sortErrors(d.errs)
		return nil, d.errs
	}
	return fs, nil
}

// fieldsEntry returns the top-level `fields:` entry of root (merged maps
// included), without reporting anything: the project's own decoding
// reports what is wrong with the top level.
func (d *decoder) fieldsEntry(root *yaml.Node) (field, bool) {
	quiet := &decoder{name: d.name, idPos: map[int]Pos{}}
	m, _ := quiet.mapping(root, "", projectKeys)
	f, ok := m["fields"]
	return f, ok
}

// fieldDecls decodes the `fields:` section of root: a map from a field's
// name to {default, description} (or nothing: no default, no description).
// broken names the fields declared with a mistake (reported here), whose
// uses are not reported again.
func (d *decoder) fieldDecls(root *yaml.Node) (out []Field, broken map[string]bool) {
	broken = map[string]bool{}
	f, ok := d.fieldsEntry(root)
	if !ok {
		return nil, broken
	}
	n := deref(f.val)
	if isNull(n) {
		return nil, broken
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f.path, "expected a map of merge fields such as {name: {default: friend, description: \"viewer's first name\"}}, found %s", describe(n))
		return nil, broken
	}
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := join(f.path, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode:
			d.errorf(k, f.path, "expected a field name, found %s", describe(k))
			continue
		case k.ShortTag() == "!!merge":
			d.errorf(k, path, "merge keys (<<) are not supported under fields: (declare each field)")
			continue
		case !fieldNameRe.MatchString(k.Value):
			d.errorf(k, path, "%s is not a merge field name (a name holds letters, digits, _ and -, and starts with a letter or _)", quote.Q(k.Value))
			continue
		}
		if line, dup := first[k.Value]; dup {
			d.errorf(k, path, "duplicate field (first declared at line %d)", line)
			continue
		}
		first[k.Value] = k.Line
		if fl, ok := d.fieldDecl(k, v, path); ok {
			out = append(out, fl)
		} else {
			broken[k.Value] = true
		}
	}
	return out, broken
}

// fieldDecl decodes one declared field.
func (d *decoder) fieldDecl(k, v *yaml.Node, path string) (Field, bool) {
	fl := Field{Name: k.Value, Pos: d.pos(k, path)}
	m, ok := d.mapping(v, path, fieldKeys)
	if !ok {
		return fl, false
	}
	if dv, ok := m["default"]; ok {
		n := deref(dv.val)
		switch {
		case isNull(n):
			d.errorf(n, dv.path, `expected a default value, found nothing (write default: "" for empty text, or leave default out for a field every variant must give)`)
			ok = false
		case n.Kind != yaml.ScalarNode:
			d.errorf(n, dv.path, "expected a string, number or boolean, found %s", describe(n))
			ok = false
		default:
			fl.Default = &Value{Text: n.Value, Tag: scalarTag(n)}
		}
		if !ok {
			return fl, false
		}
	}
	if dv, ok := m["description"]; ok {
		fl.Description, _ = d.str(dv)
	}
	return fl, true
}

// scalarTag is the type a merge value keeps from the scalar it was written
// as: !!int, !!float and !!bool as YAML reads them, !!str for the rest
// (timestamps, binary and custom tags are text).
func scalarTag(n *yaml.Node) string {
	switch t := n.ShortTag(); t {
	case "!!int", "!!float", "!!bool":
		return t
	}
	return "!!str"
}

// mergeValues returns the values of this variant: the given values of the
// declared fields, and the defaults of the others. A given value for a name
// the project does not declare is a warning (the commands refuse --set of
// an undeclared name themselves, with ReadFields); a value whose text does
// not fit its tag is an error.
func (d *decoder) mergeValues(fs []Field, given Values, at Pos) (Values, Errors) {
	if len(fs) == 0 && len(given) == 0 {
		return nil, nil
	}
	out := Values{}
	declared := make([]string, 0, len(fs))
	for _, f := range fs {
		declared = append(declared, f.Name)
		if v, ok := given[f.Name]; ok {
			if msg := badValue(v); msg != "" {
				d.at(f.Pos, "the value of merge field %q: %s", f.Name, msg)
				v.Tag = "" // typed by its text, so that its uses report nothing more
			}
			out[f.Name] = v
		} else if f.Default != nil {
			out[f.Name] = *f.Default
		}
	}
	var warn Errors
	for _, name := range sortedNames(given) {
		if _, ok := lookupField(fs, name); !ok {
			warn = append(warn, at.Errorf("a value is given for %q, but the project declares no such merge field%s (declare it under fields:, or leave the value out)",
				name, suggest.Hint(name, declared)))
		}
	}
	if len(out) == 0 {
		out = nil
	}
	return out, warn
}

// lookupField finds the declared field name.
func lookupField(fs []Field, name string) (Field, bool) {
	for _, f := range fs {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// sortedNames returns the names of vs in order.
func sortedNames(vs Values) []string {
	names := make([]string, 0, len(vs))
	for k := range vs {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
