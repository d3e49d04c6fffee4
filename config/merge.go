package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
	"gopkg.in/yaml.v3"
)

// at locates a value of the project for matching the decoder's errors to
// the value a merge made.
type at struct {
	line int
	path string
}

// merger replaces the merge fields in the string values of a parsed
// project (see splitFields). It changes the YAML tree in place, so a value
// never changes the file's structure: a row's "a: b\n- c" stays one string.
type merger struct {
	d      *decoder
	names  []string        // the declared fields
	broken map[string]bool // fields declared with a mistake, already reported
	values Values          // this variant's, defaults included
	seen   map[*yaml.Node]bool
	errs   Errors
	failed map[at]bool   // values left as written: the decoder's errors there are dropped
	notes  map[at]string // values a merge made: the decoder's errors there say so
}

// substitute replaces the merge fields in every string value of root
// outside skip (the fields section), each node once however many aliases
// name it, and returns what it did.
func (d *decoder) substitute(root, skip *yaml.Node, fs []Field, broken map[string]bool, vs Values) *merger {
	m := &merger{d: d, values: vs, broken: broken, seen: map[*yaml.Node]bool{}, failed: map[at]bool{}, notes: map[at]string{}}
	for _, f := range fs {
		m.names = append(m.names, f.Name)
	}
	if skip != nil {
		m.seen[deref(skip)] = true
	}
	m.walk(root, "")
	return m
}

// walk substitutes in n, found at path, and in what it holds. Mapping keys
// are names, not values: they are left as written.
func (m *merger) walk(n *yaml.Node, path string) {
	if n == nil || m.seen[n] {
		return
	}
	m.seen[n] = true
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			m.walk(c, path)
		}
	case yaml.AliasNode:
		m.walk(n.Alias, path)
	case yaml.SequenceNode:
		for i, c := range n.Content {
			m.walk(c, fmt.Sprintf("%s[%d]", path, i))
		}
	case yaml.MappingNode:
		if name, ok := unquotedField(n); ok {
			m.fail(n, path, "%s must be in quotes: write %s (unquoted, YAML reads the braces as a map)", "{{ "+name+" }}", quote.Q("{{ "+name+" }}"))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.ShortTag() == "!!merge" {
				m.walk(v, path)
				continue
			}
			m.key(k, join(path, k.Value))
			m.walk(v, join(path, k.Value))
		}
	case yaml.ScalarNode:
		m.scalar(n, path)
	}
}

// key reports a merge field written in a key: keys are the file's
// structure, which a value never changes.
func (m *merger) key(k *yaml.Node, path string) {
	if k.Kind != yaml.ScalarNode || !strings.Contains(k.Value, "{{") {
		return
	}
	if pieces, _ := splitFields(k.Value); slices.ContainsFunc(pieces, func(p piece) bool { return p.field }) {
		m.fail(k, path, "a key cannot hold a merge field (keys are the file's structure; only values are filled)")
	}
}

// unquotedField reports whether n is what YAML makes of an unquoted
// {{ name }}: a flow map whose one key is the flow map {name: null}.
func unquotedField(n *yaml.Node) (string, bool) {
	if n.Style&yaml.FlowStyle == 0 || len(n.Content) != 2 || !isNull(n.Content[1]) {
		return "", false
	}
	k := n.Content[0]
	if k.Kind != yaml.MappingNode || len(k.Content) != 2 || k.Content[0].Kind != yaml.ScalarNode || !isNull(k.Content[1]) {
		return "", false
	}
	return k.Content[0].Value, fieldNameRe.MatchString(k.Content[0].Value)
}

// scalar substitutes in one string value. A value that is exactly one
// field takes the field value's type; a field inside longer text is
// replaced by its value's text.
func (m *merger) scalar(n *yaml.Node, path string) {
	if n.ShortTag() != "!!str" || !strings.Contains(n.Value, "{{") {
		return
	}
	pieces, msg := splitFields(n.Value)
	if msg != "" {
		m.fail(n, path, "%s", msg)
		return
	}
	ok, used := true, map[string]bool{}
	for _, p := range pieces {
		if p.field && !used[p.text] {
			used[p.text] = true
			ok = m.check(n, path, p.text) && ok
		}
	}
	if !ok {
		return
	}
	if len(pieces) == 1 && pieces[0].field {
		setValue(n, m.values[pieces[0].text])
	} else {
		var b strings.Builder
		for _, p := range pieces {
			if p.field {
				b.WriteString(m.values[p.text].Text)
			} else {
				b.WriteString(p.text)
			}
		}
		setText(n, b.String())
	}
	m.note(n, path, pieces)
}

// check reports a field used at n that is not declared or has no value.
func (m *merger) check(n *yaml.Node, path, name string) bool {
	if _, ok := m.values[name]; ok {
		return true
	}
	if m.broken[name] {
		m.failed[at{n.Line, path}] = true
		return false
	}
	for _, f := range m.names {
		if f == name {
			fix := fmt.Sprintf("give it a value (--set %s=...)", name)
			if m.d.opts.Row != "" {
				fix = "give the row a " + name + " value"
			}
			m.fail(n, path, "merge field %q has no value (%s, or a default under fields:)", name, fix)
			return false
		}
	}
	hint := "declare it under fields:"
	if c := suggest.Closest(name, m.names); c != "" {
		hint = fmt.Sprintf("did you mean %q?; %s", c, hint)
	}
	m.fail(n, path, "unknown merge field %q (%s)", name, hint)
	return false
}
