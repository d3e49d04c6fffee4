package text

import "fmt"

// LayerWarnings are the problems of laying out text layer l on canvas c,
// without a subject (the caller names the layer): words too wide for the
// layer's width, which are broken between letters, and text taller than
// the frame.
func LayerWarnings(l Placed, c Canvas, fonts *LayerFonts) []string {
	family := fonts.Family(l.Layer)
	k := lookOf(l.Layer, c, family)
	p := place(l.Layer, k, fonts.metrics(family, k.bold), c)
	var out []string
	if len(p.broken) > 0 {
		out = append(out, fmt.Sprintf("%s wider than the text's width (%s px, the letters %s px): broken between letters (make the text smaller or the width larger)",
			wordList(p.broken), num(p.wrapW), num(k.size)))
	}
	if _, my := Margins(c.W, c.H); p.outH > float64(c.H-2*my) {
		out = append(out, fmt.Sprintf("the text's %d lines of %s px are taller than the frame inside its margins (%d px): some fall off the frame",
			p.lines, num(k.size), c.H-2*my))
	}
	return out
}
