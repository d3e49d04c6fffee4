package config

import (
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
	"gopkg.in/yaml.v3"
)

// decoder walks yaml.Node trees by hand so that every problem is collected
// with its line and field path, instead of stopping at the first one.
type decoder struct {
	name   string // the project file as the user named it
	dir    string // absolute directory that relative paths resolve against
	opts   Options
	fps    frac.Rational // the output frame rate, once decoded (for "f" durations)
	idPos  map[int]Pos   // where each explicit scene id is written
	errs   Errors
	inputs []Input // every file the project reads (see inputFile)
}

// field is one key of a mapping with its value.
type field struct {
	key, val *yaml.Node
	path     string
}

// fields holds the known keys present in a mapping.
type fields map[string]field

// pos returns the position of n at path.
func (d *decoder) pos(n *yaml.Node, path string) Pos {
	line := 0
	if n != nil {
		line = n.Line
	}
	return Pos{File: d.name, Line: line, Path: path}
}

// errorf records a problem at n (line) and path.
func (d *decoder) errorf(n *yaml.Node, path, format string, a ...any) {
	d.at(d.pos(n, path), format, a...)
}

// at records a problem at p.
func (d *decoder) at(p Pos, format string, a ...any) {
	d.errs = append(d.errs, p.Errorf(format, a...))
}

// join appends key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// deref follows YAML aliases (*name) to the anchored node.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is an explicit null or an empty value.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing"
	case "!!bool":
		return "the boolean " + n.Value
	case "!!int", "!!float":
		return "the number " + quote.Short(n.Value, quote.MaxValue)
	}
	return "the string " + quote.Q(n.Value)
}

// mapping checks that n is a map with only the known keys and returns them.
// A null value counts as an empty map. Unknown and duplicate keys are
// reported; ok is false when n is not a map at all.
func (d *decoder) mapping(n *yaml.Node, path string, known []string) (f fields, ok bool) {
	n = deref(n)
	f = fields{}
	if isNull(n) {
		return f, true
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a map, found %s", describe(n))
		return f, false
	}
	d.addFields(f, n, path, known, nil)
	return f, true
}

// addFields adds the entries of mapping n to f. Merged entries (<<: *x)
// never override keys written in the map itself. seen holds the maps
// already merged into f (nil for the map itself): merging one twice adds
// nothing, and skipping it keeps a "merge bomb" (each level merging the
// previous one twice) linear instead of exponential.
func (d *decoder) addFields(f fields, n *yaml.Node, path string, known []string, seen map[*yaml.Node]bool) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		d.addField(f, field{key: k, val: v, path: join(path, k.Value)}, known, seen != nil)
	}
	if len(merges) > 0 && seen == nil {
		seen = map[*yaml.Node]bool{n: true}
	}
	for _, m := range merges {
		d.merge(f, m, path, known, seen)
	}
}

// addField records one key, reporting unknown and duplicate keys.
func (d *decoder) addField(f fields, fl field, known []string, merged bool) {
	k := fl.key
	if k.Kind != yaml.ScalarNode {
		d.errorf(k, fl.path, "expected a key name, found %s", describe(k))
		return
	}
	if !slices.Contains(known, k.Value) {
		d.errorf(k, fl.path, "unknown key%s", keyHint(k.Value, known))
		return
	}
	if prev, dup := f[k.Value]; dup {
		if !merged {
			d.errorf(k, fl.path, "duplicate key (first defined at line %d)", prev.key.Line)
		}
		return
	}
	f[k.Value] = fl
}

// merge applies a YAML merge key's value: a map or a list of maps, each at
// most once.
func (d *decoder) merge(f fields, v *yaml.Node, path string, known []string, seen map[*yaml.Node]bool) {
	v = deref(v)
	if seen[v] {
		return
	}
	seen[v] = true
	switch v.Kind {
	case yaml.MappingNode:
		d.addFields(f, v, path, known, seen)
	case yaml.SequenceNode:
		for _, m := range v.Content {
			d.merge(f, m, path, known, seen)
		}
	default:
		d.errorf(v, path, "a merge (<<) needs a map, found %s", describe(v))
	}
}

// keyHint suggests a known key for a mistyped one, or lists them all.
func keyHint(name string, known []string) string {
	if h := suggest.Hint(name, known); h != "" {
		return h
	}
	return " (expected one of: " + strings.Join(known, ", ") + ")"
}
