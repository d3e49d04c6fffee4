package config

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/reel-film/reel/internal/quote"

	"gopkg.in/yaml.v3"
)

// sceneKeys are the keys of a scene map.
var sceneKeys = []string{"id", "source", "placeholder", "trim", "duration", "fit", "volume", "transition", "prompt", "generator", "seed", "grade", "deinterlace", "layers", "motion", "speed", "freeze", "background"}

var idRe = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// MaxName is the longest scene id, generator or preset name: ids name job
// files (two of them in a transition's), which must stay within a file
// system's 255 bytes.
const MaxName = 64

// nameProblem says what is wrong with a scene id, generator or preset name
// (what says which), or "" when it is fine. Names are ASCII: they end up in
// file names and FFmpeg arguments, where ASCII is safe on every system.
func nameProblem(what, name string) string {
	switch {
	case len(name) > MaxName:
		return fmt.Sprintf("%s %s is too long (at most %d characters)", what, quote.Q(name), MaxName)
	case !idRe.MatchString(name):
		return fmt.Sprintf("%s %s may only hold ASCII letters (a-z, A-Z), digits, '_', '.' and '-'%s", what, quote.Q(name), nameFix(name))
	}
	return ""
}

// nameFix suggests a name with spaces turned into '-' and other ASCII
// symbols dropped; "" for a name with non-ASCII letters (dropping them would
// make a poor name: "café" is not "caf").
func nameFix(name string) string {
	for _, r := range name {
		if r >= utf8.RuneSelf {
			return ""
		}
	}
	fixed := strings.Map(func(r rune) rune {
		switch {
		case idRe.MatchString(string(r)):
			return r
		case r == ' ':
			return '-'
		}
		return -1
	}, name)
	if fixed == "" || len(fixed) > MaxName {
		return ""
	}
	return fmt.Sprintf(" (e.g. %q)", fixed)
}

// scenes decodes the scenes list.
func (d *decoder) scenes(f field) []Scene {
	n := deref(f.val)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, f.path, "expected a list of scenes, found %s", describe(n))
		return nil
	}
	if len(n.Content) == 0 {
		d.errorf(n, f.path, "the list is empty (a film needs at least one scene)")
		return nil
	}
	out := make([]Scene, 0, len(n.Content))
	for i, item := range n.Content {
		path := fmt.Sprintf("%s[%d]", f.path, i)
		out = append(out, d.scene(item, path, i))
	}
	return out
}

// scene decodes one scene map; cross-scene rules are checked later.
func (d *decoder) scene(n *yaml.Node, path string, i int) Scene {
	s := Scene{Index: i, ID: defaultID(i), Pos: d.pos(n, path), Deinterlace: DefaultDeinterlace, Speed: 1}
	m, ok := d.mapping(n, path, sceneKeys)
	if !ok {
		return s
	}
	if v, ok := m["id"]; ok {
		d.sceneID(v, &s)
	}
	d.sceneContent(m, &s)
	d.scenePrompt(m, &s)
	if v, ok := m["duration"]; ok {
		s.Duration, _ = d.length(v)
		s.DurationPos = d.pos(v.val, v.path)
	}
	if v, ok := m["fit"]; ok {
		s.Fit, _ = d.enum(v, "fit", Fits)
	}
	if v, ok := m["deinterlace"]; ok {
		d.deinterlace(v, &s)
	}
	if v, ok := m["volume"]; ok {
		s.Volume = d.volume(v)
	}
	if v, ok := m["transition"]; ok {
		if t, ok := d.transition(v); ok {
			s.Transition = &t
		}
	}
	if v, ok := m["grade"]; ok {
		s.Grade = d.grade(v)
	}
	if v, ok := m["layers"]; ok {
		s.Layers = d.layers(v)
	}
	d.scenePicture(m, &s)
	d.sceneRules(m, &s)
	return s
}

// sceneID decodes and checks an explicit scene id.
func (d *decoder) sceneID(f field, s *Scene) {
	id, ok := d.nonEmpty(f)
	if !ok {
		return
	}
	if msg := nameProblem("id", id); msg != "" {
		d.errorf(f.val, f.path, "%s", msg)
	}
	s.ID = id
	d.idPos[s.Index] = d.pos(f.val, f.path)
}

// sceneContent decodes the source or placeholder and the trim.
func (d *decoder) sceneContent(m fields, s *Scene) {
	if v, ok := m["source"]; ok {
		s.SourcePos = d.pos(v.val, v.path)
		if src, ok := d.nonEmpty(v); ok && !d.sourceURL(v, src, s) {
			s.Source = d.inputFile(v, InputSource, src)
			d.checkSource(v, src, s.Source)
		}
	}
	if v, ok := m["placeholder"]; ok {
		s.Placeholder = d.placeholder(v, s)
	}
	if v, ok := m["trim"]; ok {
		s.Trim = d.trim(v)
	}
}

// sceneRules checks the rules between a scene's keys.
func (d *decoder) sceneRules(m fields, s *Scene) {
	_, hasSrc := m["source"]
	ph, hasPh := m["placeholder"]
	var given []string
	for _, k := range []string{"source", "placeholder", "prompt"} {
		if _, ok := m[k]; ok {
			given = append(given, k)
		}
	}
	switch {
	case len(given) > 1:
		first, second := m[given[0]], m[given[1]]
		d.errorf(second.key, s.Pos.Path, "a scene has either a %s or a %s, not both (%s at line %d)", given[0], given[1], given[0], first.key.Line)
	case len(given) == 0 && s.IsCard():
		if _, ok := m["duration"]; !ok {
			d.errorf(m["background"].key, s.Pos.Path, "a card (a background and no source) needs a duration (e.g. duration: 3s)")
		}
	case len(given) == 0:
		d.at(s.Pos, "a scene needs a source (a video or image file, or an http(s) URL), a placeholder, a prompt, or a background (a title card)")
	}
	if _, ok := m["duration"]; hasPh && !ok {
		d.errorf(ph.key, s.Pos.Path, "a placeholder needs a duration (e.g. duration: 3s)")
	}
	if t, ok := m["trim"]; ok && hasPh && !hasSrc {
		d.errorf(t.key, t.path, "trim applies to a source clip, not to a placeholder")
	}
	if t, ok := m["deinterlace"]; ok && hasPh && !hasSrc {
		d.errorf(t.key, t.path, "deinterlace applies to a source clip, not to a placeholder")
	}
}

// deinterlace reads auto, on or off; true and false are taken for on and
// off, as YAML users write them.
func (d *decoder) deinterlace(f field, s *Scene) {
	if n := deref(f.val); n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		var b bool
		if n.Decode(&b) == nil {
			s.Deinterlace = map[bool]string{true: "on", false: "off"}[b]
			return
		}
	}
	if mode, ok := d.enum(f, "deinterlace mode", Deinterlaces); ok {
		s.Deinterlace = mode
	}
}
