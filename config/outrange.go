package config

import "github.com/reel-film/reel/internal/timecode"

// rangeKeys are the keys of an output's range.
var rangeKeys = []string{"start", "duration", "end"}

// outRange decodes an output's part of the film: {start, duration} or
// {start, end}; start defaults to 0, and neither end nor duration means
// to the end of the film (checked against the film's length when planned).
func (d *decoder) outRange(f field) *Range {
	r := &Range{Start: timecode.MustParse("0s"), Pos: d.pos(f.key, f.path)}
	if sp, ok := d.span(f, rangeKeys); ok {
		if sp.start != nil {
			r.Start = *sp.start
		}
		r.End, r.Duration = sp.end, sp.duration
	}
	return r
}
