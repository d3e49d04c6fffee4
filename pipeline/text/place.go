package text

import (
	"strings"
	"unicode"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ass"
)

// placement is a text layer laid out on the canvas: its lines (ASS text),
// the point libass anchors them at and how (\an, a numpad position), and
// the box the text covers with its padding (its size estimated), from
// which a slide starts or ends off the frame.
type placement struct {
	text       string
	lines      int
	wrapW      float64  // the width lines wrap in
	broken     []string // words wider than the width, broken between letters
	an         int
	x, y       float64
	left, top  float64
	outW, outH float64
}

// place lays layer l out in look k on canvas c, measuring with m: lines
// wrap inside the layer's width (up to the safe margin when it has none;
// never past the margins at a named position, nor the frame's edge from
// a point), and the block of lines goes where the position says, inside
// the safe margins (5% of each side) for a named position, its top-left
// corner at the point otherwise. A box's padding is part of the block.
func place(l *config.Layer, k look, m *Metrics, c Canvas) placement {
	W, H := float64(c.W), float64(c.H)
	mxi, myi := Margins(c.W, c.H)
	mx, my := float64(mxi), float64(myi)
	px, py := corner(k.pos, c)
	avail, limit := W-2*mx-2*k.pad, W-2*mx-2*k.pad // by default, and at most
	if k.pos.Named == "" {
		avail, limit = W-px-mx-2*k.pad, W-px-2*k.pad // up to the margin, and the edge
	}
	wrapW := avail
	if k.width > 0 {
		wrapW = min(k.width, limit)
	}
	p, widest := lay(l.Text, m, k.size, max(wrapW, k.size)) // at least a letter wide
	inner := widest
	if k.width > 0 {
		inner = p.wrapW
	}
	p.outW, p.outH = inner+2*k.pad, float64(p.lines)*k.size+2*k.pad
	switch {
	case k.pos.Named == "":
		p.left = px
	case column(k.pos) == "left":
		p.left = mx
	case column(k.pos) == "center":
		p.left = W/2 - p.outW/2
	default:
		p.left = W - mx - p.outW
	}
	col := map[string]int{"left": 0, "center": 1, "right": 2}[k.align]
	p.x = p.left + k.pad + float64(col)*inner/2
	// From here on the box is the text's own (a block as wide as the
	// width holds shorter lines): where a slide starts or ends.
	p.left, p.outW = p.x-float64(col)*widest/2-k.pad, widest+2*k.pad
	switch {
	case k.pos.Named == "":
		p.an, p.top, p.y = 7+col, py, py+k.pad
	case row(k.pos) == "top":
		p.an, p.top, p.y = 7+col, my, my+k.pad
	case row(k.pos) == "middle":
		p.an, p.top, p.y = 4+col, H/2-p.outH/2, H/2
	default:
		p.an, p.top, p.y = 1+col, H-my-p.outH, H-my-k.pad
	}
	return p
}

// corner is a point position's top-left corner in film pixels (0, 0 for
// a named position).
func corner(pos config.Position, c Canvas) (x, y float64) {
	if pos.X != nil {
		x = length(*pos.X, float64(c.W), c)
	}
	if pos.Y != nil {
		y = length(*pos.Y, float64(c.H), c)
	}
	return x, y
}

// lay wraps text at size inside width: the placement's lines (escaped,
// joined by \N), their count, the words broken between letters, and the
// width of the widest line.
func lay(text string, m *Metrics, size, width float64) (placement, float64) {
	lines, broken := wrap(tokenize(drawable(text), m), m, size, width, true)
	widest := 0.0
	esc := make([]string, len(lines))
	for i, line := range lines {
		widest = max(widest, measure(line, m, size))
		esc[i] = ass.Escape(line)
	}
	return placement{text: strings.Join(esc, `\N`), lines: len(lines), broken: broken, wrapW: width}, widest
}

// drawable is text as libass draws it: tabs are spaces, line breaks stay,
// other control characters draw nothing (ass.Escape does the same).
func drawable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n' || r == '\r':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}
