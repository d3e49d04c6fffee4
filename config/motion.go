package config

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"gopkg.in/yaml.v3"
)

// Keys and values of a scene's motion, speed and freeze.
var (
	motionKeys = []string{"zoom", "pan", "easing"}
	freezeKeys = []string{"at", "duration"}
)

// Limits of a motion's zoom and a clip's speed.
const (
	MaxZoom  = 10.0  // a tenth of the picture's width fills the frame
	MinSpeed = 0.01  // a hundredth: 1 s of clip plays for 100 s
	MaxSpeed = 100.0 // FFmpeg's atempo goes no further
	// DefaultEasing is a motion's easing when none is written.
	DefaultEasing = "in-out"
)

// motion decodes {zoom, pan, easing}. zoom is a number (held) or
// [from, to], pan a place (held) or [from, to]; zoom defaults to 1 (the
// frame as fitted), pan to center.
func (d *decoder) motion(f field) *Motion {
	m, ok := d.mapping(f.val, f.path, motionKeys)
	if !ok {
		return nil
	}
	mo := &Motion{Zoom: [2]float64{1, 1}, Easing: DefaultEasing, Pos: d.pos(f.key, f.path)}
	mo.Pan[0].Named, mo.Pan[1].Named = "center", "center"
	if n := deref(f.val); isNull(n) || len(n.Content) == 0 {
		d.errorf(f.val, f.path, "a motion needs a zoom or a pan (e.g. {zoom: [1, 1.2], pan: [center, top-left]})")
		return nil
	}
	if v, ok := m["zoom"]; ok {
		if ends, ok := d.pair(v, "a zoom"); ok {
			for k, item := range ends {
				if z, ok := d.zoom(item); ok {
					mo.Zoom[k] = z
				}
				if ends[1].val == ends[0].val {
					mo.Zoom[1] = mo.Zoom[0]
					break
				}
			}
		}
	}
	if v, ok := m["pan"]; ok {
		if ends, ok := d.pair(v, "a place"); ok {
			for k, item := range ends {
				mo.Pan[k] = d.panPlace(item)
				if ends[1].val == ends[0].val {
					mo.Pan[1] = mo.Pan[0]
					break
				}
			}
		}
	}
	if v, ok := m["easing"]; ok {
		mo.Easing, _ = d.enum(v, "easing", Easings)
	}
	return mo
}

// pair returns the two ends of a [from, to] value, or the value twice when
// it is a single one; ok is false (and the problem reported) for a list
// of another length.
func (d *decoder) pair(f field, what string) (ends [2]field, ok bool) {
	n := deref(f.val)
	if n.Kind != yaml.SequenceNode {
		return [2]field{f, f}, true
	}
	if len(n.Content) != 2 {
		d.errorf(n, f.path, "expected %s or [from, to], found a list of %d", what, len(n.Content))
		return ends, false
	}
	return [2]field{
		{key: f.key, val: n.Content[0], path: f.path + "[0]"},
		{key: f.key, val: n.Content[1], path: f.path + "[1]"},
	}, true
}

// zoom reads one zoom factor: at least 1 (below, the window would be larger
// than the picture and leave it).
func (d *decoder) zoom(f field) (float64, bool) {
	n := deref(f.val)
	var z float64
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&z) != nil {
		d.errorf(n, f.path, "expected a zoom factor like 1.2 (or [1, 1.2]), found %s", describe(n))
		return 0, false
	}
	switch {
	case math.IsNaN(z) || z < 1:
		d.errorf(n, f.path, "zoom %s is below 1: the window would be larger than the picture (1 shows the whole frame as fitted, 1.2 a window 1/1.2 of it)", quote.Short(n.Value, quote.MaxValue))
		return 0, false
	case z > MaxZoom:
		d.errorf(n, f.path, "zoom %s is out of range (1 to %g)", quote.Short(n.Value, quote.MaxValue), MaxZoom)
		return 0, false
	}
	return z, true
}

// panPlace reads one end of a pan: a named place of the picture or a
// point {x, y} (% of the picture, or px of the first output's frame).
func (d *decoder) panPlace(f field) Position {
	p := Position{Named: "center", Pos: d.pos(f.val, f.path)}
	n := deref(f.val)
	if n.Kind == yaml.MappingNode {
		m, _ := d.mapping(n, f.path, []string{"x", "y"})
		x, okx := m["x"]
		y, oky := m["y"]
		if !okx || !oky {
			d.errorf(n, f.path, "a point needs both x and y (e.g. {x: 30%%, y: 40%%})")
			return p
		}
		px, ok1 := d.motionLength(x)
		py, ok2 := d.motionLength(y)
		if ok1 && ok2 {
			p.Named, p.X, p.Y = "", px, py
		}
		return p
	}
	name, ok := d.text(f, "a place (center, top-left, ...) or a point {x: 30%, y: 40%}")
	switch {
	case !ok:
	case slices.Contains(Positions, name):
		p.Named = name
	default:
		d.errorf(n, f.path, "unknown place %s%s; or write a point {x: 30%%, y: 40%%}", quote.Q(name), enumHint(name, Positions))
	}
	return p
}

// motionLength reads a coordinate of a pan point: a percentage of the
// picture (0% to 100%) or pixels of the first output's frame (at least 0).
func (d *decoder) motionLength(f field) (*Length, bool) {
	n := deref(f.val)
	s := strings.TrimSpace(n.Value)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		pct := strings.HasSuffix(s, "%")
		num := strings.TrimSuffix(strings.TrimSuffix(s, "%"), "px")
		if v, err := strconv.ParseFloat(strings.TrimSpace(num), 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			if v < 0 || (pct && v > 100) {
				d.errorf(n, f.path, "%s is off the picture (0%% to 100%%, or pixels from 0)", quote.Short(s, quote.MaxValue))
				return nil, false
			}
			return &Length{Value: v, Percent: pct}, true
		}
	}
	d.errorf(n, f.path, "expected a coordinate like 30%% or 200px, found %s", describe(n))
	return nil, false
}

// speed reads a clip's playback speed: a number above zero (0.5 is slow
// motion, 2 twice as fast), or a percentage.
func (d *decoder) speed(f field) float64 {
	n := deref(f.val)
	var v float64
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&v) != nil {
		d.errorf(n, f.path, "expected a speed like 0.5 (slow motion) or 2 (twice as fast), found %s", describe(n))
		return 1
	}
	if !(v >= MinSpeed && v <= MaxSpeed) {
		if v <= 0 {
			d.errorf(n, f.path, "speed must be greater than zero (0.5 plays at half speed, 2 at twice the speed), found %s", quote.Short(n.Value, quote.MaxValue))
		} else {
			d.errorf(n, f.path, "speed %s is out of range (%g to %g)", quote.Short(n.Value, quote.MaxValue), MinSpeed, MaxSpeed)
		}
		return 1
	}
	return v
}

// freeze decodes {at, duration}: both are required, at may be 0.
func (d *decoder) freeze(f field) *Freeze {
	m, ok := d.mapping(f.val, f.path, freezeKeys)
	if !ok {
		return nil
	}
	fr := &Freeze{Pos: d.pos(f.key, f.path)}
	at, okAt := m["at"]
	du, okDu := m["duration"]
	if !okAt || !okDu {
		d.errorf(f.val, f.path, "a freeze needs at (clip time after the trim) and duration (how long it holds), e.g. {at: 1.2s, duration: 1s}")
		return nil
	}
	a, ok1 := d.duration(at)
	l, ok2 := d.length(du)
	if !ok1 || !ok2 {
		return nil
	}
	fr.At, fr.Duration = *a, *l
	return fr
}
