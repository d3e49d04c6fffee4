package text

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ass"
	"github.com/reel-film/reel/internal/color"
)

// FrameRate is how many film frames make a second of the scripts' time.
// While text is drawn, film frame F is timed at (F+1)/FrameRate seconds,
// (F+1)*100 ms, whatever the film's rate; an event shown on frames [a, b)
// runs from half a frame before a's time to half a frame before b's, so
// the rounding of a frame's time to libass's milliseconds can never move
// an event by a frame.
const FrameRate = 10

// frameTime is the length of one film frame in script time.
const frameTime = time.Second / FrameRate

// Placed is a text layer on the film's timeline, drawn on film frames
// [From, To).
type Placed struct {
	Layer    *config.Layer
	From, To int64
}

// LayerFonts are the fonts the text layers are drawn in, measured before
// planning.
type LayerFonts struct {
	Default string              // the family of layers that name none
	Metrics map[string]*Metrics // by FontKey
	Files   map[string]string   // the family of each font file layers name, by path (read from the file)
	// Warnings are what measuring found: characters no installed font
	// can draw, fonts that could not be checked. The planner adds them
	// to the plan's warnings.
	Warnings []string
}

// FontKey names a face in LayerFonts.Metrics.
func FontKey(family string, bold bool) string {
	if bold {
		return family + ":bold"
	}
	return family
}

// Family is the font family layer l is drawn in: its own, or the default.
func (f *LayerFonts) Family(l *config.Layer) string {
	switch {
	case l.FontFile != "" && f != nil && f.Files[l.FontFile] != "":
		return f.Files[l.FontFile]
	case l.Font != "":
		return l.Font
	case f != nil && f.Default != "":
		return f.Default
	}
	return CardFonts[0]
}

// metrics are the measured widths of family (nil: estimates).
func (f *LayerFonts) metrics(family string, bold bool) *Metrics {
	if f == nil {
		return nil
	}
	if m, ok := f.Metrics[FontKey(family, bold)]; ok {
		return m
	}
	return f.Metrics[FontKey(family, false)]
}

// LayerScript writes the ASS script that draws layers ls (the later over
// the earlier) on film frames [from, from+frames), timed as FrameRate
// says. Only the parts of the layers inside those frames are written,
// with their times on the film's timeline: the script of a segment
// depends on nothing but the layers over it, and a layer animates on
// across the segments it spans. Still frames are one event; every frame
// of an animation is its own event with its position, opacity and scale
// computed here, eased exactly.
func LayerScript(ls []Placed, from, frames int64, c Canvas, fonts *LayerFonts) string {
	s := ass.Script{Title: "reel text layers", PlayResX: c.W, PlayResY: c.H, WrapStyle: ass.WrapSmart, ScaledBorder: true}
	for i, pl := range ls {
		addLayer(&s, i, pl, from, from+frames, c, fonts)
	}
	return s.String()
}

// addLayer adds to s the styles of layer i (its text, and its box under
// it) and its events on film frames [from, end): one for the frames no
// animation moves, one for each frame an animation does.
func addLayer(s *ass.Script, i int, pl Placed, from, end int64, c Canvas, fonts *LayerFonts) {
	family := fonts.Family(pl.Layer)
	k := lookOf(pl.Layer, c, family)
	p := place(pl.Layer, k, fonts.metrics(family, k.bold), c)
	if p.text == "" {
		return
	}
	text, box := fmt.Sprintf("T%d", i), fmt.Sprintf("B%d", i)
	s.Styles = append(s.Styles, textStyle(text, k))
	if k.box {
		s.Styles = append(s.Styles, boxStyle(box, k))
	}
	emit := func(a, b int64, f frameLook) {
		start, stop := eventTime(a), eventTime(b)
		if k.box {
			s.Events = append(s.Events, ass.Event{Start: start, End: stop, Style: box, Layer: 2 * i, Text: boxTags(k, p, f) + p.text})
		}
		s.Events = append(s.Events, ass.Event{Start: start, End: stop, Style: text, Layer: 2*i + 1, Text: textTags(k, p, f) + p.text})
	}
	as, n := anims(pl.Layer, c.FPS), pl.To-pl.From
	a, b := max(pl.From, from), min(pl.To, end)
	if sa, sb := stillRun(pl, as); max(a, sa) < min(b, sb) {
		emit(max(a, sa), min(b, sb), frameLook{opacity: 1, scale: 1})
	}
	for f := a; f < b; f++ {
		if moved(as, f-pl.From, n) {
			emit(f, f+1, animate(as, f-pl.From, n, p, c))
		}
	}
}

// stillRun is the film frames [a, b) of a layer that no animation moves:
// after the way in, before the way out (empty when they overlap).
func stillRun(pl Placed, as []anim) (a, b int64) {
	a, b = pl.From, pl.To
	for _, an := range as {
		if an.out {
			b = min(b, pl.To-an.n)
		} else {
			a = max(a, pl.From+an.n)
		}
	}
	return a, b
}

// eventTime is when an event starting (or ending) at film frame f starts
// (or ends): half a frame before the frame's time.
func eventTime(f int64) time.Duration {
	return time.Duration(f+1)*frameTime - frameTime/2
}

// textStyle is the style of a layer's text: font, size and colours; the
// position and shadow offsets are the events' own tags.
func textStyle(name string, k look) ass.Style {
	st := ass.Style{Name: name, Font: k.font, Size: k.size, Bold: k.bold, AutoDirection: true,
		Primary: assColor(k.color, k.opacity), Outline: assColor(k.outlineC, k.opacity),
		Back: assColor(k.shadowC, k.opacity), Align: ass.Alignment(7)}
	if k.hasOut {
		st.Border = k.outline
	}
	return st
}

// boxStyle is the style of a layer's box: the same text, drawn invisible
// with an opaque box (BorderStyle 3) of the box's colour around it.
func boxStyle(name string, k look) ass.Style {
	st := textStyle(name, k)
	st.Primary = ass.Color{Alpha: 255}
	st.Back = ass.Color{Alpha: 255}
	st.Outline = assColor(k.boxC, k.opacity)
	st.OpaqueBox, st.Border = true, k.pad
	return st
}

// textTags are the override tags of a text event: alignment and position,
// shadow offsets, and what the frame's animation changes.
func textTags(k look, p placement, f frameLook) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{\an%d\pos(%s,%s)`, p.an, num(p.x+f.dx), num(p.y+f.dy))
	if k.hasShadow {
		fmt.Fprintf(&b, `\xshad%s\yshad%s`, num(k.shadowX), num(k.shadowY))
	} else {
		b.WriteString(`\shad0`)
	}
	if f.opacity != 1 {
		fmt.Fprintf(&b, `\1a&H%02X&\3a&H%02X&\4a&H%02X&`, alpha(k.color, k.opacity*f.opacity),
			alpha(k.outlineC, k.opacity*f.opacity), alpha(k.shadowC, k.opacity*f.opacity))
	}
	scaleTags(&b, f)
	b.WriteString("}")
	return b.String()
}

// boxTags are the override tags of a box event.
func boxTags(k look, p placement, f frameLook) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{\an%d\pos(%s,%s)\shad0`, p.an, num(p.x+f.dx), num(p.y+f.dy))
	if f.opacity != 1 {
		fmt.Fprintf(&b, `\3a&H%02X&`, alpha(k.boxC, k.opacity*f.opacity))
	}
	scaleTags(&b, f)
	b.WriteString("}")
	return b.String()
}

func scaleTags(b *strings.Builder, f frameLook) {
	if f.scale != 1 {
		s := num(100 * f.scale)
		fmt.Fprintf(b, `\fscx%s\fscy%s`, s, s)
	}
}

// assColor is c at opacity op as ASS writes it.
func assColor(c color.RGBA, op float64) ass.Color {
	return ass.Color{R: c.R, G: c.G, B: c.B, Alpha: alpha(c, op)}
}

// alpha is ASS's transparency (0 opaque, 255 clear) of c at opacity op.
func alpha(c color.RGBA, op float64) uint8 {
	a := float64(c.A) * min(max(op, 0), 1)
	return 255 - uint8(a+0.5)
}

// num writes a coordinate to an eighth of a pixel.
func num(v float64) string { return strconv.FormatFloat(round8(v), 'f', -1, 64) }
