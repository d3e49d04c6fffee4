package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/timecode"
	"gopkg.in/yaml.v3"
)

// Disclosure is the project's statement that the film holds AI-generated
// pictures: a visible label (a text layer over the film, drawn last) and
// the containers' metadata (a comment). Generated lists the ids of scenes
// from files or URLs that are AI-generated too (prompt scenes always are):
// the provenance manifest and the Content Credentials say so.
type Disclosure struct {
	Text     string             // the label (default "AI-generated")
	Position string             // a named position (default bottom-right), or "" when written as {x, y}
	Duration *timecode.Duration // the label shows over the film's first Duration; nil: the whole film
	Label    *Layer             // the label's text layer (also the last of Project.Layers)
	// Generated are scene ids whose files are AI-generated too.
	Generated    []string
	GeneratedPos Pos
	Pos          Pos
}

// DefaultDisclosure is the label's text when none is written.
const DefaultDisclosure = "AI-generated"

// disclosureKeys are the keys of the disclosure map: the label's text and
// look (those of a text layer) and the generated scenes.
var disclosureKeys = []string{"text", "position", "duration", "style", "font", "size", "color", "outline", "shadow", "box", "opacity", "generated"}

// Comment is what the containers' comment tag says: the label's text and
// that reel disclosed it.
func (d *Disclosure) Comment() string {
	return d.Text + " (AI-generated content disclosed by reel)"
}

// disclosure decodes the top-level disclosure map and adds its label to
// the film's layers.
func (d *decoder) disclosure(p *Project, f field) {
	m, ok := d.mapping(f.val, f.path, disclosureKeys)
	if !ok {
		return
	}
	ds := &Disclosure{Text: DefaultDisclosure, Position: "bottom-right", Pos: d.pos(f.key, f.path)}
	// The label is a text layer: decode it as one, from the keys written
	// (their lines stay the user's) and the defaults.
	label := &yaml.Node{Kind: yaml.MappingNode, Line: f.key.Line}
	add := func(k string, v *yaml.Node) {
		label.Content = append(label.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: v.Line}, v)
	}
	def := func(k, v string) {
		if _, ok := m[k]; !ok {
			add(k, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: f.key.Line})
		}
	}
	def("text", DefaultDisclosure)
	def("style", "lower-third")
	def("position", "bottom-right")
	for _, k := range disclosureKeys {
		if v, ok := m[k]; ok && k != "generated" {
			add(k, v.val)
		}
	}
	if l, ok := d.layer(field{key: f.key, val: label, path: f.path}); ok {
		ds.Text, ds.Duration, ds.Position = l.Text, l.Duration, l.Position.Named
		ds.Label = &l
		p.Layers = append(p.Layers, l)
	}
	if v, ok := m["generated"]; ok {
		ds.Generated, ds.GeneratedPos = d.sceneIDs(p, v), d.pos(v.val, v.path)
	}
	p.Disclosure = ds
}

// sceneIDs decodes a list of scene ids, each naming a scene of p with a
// file or URL source (a prompt scene is AI-generated already).
func (d *decoder) sceneIDs(p *Project, f field) []string {
	n := deref(f.val)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, f.path, "expected a list of scene ids (e.g. [intro, beach]), found %s", describe(n))
		return nil
	}
	var ids, known []string
	for _, s := range p.Scenes {
		known = append(known, s.ID)
	}
	var out []string
	for i, item := range n.Content {
		path := fmt.Sprintf("%s[%d]", f.path, i)
		id, ok := d.text(field{key: item, val: item, path: path}, "a scene id")
		if !ok {
			continue
		}
		k := slices.Index(known, id)
		switch {
		case k < 0:
			d.errorf(item, path, "no scene has the id %s (the scenes are %s)", quote.Q(id), strings.Join(known, ", "))
		case p.Scenes[k].Prompt != nil:
			d.errorf(item, path, "scene %s is a prompt scene, AI-generated already: list only scenes whose files were made by AI elsewhere", quote.Q(id))
		case p.Scenes[k].Source == "" && p.Scenes[k].URL == "":
			d.errorf(item, path, "scene %s has no file or URL (a card is never AI-generated footage); remove it from the list", quote.Q(id))
		case slices.Contains(ids, id):
			d.errorf(item, path, "scene %s is listed twice", quote.Q(id))
		default:
			ids = append(ids, id)
			out = append(out, id)
		}
	}
	return out
}
