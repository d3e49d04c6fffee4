package text

import (
	"slices"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/color"
	"github.com/reel-film/reel/internal/frac"
)

// Canvas is the frame text layers are drawn on: the film's frame.
type Canvas struct {
	W, H int
	FPS  frac.Rational
	// PxScale converts the project's pixel lengths (its first output's
	// frame) to the film frame's (a preview is half size).
	PxScale float64
}

// look is a text layer's appearance in film pixels: its style's preset
// with the layer's own keys over it.
type look struct {
	font              string
	bold              bool
	size              float64
	color             color.RGBA
	outline           float64
	outlineC          color.RGBA
	shadowX, shadowY  float64
	shadowC           color.RGBA
	box               bool
	boxC              color.RGBA
	pad               float64
	width             float64 // the wrap width; 0 = up to the safe margin
	pos               config.Position
	align             string // left | center | right
	opacity           float64
	hasShadow, hasOut bool
}

// lookOf resolves layer l's look on canvas c; family is the font it is
// drawn in (the layer's, else the default).
func lookOf(l *config.Layer, c Canvas, family string) look {
	p, ok := Presets[l.Style]
	if !ok {
		p = Presets[""] // validation names unknown styles; never draw at size 0
	}
	px := func(v float64) float64 { return v * scale(c) }
	k := look{font: family, bold: Bold(l), pos: p.Position, align: p.Align, opacity: 1}
	k.size = float64(min(c.W, c.H)) * p.Size / 100 // a portrait frame sizes by its width
	if l.Size != nil {
		k.size = length(*l.Size, float64(c.H), c)
	}
	k.color = rgba(p.Color, "white")
	if l.Color != "" {
		k.color = rgba(l.Color, "white")
	}
	if p.Outline > 0 {
		k.outline, k.outlineC, k.hasOut = p.Outline*k.size, rgba("black", ""), true
	}
	if o := l.Outline; o != nil {
		k.outline, k.outlineC, k.hasOut = px(o.Width), rgba(o.Color, "black"), o.Width > 0
	}
	if p.Shadow > 0 {
		k.shadowX, k.shadowY, k.shadowC, k.hasShadow = p.Shadow*k.size, p.Shadow*k.size, rgba(p.ShadowC, ""), true
	}
	if s := l.Shadow; s != nil {
		k.shadowX, k.shadowY, k.shadowC, k.hasShadow = px(s.X), px(s.Y), rgba(s.Color, "#00000080"), true
	}
	if p.Box != "" {
		k.box, k.boxC, k.pad = true, rgba(p.Box, ""), p.Padding*k.size
	}
	if b := l.Box; b != nil {
		k.box, k.boxC, k.pad = true, rgba(b.Color, "#00000099"), px(b.Padding)
	}
	if p.Width > 0 {
		k.width = float64(c.W) * p.Width / 100
	}
	if l.Width != nil {
		k.width = length(*l.Width, float64(c.W), c)
	}
	if l.Position.Named != "" || l.Position.X != nil {
		k.pos = l.Position
		if !slices.Contains(l.Set, "align") && l.Align == "" {
			k.align = "" // from the position the layer names
		}
	}
	if l.Align != "" {
		k.align = l.Align
	}
	if k.align == "" {
		k.align = column(k.pos)
	}
	if l.Opacity > 0 || slices.Contains(l.Set, "opacity") {
		k.opacity = min(max(l.Opacity, 0), 1)
	}
	return k
}

// Bold reports whether layer l is drawn in bold: its style says so.
func Bold(l *config.Layer) bool { return Presets[l.Style].Bold }

// column is the alignment a position implies: the column of a named
// position, left for a point.
func column(p config.Position) string {
	switch p.Named {
	case "top-left", "left", "bottom-left", "":
		return "left"
	case "top-right", "right", "bottom-right":
		return "right"
	}
	return "center"
}

// row is the vertical place of a named position: top, middle or bottom
// (a point is placed by its top).
func row(p config.Position) string {
	switch p.Named {
	case "top-left", "top", "top-right", "":
		return "top"
	case "bottom-left", "bottom", "bottom-right":
		return "bottom"
	}
	return "middle"
}

// length converts a length to film pixels: a percentage of whole, or the
// project's pixels scaled to the film frame.
func length(l config.Length, whole float64, c Canvas) float64 {
	if l.Percent {
		return whole * l.Value / 100
	}
	return l.Value * scale(c)
}

func scale(c Canvas) float64 {
	if c.PxScale <= 0 {
		return 1
	}
	return c.PxScale
}

// rgba parses a colour the project has already validated; s "" is def.
func rgba(s, def string) color.RGBA {
	if s == "" {
		s = def
	}
	c, err := color.Parse(s)
	if err != nil {
		return color.RGBA{R: 255, G: 255, B: 255, A: 255}
	}
	return c
}
