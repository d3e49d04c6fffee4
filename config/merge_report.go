package config

import (
	"fmt"
	"strings"

	"github.com/reel-film/reel/internal/elide"
	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/secret"
	"gopkg.in/yaml.v3"
)

// fail reports a problem with the value at n, which stays as written.
func (m *merger) fail(n *yaml.Node, path, format string, a ...any) {
	m.errs = append(m.errs, m.d.pos(n, path).Errorf(format, a...))
	m.failed[at{n.Line, path}] = true
}

// note records which fields made the value at n.
func (m *merger) note(n *yaml.Node, path string, pieces []piece) {
	var parts []string
	for _, p := range pieces {
		if p.field {
			parts = append(parts, fmt.Sprintf("{{ %s }} = %s", p.text, quote.Q(m.values[p.text].Text)))
		}
	}
	m.notes[at{n.Line, path}] = "(the value comes from " + strings.Join(parts, ", ") + ")"
}

// annotate drops the decoder's errors on values a merge could not make
// (the merge's own error says what is wrong) and says, in those on values
// it made, which fields made them. It returns them with the merge's errors.
func (m *merger) annotate(es Errors) Errors {
	out := es[:0]
	for _, e := range es {
		k := at{e.Line, e.Path}
		if e.File == m.d.name && m.failed[k] {
			continue
		}
		if note, ok := m.notes[k]; ok && e.File == m.d.name {
			e.Msg = secret.RedactTokens(elide.Middle(e.Msg+" "+note, maxMsg))
		}
		out = append(out, e)
	}
	return append(out, m.errs...)
}

// merged decodes the project in root with this variant's merge values
// (Options.Values): it reads the fields section, replaces the fields in
// the values, then decodes the result. Every error and warning names the
// row (Options.Row).
func (d *decoder) merged(root *yaml.Node) *Project {
	fs, broken := d.fieldDecls(root)
	where, skip := Pos{File: d.name}, (*yaml.Node)(nil)
	if f, ok := d.fieldsEntry(root); ok {
		where, skip = d.pos(f.key, f.path), f.val
	}
	vs, warn := d.mergeValues(fs, d.opts.Values, where)
	m := d.substitute(root, skip, fs, broken, vs)
	p := d.project(root)
	p.Fields, p.Values = fs, vs
	p.Warnings = append(warn, p.Warnings...)
	d.errs = m.annotate(d.errs)
	for _, es := range []Errors{d.errs, p.Warnings} {
		for _, e := range es {
			e.Row = d.opts.Row
		}
	}
	return p
}
