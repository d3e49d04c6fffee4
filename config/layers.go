package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/timecode"
	"gopkg.in/yaml.v3"
)

// Input kinds of layers.
const (
	InputImage = "layer image"
	InputVideo = "layer video"
	InputFont  = "font"
)

// layerKeys are the keys of a layer map; textKeys only text layers take,
// mediaKeys only image and video layers.
var (
	layerKeys = []string{"text", "image", "video", "style", "font", "size", "color", "outline", "shadow", "box",
		"width", "align", "position", "opacity", "volume", "start", "duration", "end", "in", "out"}
	textKeys     = []string{"style", "font", "size", "color", "outline", "shadow", "box", "align"}
	positionKeys = []string{"x", "y"}
	outlineKeys  = []string{"width", "color"}
	shadowKeys   = []string{"x", "y", "color"}
	boxKeys      = []string{"color", "padding"}
	animKeys     = []string{"fade", "slide", "scale", "duration", "easing"}
)

// TextStyles are the text styles a layer (or captions) may name.
var TextStyles = []string{"title", "subtitle", "lower-third", "caption"}

// Aligns are the values of a text layer's align.
var Aligns = []string{"left", "center", "right"}

// Easings are the easing curves of animations and motion.
var Easings = []string{"linear", "in", "out", "in-out"}

// Slides are the sides a slide comes from or goes to.
var Slides = []string{"left", "right", "up", "down"}

// DefaultAnimation is an animation's length when it is not written.
var DefaultAnimation = timecode.MustParse("0.5s")

// fontExts are the extensions that make a font value a file.
var fontExts = []string{".ttf", ".otf", ".ttc", ".otc"}

// layers decodes a list of layers at f (the film's, or a scene's).
func (d *decoder) layers(f field) []Layer {
	n := deref(f.val)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, f.path, "expected a list of layers (each a map with text, image or video), found %s", describe(n))
		return nil
	}
	var out []Layer
	for i, item := range n.Content {
		if l, ok := d.layer(field{key: item, val: item, path: fmt.Sprintf("%s[%d]", f.path, i)}); ok {
			out = append(out, l)
		}
	}
	return out
}

// layer decodes one layer map.
func (d *decoder) layer(f field) (Layer, bool) {
	l := Layer{Opacity: 1, Pos: d.pos(f.val, f.path), Start: timecode.MustParse("0s")}
	m, ok := d.mapping(f.val, f.path, layerKeys)
	if !ok {
		return l, false
	}
	var kinds []string
	for _, k := range []string{LayerText, LayerImage, LayerVideo} {
		if _, ok := m[k]; ok {
			kinds = append(kinds, k)
		}
	}
	switch len(kinds) {
	case 0:
		d.errorf(f.val, f.path, "a layer needs one of text, image or video (e.g. text: \"Hello\")")
		return l, false
	case 1:
		l.Kind = kinds[0]
	default:
		d.errorf(m[kinds[1]].key, f.path, "a layer is one of text, image or video, not %s and %s (write two layers)", kinds[0], kinds[1])
		return l, false
	}
	for _, k := range layerKeys {
		if _, ok := m[k]; ok {
			l.Set = append(l.Set, k)
		}
	}
	d.layerContent(m, &l)
	d.layerLook(m, &l)
	d.layerGeometry(m, &l)
	d.layerTime(m, &l)
	return l, true
}

// layerContent decodes what the layer draws: its text, image or video.
func (d *decoder) layerContent(m fields, l *Layer) {
	switch l.Kind {
	case LayerText:
		v := m["text"]
		if s, ok := d.text(v, "a text"); ok {
			if strings.TrimSpace(s) == "" {
				d.errorf(v.val, v.path, "the text is empty (write the text to show, or remove the layer)")
			}
			l.Text = s
		}
	case LayerImage, LayerVideo:
		v := m[l.Kind]
		kind := InputImage
		if l.Kind == LayerVideo {
			kind = InputVideo
		}
		if s, ok := d.nonEmpty(v); ok {
			abs := d.inputFile(v, kind, s)
			d.checkSource(v, s, abs)
			if l.Kind == LayerImage {
				l.Image = abs
			} else {
				l.Video = abs
			}
		}
		for _, k := range textKeys {
			if v, ok := m[k]; ok {
				d.errorf(v.key, v.path, "only text layers have %s (this is %s layer)", k, article(l.Kind))
			}
		}
	}
	if v, ok := m["volume"]; ok {
		if l.Kind != LayerVideo {
			d.errorf(v.key, v.path, "only video layers have a volume (this is %s layer)", article(l.Kind))
		} else {
			l.Volume = d.volume(v)
		}
	}
}

// layerLook decodes a text layer's style keys.
func (d *decoder) layerLook(m fields, l *Layer) {
	if l.Kind != LayerText {
		return
	}
	if v, ok := m["style"]; ok {
		l.Style, _ = d.enum(v, "text style", TextStyles)
	}
	if v, ok := m["font"]; ok {
		d.font(v, l)
	}
	if v, ok := m["size"]; ok {
		l.Size = d.lengthValue(v, "a font size like 6% (of the frame's height) or 48px", 0, 100)
	}
	if v, ok := m["color"]; ok {
		l.Color, _ = d.color(v)
	}
	if v, ok := m["outline"]; ok {
		l.Outline = d.outline(v)
	}
	if v, ok := m["shadow"]; ok {
		l.Shadow = d.shadow(v)
	}
	if v, ok := m["box"]; ok {
		l.Box = d.box(v)
	}
	if v, ok := m["align"]; ok {
		l.Align, _ = d.enum(v, "align", Aligns)
	}
}

// font decodes a fontconfig family or a font file relative to the project.
func (d *decoder) font(f field, l *Layer) {
	s, ok := d.nonEmpty(f)
	if !ok {
		return
	}
	l.FontPos = d.pos(f.val, f.path)
	ext := strings.ToLower(filepath.Ext(s))
	if slices.Contains(fontExts, ext) || strings.ContainsAny(s, `/\`) {
		if !slices.Contains(fontExts, ext) {
			d.errorf(f.val, f.path, "%s is not a font file (reel reads %s files); a family name has no slash", quote.Q(s), strings.Join(fontExts, ", "))
			return
		}
		l.FontFile = d.inputFile(f, InputFont, s)
		d.checkSource(f, s, l.FontFile)
		return
	}
	l.Font = strings.TrimSpace(s)
}

// layerGeometry decodes width, position and opacity.
func (d *decoder) layerGeometry(m fields, l *Layer) {
	if v, ok := m["width"]; ok {
		l.Width = d.lengthValue(v, "a width like 30% (of the frame's width) or 400px", 0, 100)
	}
	if v, ok := m["position"]; ok {
		l.Position = d.position(v)
	}
	if v, ok := m["opacity"]; ok {
		l.Opacity, _ = d.number(v, 0, 1)
	}
}

// layerTime decodes start, duration or end, and the in and out animations.
func (d *decoder) layerTime(m fields, l *Layer) {
	if v, ok := m["start"]; ok {
		if t, ok := d.duration(v); ok {
			l.Start = *t
		}
	}
	dur, hasDur := m["duration"]
	if hasDur {
		l.Duration, _ = d.length(dur)
	}
	end, hasEnd := m["end"]
	if hasEnd {
		l.End, _ = d.duration(end)
		if hasDur {
			d.errorf(dur.key, dur.path, "give either end or duration, not both (end at line %d)", end.key.Line)
		} else if l.End != nil && !d.before(l.Start, *l.End) {
			d.errorf(end.val, end.path, "end %s must be after start %s", l.End, l.Start)
		}
	}
	if v, ok := m["in"]; ok {
		l.In = d.animation(v)
	}
	if v, ok := m["out"]; ok {
		l.Out = d.animation(v)
	}
}

// animation decodes {fade: 0.4s}, {scale: 0.3s}, {slide: left, duration:
// 0.5s}, each with an optional easing, or just the kind's name (fade,
// scale) for the default length.
func (d *decoder) animation(f field) *Animation {
	a := &Animation{Duration: DefaultAnimation, Pos: d.pos(f.val, f.path)}
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode && (n.Value == "fade" || n.Value == "scale") {
		a.Kind = n.Value
		return a
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f.path, "expected a map like {fade: 0.4s}, {slide: left, duration: 0.5s} or {scale: 0.3s}, found %s", describe(n))
		return nil
	}
	m, _ := d.mapping(n, f.path, animKeys)
	var kinds []string
	for _, k := range []string{"fade", "slide", "scale"} {
		if _, ok := m[k]; ok {
			kinds = append(kinds, k)
		}
	}
	switch len(kinds) {
	case 0:
		d.errorf(n, f.path, "an animation needs one of fade, slide or scale (e.g. {fade: 0.4s})")
		return nil
	case 2, 3:
		d.errorf(m[kinds[1]].key, f.path, "an animation is one of fade, slide or scale, not %s", strings.Join(kinds, " and "))
		return nil
	}
	a.Kind = kinds[0]
	v := m[a.Kind]
	if a.Kind == "slide" {
		a.Direction, _ = d.enum(v, "slide direction", Slides)
	} else if t, ok := d.length(v); ok {
		a.Duration = *t
	}
	if v, ok := m["duration"]; ok {
		if a.Kind != "slide" {
			d.errorf(v.key, v.path, "the %s's length is its value ({%s: 0.4s}); duration is for a slide", a.Kind, a.Kind)
		} else if t, ok := d.length(v); ok {
			a.Duration = *t
		}
	}
	if v, ok := m["easing"]; ok {
		a.Easing, _ = d.enum(v, "easing", Easings)
	}
	return a
}

// position decodes a named place or a point {x, y}.
func (d *decoder) position(f field) Position {
	p := Position{Pos: d.pos(f.val, f.path)}
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode {
		p.Named, _ = d.enum(f, "position", Positions)
		return p
	}
	m, ok := d.mapping(n, f.path, positionKeys)
	if !ok {
		return p
	}
	for _, k := range positionKeys {
		v, ok := m[k]
		if !ok {
			d.errorf(n, f.path, "a point needs both x and y (e.g. {x: 5%%, y: 80%%}), %s is missing", k)
			continue
		}
		l := d.lengthValue(v, "a coordinate like 5% (of the frame) or 120px", 0, 100)
		if l != nil && l.Percent && l.Value >= 100 {
			d.errorf(v.val, v.path, "%g%% puts the layer's top-left corner on the frame's edge, so it is off the frame (at most 99.9%%; the corner is the layer's top-left)", l.Value)
			l = nil
		}
		if k == "x" {
			p.X = l
		} else {
			p.Y = l
		}
	}
	return p
}

// lengthValue reads a percentage (within lo..hi percent) or a length in
// pixels (a plain number, or with px): want describes it in messages.
func (d *decoder) lengthValue(f field, want string, lo, hi float64) *Length {
	n := deref(f.val)
	if n.Kind != yaml.ScalarNode || isNull(n) || n.ShortTag() == "!!bool" {
		d.errorf(n, f.path, "expected %s, found %s", want, describe(n))
		return nil
	}
	s := strings.TrimSpace(n.Value)
	l := &Length{}
	switch {
	case strings.HasSuffix(s, "%"):
		l.Percent, s = true, strings.TrimSpace(strings.TrimSuffix(s, "%"))
	case strings.HasSuffix(s, "px"):
		s = strings.TrimSpace(strings.TrimSuffix(s, "px"))
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v {
		d.errorf(n, f.path, "%s is not %s", quote.Q(n.Value), want)
		return nil
	}
	l.Value = v
	switch {
	case l.Percent && !(v >= lo && v <= hi):
		d.errorf(n, f.path, "%s is off the frame (from %g%% to %g%%)", quote.Short(n.Value, quote.MaxValue), lo, hi)
		return nil
	case !l.Percent && !(v >= 0 && v <= maxSide):
		d.errorf(n, f.path, "%s is out of range (0 to %dpx)", quote.Short(n.Value, quote.MaxValue), maxSide)
		return nil
	}
	return l
}

// outline decodes {width, color} or a width alone (black).
func (d *decoder) outline(f field) *Outline {
	o := &Outline{Color: "black", Pos: d.pos(f.val, f.path)}
	if n := deref(f.val); n.Kind == yaml.ScalarNode {
		o.Width, _ = d.number(f, 0, 100)
		return o
	}
	m, _ := d.mapping(f.val, f.path, outlineKeys)
	if v, ok := m["width"]; ok {
		o.Width, _ = d.number(v, 0, 100)
	} else {
		o.Width = 2
	}
	if v, ok := m["color"]; ok {
		o.Color, _ = d.color(v)
	}
	return o
}

// shadow decodes {x, y, color} or an offset alone (both x and y).
func (d *decoder) shadow(f field) *Shadow {
	s := &Shadow{X: 2, Y: 2, Color: "#00000080", Pos: d.pos(f.val, f.path)}
	if n := deref(f.val); n.Kind == yaml.ScalarNode {
		s.X, _ = d.number(f, -100, 100)
		s.Y = s.X
		return s
	}
	m, _ := d.mapping(f.val, f.path, shadowKeys)
	if v, ok := m["x"]; ok {
		s.X, _ = d.number(v, -100, 100)
	}
	if v, ok := m["y"]; ok {
		s.Y, _ = d.number(v, -100, 100)
	}
	if v, ok := m["color"]; ok {
		s.Color, _ = d.color(v)
	}
	return s
}

// box decodes {color, padding} or a colour alone.
func (d *decoder) box(f field) *Box {
	b := &Box{Color: "#00000099", Padding: 12, Pos: d.pos(f.val, f.path)}
	if n := deref(f.val); n.Kind == yaml.ScalarNode {
		b.Color, _ = d.color(f)
		return b
	}
	m, _ := d.mapping(f.val, f.path, boxKeys)
	if v, ok := m["color"]; ok {
		b.Color, _ = d.color(v)
	}
	if v, ok := m["padding"]; ok {
		b.Padding, _ = d.number(v, 0, 1000)
	}
	return b
}

// checkLayers checks what needs the film's frame: a point off it.
func (d *decoder) checkLayers(p *Project) {
	w, h := p.Output.Width, p.Output.Height
	check := func(ls []Layer) {
		for _, l := range ls {
			pt := l.Position
			for k, c := range []*Length{pt.X, pt.Y} {
				side := []int{w, h}[k]
				if c != nil && !c.Percent && side > 0 && c.Value >= float64(side) {
					d.at(pt.Pos, "%s = %gpx is off the %dx%d frame (at most %dpx; or write a percentage)", positionKeys[k], c.Value, w, h, side-1)
				}
			}
		}
	}
	check(p.Layers)
	for _, s := range p.Scenes {
		check(s.Layers)
	}
}

// article puts "a" or "an" before a layer kind.
func article(kind string) string {
	if kind == LayerImage {
		return "an " + kind
	}
	return "a " + kind
}
