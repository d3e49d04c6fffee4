package looks

import (
	"fmt"
	"strings"

	"github.com/reel-film/reel/internal/suggest"
)

// Registry is a set of named presets in a fixed order.
type Registry struct {
	presets []Preset
	index   map[string]int
}

// NewRegistry builds a registry from presets in the given order. A later
// preset with the name of an earlier one replaces it in place.
func NewRegistry(presets []Preset) *Registry {
	r := &Registry{index: map[string]int{}}
	for _, p := range presets {
		r.add(p)
	}
	return r
}

func (r *Registry) add(p Preset) {
	if i, ok := r.index[p.Name]; ok {
		r.presets[i] = p
		return
	}
	r.index[p.Name] = len(r.presets)
	r.presets = append(r.presets, p)
}

// All returns the presets in order.
func (r *Registry) All() []Preset { return append([]Preset(nil), r.presets...) }

// Names returns the preset names in order.
func (r *Registry) Names() []string {
	names := make([]string, len(r.presets))
	for i, p := range r.presets {
		names[i] = p.Name
	}
	return names
}

// Lookup finds a preset by name; the error suggests a close name or lists them.
func (r *Registry) Lookup(name string) (Preset, error) {
	if i, ok := r.index[name]; ok {
		return r.presets[i], nil
	}
	hint := suggest.Hint(name, r.Names())
	if hint == "" {
		hint = " (expected one of: " + strings.Join(r.Names(), ", ") + ")"
	}
	return Preset{}, fmt.Errorf("unknown grade preset %q%s", name, hint)
}

// With returns a copy of r extended by presets (a project's own); r is unchanged.
func (r *Registry) With(presets []Preset) *Registry {
	out := NewRegistry(r.presets)
	for _, p := range presets {
		out.add(p)
	}
	return out
}
