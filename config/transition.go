package config

import (
	"gopkg.in/yaml.v3"

	"github.com/reel-film/reel/transitions"
)

// transitionKeys are the keys of a transition map.
var transitionKeys = []string{"type", "duration", "color", "curve"}

// transition decodes a transition written as a name (`wipeleft`) or a map
// ({type, duration, color, curve}). ok is false when it is unusable.
func (d *decoder) transition(f field) (TransitionSpec, bool) {
	t := d.defaultTransition()
	t.Pos = d.pos(f.key, f.path)
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return d.transitionName(f, t)
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f.path, "expected a transition name or a map {type, duration, color, curve}, found %s", describe(n))
		return t, false
	}
	m, _ := d.mapping(n, f.path, transitionKeys)
	typ, ok := m["type"]
	if !ok {
		d.errorf(f.key, f.path, `missing key "type" (e.g. type: dissolve)`)
		return t, false
	}
	t, ok = d.transitionName(typ, t)
	d.transitionDuration(m, &t)
	d.look(m, &t.Color, &t.Curve)
	return t, ok
}

// transitionName sets the type (and its default duration) from f.
func (d *decoder) transitionName(f field, t TransitionSpec) (TransitionSpec, bool) {
	name, ok := d.nonEmpty(f)
	if !ok {
		return t, false
	}
	t.Type = name
	t.Duration = defaultLength(name)
	if cat := d.opts.Transitions; cat != nil {
		d.check(f, name, func(n string) error { _, err := cat.Lookup(n); return err })
	}
	return t, true
}

// transitionDuration applies an explicit duration; a cut ignores it.
func (d *decoder) transitionDuration(m fields, t *TransitionSpec) {
	v, ok := m["duration"]
	if !ok {
		return
	}
	if t.Type == "cut" {
		d.duration(v) // still reported when unparsable
		return
	}
	if dur, ok := d.length(v); ok {
		t.Duration = *dur
	}
}

// look reads the colour (a dip's, a film fade's) and the sound's curve of
// a transition or a fade into color and curve, when they are given.
func (d *decoder) look(m fields, color, curve *string) {
	if v, ok := m["color"]; ok {
		if c, ok := d.color(v); ok {
			*color = c
		}
	}
	if v, ok := m["curve"]; ok {
		if c, ok := d.nonEmpty(v); ok {
			*curve = c
			d.check(v, c, transitions.CheckCurve)
		}
	}
}
