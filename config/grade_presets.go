package config

import (
	"strconv"

	"github.com/reel-film/reel/looks"
	"gopkg.in/yaml.v3"
)

// presetKeys are the keys of a project preset: base, description and every
// look parameter.
func presetKeys() []string {
	keys := []string{"base", "description"}
	for _, p := range looks.Params {
		keys = append(keys, p.Name)
	}
	return append(append(keys, looks.ColorParams...), "curve")
}

// userPresets decodes the grades section: a map from preset name to look.
func (d *decoder) userPresets(f field) []looks.Preset {
	n := deref(f.val)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f.path, "expected a map of preset names to looks, found %s", describe(n))
		return nil
	}
	var out []looks.Preset
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := join(f.path, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode:
			d.errorf(k, path, "expected a preset name, found %s", describe(k))
			continue
		case nameProblem("preset name", k.Value) != "":
			d.errorf(k, path, "%s", nameProblem("preset name", k.Value))
			continue
		case k.Value == noGrade:
			d.errorf(k, path, `"none" means no grade; choose another name`)
			continue
		case seen[k.Value] > 0:
			d.errorf(k, path, "duplicate preset (first defined at line %d)", seen[k.Value])
			continue
		}
		if _, err := looks.Builtin.Lookup(k.Value); err == nil {
			d.errorf(k, path, "%q is a built-in preset; give yours another name (use base: %s to start from it)", k.Value, k.Value)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, d.userPreset(field{key: k, val: v, path: path}))
	}
	return out
}

// userPreset decodes one project preset.
func (d *decoder) userPreset(f field) looks.Preset {
	p := looks.Preset{Name: f.key.Value, Description: "project preset"}
	m, _ := d.mapping(f.val, f.path, presetKeys())
	if v, ok := m["base"]; ok {
		if name, ok := d.nonEmpty(v); ok {
			base, err := looks.Builtin.Lookup(name)
			if err != nil {
				d.errorf(v.val, v.path, "%v", err)
			}
			p.Look = base.Look
			p.Description = "project preset based on " + name
		}
	}
	if v, ok := m["description"]; ok {
		p.Description, _ = d.nonEmpty(v)
	}
	for _, prm := range looks.Params {
		if v, ok := m[prm.Name]; ok {
			x, _ := d.number(v, prm.Min, prm.Max)
			_ = p.Look.Set(prm.Name, x)
		}
	}
	if v, ok := m["shadows"]; ok {
		p.Look.Shadows = d.rgbOffset(v)
	}
	if v, ok := m["highlights"]; ok {
		p.Look.Highlights = d.rgbOffset(v)
	}
	if v, ok := m["curve"]; ok {
		p.Look.Curve = d.curve(v)
	}
	return p
}

// rgbOffset reads [r, g, b], each in -0.5..0.5.
func (d *decoder) rgbOffset(f field) [3]float64 {
	var out [3]float64
	items, ok := d.numberList(f, 3, "a list of 3 numbers [r, g, b]")
	if !ok {
		return out
	}
	for i, it := range items {
		out[i], _ = d.number(it, -0.5, 0.5)
	}
	return out
}

// curve reads [[in, out], ...] and checks the points.
func (d *decoder) curve(f field) [][2]float64 {
	n := deref(f.val)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, f.path, "expected a list of points [[in, out], ...], found %s", describe(n))
		return nil
	}
	var pts [][2]float64
	for i, item := range n.Content {
		pf := field{key: item, val: item, path: f.path + "[" + strconv.Itoa(i) + "]"}
		xy, ok := d.numberList(pf, 2, "a point [in, out]")
		if !ok {
			return nil
		}
		x, ok1 := d.number(xy[0], 0, 1)
		y, ok2 := d.number(xy[1], 0, 1)
		if !ok1 || !ok2 {
			return nil
		}
		pts = append(pts, [2]float64{x, y})
	}
	if err := looks.CheckCurve(pts); err != nil {
		d.errorf(n, f.path, "%v", err)
		return nil
	}
	return pts
}

// numberList checks that f is a list of n items and returns them as fields.
func (d *decoder) numberList(f field, n int, want string) ([]field, bool) {
	node := deref(f.val)
	if node.Kind != yaml.SequenceNode || len(node.Content) != n {
		d.errorf(node, f.path, "expected %s, found %s", want, describe(node))
		return nil, false
	}
	out := make([]field, n)
	for i, it := range node.Content {
		out[i] = field{key: it, val: it, path: f.path + "[" + strconv.Itoa(i) + "]"}
	}
	return out, true
}
