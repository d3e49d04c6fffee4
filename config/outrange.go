package config

import "github.com/reel-film/reel/internal/timecode"

// rangeKeys are the keys of an output's range.
var rangeKeys = []string{"start", "duration", "end"}

// outRange decodes an output's part of the film: {start, duration} or
// {start, end}; start defaults to 0, and neither end nor duration means
// to the end of the film (checked against the film's length when planned).
func (d *decoder) outRange(f field) *Range {
	r := &Range{Start: timecode.MustParse("0s"), Pos: d.pos(f.key, f.path)}
	m, ok := d.mapping(f.val, f.path, rangeKeys)
	if !ok {
		return r
	}
	if v, ok := m["start"]; ok {
		if s, ok := d.duration(v); ok {
			r.Start = *s
		}
	}
	if v, ok := m["duration"]; ok {
		r.Duration, _ = d.length(v)
	}
	end, hasEnd := m["end"]
	if hasEnd {
		r.End, _ = d.duration(end)
	}
	if dur, ok := m["duration"]; ok && hasEnd {
		d.errorf(dur.key, f.path, "give either end or duration, not both (end at line %d)", end.key.Line)
	}
	if r.End != nil && !d.before(r.Start, *r.End) {
		d.errorf(end.val, end.path, "end %s must be after start %s", r.End, r.Start)
	}
	return r
}
