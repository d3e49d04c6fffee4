package config

import (
	"github.com/reel-film/reel/internal/timecode"
	"gopkg.in/yaml.v3"
)

// fadeKeys are the keys of a film fade written as a map.
var fadeKeys = []string{"duration", "color", "curve"}

// Fade is the film's fade in from a colour (and from silence) at its start,
// or out to a colour (and to silence) at its end.
type Fade struct {
	Duration timecode.Duration // greater than zero
	Color    string            // the picture fades from/to it: black (default), white, #rrggbb, any ffmpeg colour
	Curve    string            // the sound's fade curve (afade names), default "tri"
	Pos      Pos
}

// filmFades decodes the top-level fade_in and fade_out.
func (d *decoder) filmFades(p *Project, m fields) {
	if v, ok := m["fade_in"]; ok {
		p.FadeIn = d.filmFade(v)
	}
	if v, ok := m["fade_out"]; ok {
		p.FadeOut = d.filmFade(v)
	}
}

// filmFade decodes a fade written as a duration (`1s`) or as a map
// {duration, color, curve}; nil when it is unusable (the error is recorded).
func (d *decoder) filmFade(f field) *Fade {
	fd := &Fade{Color: DefaultColor, Curve: DefaultCurve, Pos: d.pos(f.key, f.path)}
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		dur, ok := d.length(f)
		if !ok {
			return nil
		}
		fd.Duration = *dur
		return fd
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f.path, "expected a duration (e.g. 1s) or a map {duration, color, curve}, found %s", describe(n))
		return nil
	}
	m, _ := d.mapping(n, f.path, fadeKeys)
	v, ok := m["duration"]
	if !ok {
		d.errorf(f.key, f.path, `missing key "duration" (e.g. duration: 1s)`)
		return nil
	}
	dur, ok := d.length(v)
	if !ok {
		return nil
	}
	fd.Duration = *dur
	d.look(m, &fd.Color, &fd.Curve)
	return fd
}
