package config

import (
	"fmt"
	"math"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"gopkg.in/yaml.v3"
)

// Keys and values of a scene's background.
var (
	backgroundKeys = []string{"color", "gradient", "radial", "angle", "image", "blur"}
	// BackgroundBlurs are the neighbours a card can blur.
	BackgroundBlurs = []string{"previous", "next"}
)

// Background blur sources.
const (
	BlurSelf     = "self"     // a clip's own blurred copy fills contain's bars (fit blur's look)
	BlurPrevious = "previous" // a card: the previous scene's last frame, blurred
	BlurNext     = "next"     // a card: the next scene's first frame, blurred
)

// InputBackground is a card's background image, as messages name it.
const InputBackground = "background image"

// background decodes a colour, the word blur, or a map with one of color,
// gradient (with radial or angle), image and blur.
func (d *decoder) background(f field) *Background {
	b := &Background{Pos: d.pos(f.val, f.path)}
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		if strings.TrimSpace(n.Value) == "blur" {
			b.Blur = BlurSelf
			return b
		}
		c, ok := d.color(f)
		if !ok {
			return nil
		}
		b.Color = c
		return b
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f.path, "expected a colour, blur, or a map {color | gradient | image | blur}, found %s", describe(n))
		return nil
	}
	m, _ := d.mapping(n, f.path, backgroundKeys)
	var kinds []string
	for _, k := range []string{"color", "gradient", "image", "blur"} {
		if _, ok := m[k]; ok {
			kinds = append(kinds, k)
		}
	}
	switch {
	case len(kinds) == 0:
		d.errorf(n, f.path, "a background needs one of color, gradient, image or blur (e.g. {gradient: [\"#000000\", \"#334455\"]})")
		return b
	case len(kinds) > 1:
		d.errorf(m[kinds[1]].key, f.path, "a background has one of color, gradient, image or blur, not both %s and %s", kinds[0], kinds[1])
		return b
	}
	if v, ok := m["color"]; ok {
		b.Color, _ = d.color(v)
	}
	if v, ok := m["gradient"]; ok {
		d.gradient(v, b)
	}
	d.gradientShape(m, b, kinds[0] == "gradient")
	if v, ok := m["image"]; ok {
		if src, ok := d.nonEmpty(v); ok {
			b.Image = d.inputFile(v, InputBackground, src)
			d.checkSource(v, src, b.Image)
		}
	}
	if v, ok := m["blur"]; ok {
		b.Blur, _ = d.enum(v, "blur", BackgroundBlurs)
	}
	return b
}

// gradient reads [from, to]: two colours.
func (d *decoder) gradient(f field, b *Background) {
	n := deref(f.val)
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		d.errorf(n, f.path, "expected two colours [from, to] (e.g. [\"#000000\", \"#334455\"]), found %s", describe(n))
		return
	}
	for k, item := range n.Content {
		if c, ok := d.color(field{key: f.key, val: item, path: fmt.Sprintf("%s[%d]", f.path, k)}); ok {
			b.Gradient[k] = c
		}
	}
}

// gradientShape reads radial and angle, which only a gradient takes, and
// not both.
func (d *decoder) gradientShape(m fields, b *Background, gradient bool) {
	r, hasR := m["radial"]
	a, hasA := m["angle"]
	for _, v := range []field{r, a} {
		if v.key != nil && !gradient {
			d.errorf(v.key, v.path, "%s applies to a gradient (e.g. {gradient: [\"#000000\", \"#334455\"], %s: ...})", v.key.Value, v.key.Value)
			return
		}
	}
	if hasR && hasA {
		d.errorf(a.key, a.path, "a radial gradient has no angle (write radial: true or angle: 90, not both)")
		return
	}
	if hasR {
		b.Radial = d.audioBool(r)
	}
	if hasA {
		if v, ok := d.number(a, -360, 360); ok && !math.IsNaN(v) {
			b.Angle = v
		}
	}
}

// sceneBackground checks a background against the rest of the scene: a
// card (no source) takes any background but blur (a clip's own copy); a
// clip or a still takes a colour or blur, for contain's bars; a
// placeholder none (it has its own colour).
func (d *decoder) sceneBackground(m fields, s *Scene) {
	v, ok := m["background"]
	if !ok || s.Background == nil {
		return
	}
	b := s.Background
	_, hasSrc := m["source"]
	_, hasPh := m["placeholder"]
	_, hasPrompt := m["prompt"]
	switch {
	case hasPh:
		d.errorf(v.key, v.path, "a placeholder has its own colour (placeholder: {color: ...}); a card with a background is a scene with a background and no source")
	case !hasSrc && !hasPrompt && b.Blur == BlurSelf:
		d.errorf(v.val, v.path, "a card has no picture of its own to blur; blur a neighbour: {blur: previous} or {blur: next}")
	case (hasSrc || hasPrompt) && (b.Image != "" || b.Gradient[0] != "" || b.Blur == BlurPrevious || b.Blur == BlurNext):
		d.errorf(v.val, v.path, "behind a clip or an image a background is a colour or blur (contain's bars); a gradient, an image or a neighbour's blur is for a card (a scene with a background and no source)")
	}
}

// IsCard reports whether the scene is a title card: a background and no
// source, placeholder or prompt.
func (s *Scene) IsCard() bool {
	return s.Background != nil && s.Source == "" && s.Placeholder == nil && s.Prompt == nil
}

// backgroundFit warns when a clip's background colour has no bars to fill
// and turns background: blur into fit blur's look (contain's bars filled by
// the blurred copy).
func (d *decoder) backgroundFit(p *Project, s *Scene) {
	b := s.Background
	if b == nil || s.IsCard() {
		return
	}
	switch {
	case b.Blur == BlurSelf && (s.Fit == "contain" || s.Fit == "blur"):
		s.Fit = "blur"
	case b.Blur == BlurSelf:
		p.Warnings = append(p.Warnings, b.Pos.Errorf("background: blur fills the bars of fit: contain, but this scene's fit is %s (no bars): it has no effect; write fit: contain", s.Fit))
	case s.Fit != "contain":
		p.Warnings = append(p.Warnings, b.Pos.Errorf("the background colour %s fills the bars of fit: contain, but this scene's fit is %s: it has no effect; write fit: contain", quote.Q(b.Color), s.Fit))
	}
}
