package config

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/internal/timecode"
	"gopkg.in/yaml.v3"
)

// Keys of the small maps of the audio section.
var (
	audioPosKeys = []string{"scene", "offset"}
	duckKeys     = []string{"amount", "attack", "release"}
	loudnessKeys = []string{"target", "true_peak"}
	// LoudnessPresets are the names loudness accepts instead of a map.
	LoudnessPresets = []string{"default", "streaming", "broadcast", "off"}
)

// fade reads an optional fade length under key; pos follows the last one
// given, for messages about fades that do not fit.
func (d *decoder) fade(m fields, key string, pos *Pos) timecode.Duration {
	v, ok := m[key]
	if !ok {
		return timecode.Duration{}
	}
	*pos = d.pos(v.val, v.path)
	if t, ok := d.duration(v); ok {
		return *t
	}
	return timecode.Duration{}
}

// audioPos decodes a timeline position: a duration from the film's start
// (`3s`) or a map {scene, offset} relative to a scene's start.
func (d *decoder) audioPos(f field, p *Project) AudioPos {
	a := AudioPos{Pos: d.pos(f.val, f.path)}
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		if t, ok := d.duration(f); ok {
			a.Offset = *t
		}
		return a
	}
	m, ok := d.mapping(f.val, f.path, audioPosKeys)
	if !ok {
		return a
	}
	if v, ok := m["offset"]; ok {
		if t, ok := d.duration(v); ok {
			a.Offset = *t
		}
	}
	v, ok := m["scene"]
	if !ok {
		d.errorf(f.val, f.path, `missing key "scene" (or write a time from the film's start, e.g. 2.5s)`)
		return a
	}
	a.Scene, _ = d.nonEmpty(v)
	ids := make([]string, len(p.Scenes))
	for i, s := range p.Scenes {
		ids[i] = s.ID
		if s.ID == a.Scene {
			a.SceneIndex = i
			return a
		}
	}
	if a.Scene != "" {
		d.errorf(v.val, v.path, "no scene has the id %q%s", a.Scene, suggest.Hint(a.Scene, ids))
	}
	return a
}

// duck decodes `duck: true` (the defaults) or {amount, attack, release}.
func (d *decoder) duck(f field) *Duck {
	k := &Duck{AmountDB: -12, Attack: timecode.MustParse("20ms"), Release: timecode.MustParse("300ms"), Pos: d.pos(f.key, f.path)}
	if n := deref(f.val); n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		if !d.audioBool(f) {
			return nil
		}
		return k
	}
	m, ok := d.mapping(f.val, f.path, duckKeys)
	if !ok {
		return nil
	}
	if v, ok := m["amount"]; ok {
		vol := d.volume(v)
		if vol.Mute || vol.DB >= 0 || vol.DB < -60 {
			d.errorf(v.val, v.path, "the amount is a cut in dB from -60dB to below 0dB (e.g. -12dB)")
		}
		k.AmountDB = vol.DB
	}
	for key, dst := range map[string]*timecode.Duration{"attack": &k.Attack, "release": &k.Release} {
		if v, ok := m[key]; ok {
			if t, ok := d.duration(v); ok && d.inRange(v, t.Float(d.fps)*1000, 0.01, 2000) {
				*dst = *t
			}
		}
	}
	return k
}

// inRange reports whether ms lies in [lo, hi] milliseconds, recording an
// error at f when not.
func (d *decoder) inRange(f field, ms, lo, hi float64) bool {
	if ms >= lo && ms <= hi {
		return true
	}
	d.errorf(f.val, f.path, "must be from %gms to %gms", lo, hi)
	return false
}

// loudness decodes a preset name or {target, true_peak}.
func (d *decoder) loudness(f field) Loudness {
	l := Loudness{Target: DefaultLoudness, TruePeak: DefaultTruePeak, Pos: d.pos(f.val, f.path)}
	if n := deref(f.val); n.Kind == yaml.ScalarNode && !isNull(n) && n.ShortTag() == "!!str" {
		switch name, _ := d.enum(f, "loudness", LoudnessPresets); name {
		case "off":
			l.Off = true
		case "broadcast":
			l.Target = BroadcastLoudness
		}
		return l
	}
	m, _ := d.mapping(f.val, f.path, loudnessKeys)
	if v, ok := m["target"]; ok {
		l.Target, _ = d.level(v, "LUFS", MinLoudness, MaxLoudness)
	}
	if v, ok := m["true_peak"]; ok {
		l.TruePeak, _ = d.level(v, "dBTP", MinTruePeak, MaxTruePeak)
	}
	return l
}

var levelRe = regexp.MustCompile(`^([+-]?[0-9]+(?:\.[0-9]*)?)\s*(LUFS|LKFS|dBTP|dB)?$`)

// levelUnits are the units each kind of level may be written in: a
// loudness in LUFS (or LKFS, the same), a true peak in dBTP (or dB).
var levelUnits = map[string]map[string]bool{
	"LUFS": {"LUFS": true, "LKFS": true},
	"dBTP": {"dBTP": true, "dB": true},
}

// levelExample is an example of each kind of level, for messages.
var levelExample = map[string]string{"LUFS": "-14 LUFS", "dBTP": "-1 dBTP"}

// level reads a number such as -14, "-14 LUFS" or "-1dBTP" within [lo, hi].
func (d *decoder) level(f field, unit string, lo, hi float64) (float64, bool) {
	n := deref(f.val)
	m := levelRe.FindStringSubmatch(strings.TrimSpace(n.Value))
	if n.Kind != yaml.ScalarNode || m == nil {
		d.errorf(n, f.path, "expected a level in %s like -14, found %s", unit, describe(n))
		return 0, false
	}
	if u := m[2]; u != "" && !levelUnits[unit][u] {
		d.errorf(n, f.path, "%s is in %s, but this level is in %s (write e.g. %s)", strings.TrimSpace(n.Value), u, unit, levelExample[unit])
		return 0, false
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	if !(v >= lo && v <= hi) {
		d.errorf(n, f.path, "%g %s is out of range (%g to %g %s)", v, unit, lo, hi, unit)
		return 0, false
	}
	return v, true
}

// audioBool reads true or false.
func (d *decoder) audioBool(f field) bool {
	n := deref(f.val)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		d.errorf(n, f.path, "expected true or false, found %s", describe(n))
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

// joinNames lists names for messages: "pad, voice".
func joinNames(names []string) string { return strings.Join(names, ", ") }
