package text

import (
	"math"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
)

// Ease maps progress p (0..1) along easing curve name: linear, in (starts
// slowly), out (ends slowly) or in-out; the curves are quadratic, and
// rise steadily from 0 to 1.
func Ease(name string, p float64) float64 {
	p = min(max(p, 0), 1)
	switch name {
	case "in":
		return p * p
	case "out":
		return 1 - (1-p)*(1-p)
	case "in-out":
		if p < 0.5 {
			return 2 * p * p
		}
		return 1 - 2*(1-p)*(1-p)
	}
	return p
}

// timing is how a layer of n frames comes in and goes out: its first
// nIn frames animate in, its last nOut frames out, the rest is still.
type timing struct {
	in, out   *config.Animation
	nIn, nOut int64
	n         int64
}

// timingOf counts the frames of a layer's animations at fps. Each lasts
// at least a frame; together they last at most the layer (the way out is
// shortened first).
func timingOf(l *config.Layer, n int64, fps frac.Rational) timing {
	t := timing{in: l.In, out: l.Out, n: n}
	if l.In != nil {
		t.nIn = min(max(l.In.Duration.Frames(fps), 1), n)
	}
	if l.Out != nil {
		t.nOut = min(max(l.Out.Duration.Frames(fps), 1), n-t.nIn)
		if t.nOut == 0 {
			t.out = nil
		}
	}
	return t
}

// still reports whether frame k of the layer (0-based) is outside both
// animations.
func (t timing) still(k int64) bool { return k >= t.nIn && k < t.n-t.nOut }

// at is the animation that moves frame k and how far the layer is in
// place there: v rises from above 0 to below 1 over the frames of the way
// in, (k+1)/(nIn+1) eased, and falls symmetrically on the way out, so the
// layer is seen on every one of its frames and never jumps.
func (t timing) at(k int64) (a *config.Animation, v float64) {
	if k < t.nIn {
		return t.in, Ease(easing(t.in, "out"), float64(k+1)/float64(t.nIn+1))
	}
	j := k - (t.n - t.nOut)
	return t.out, 1 - Ease(easing(t.out, "in"), float64(j+1)/float64(t.nOut+1))
}

// easing is an animation's easing, def when it names none.
func easing(a *config.Animation, def string) string {
	if a.Easing != "" {
		return a.Easing
	}
	return def
}

// frameLook is how an animated frame differs from the still layer.
type frameLook struct {
	opacity float64 // multiplies every colour's opacity
	dx, dy  float64 // offset in film pixels
	scale   float64 // 1 = as is
}

// animate is the look of a frame v of the way in place under animation a:
// a fade scales the opacity, a slide moves the text's box from (or to)
// just outside the frame's edge on its side, a scale grows (or shrinks)
// the text about its centre (libass scales about the anchor: the anchor
// moves so that the centre stays).
func animate(a *config.Animation, v float64, p placement, c Canvas) frameLook {
	f := frameLook{opacity: 1, scale: 1}
	switch a.Kind {
	case "fade":
		f.opacity = v
	case "scale":
		f.scale = v
		cx, cy := p.left+p.outW/2, p.top+p.outH/2
		f.dx, f.dy = (1-v)*(cx-p.x), (1-v)*(cy-p.y)
	case "slide":
		W, H := float64(c.W), float64(c.H)
		var dx, dy float64
		switch a.Direction { // the side it comes from, or goes to
		case "left":
			dx = -(p.left + p.outW)
		case "right":
			dx = W - p.left
		case "up":
			dy = -(p.top + p.outH)
		case "down":
			dy = H - p.top
		}
		f.dx, f.dy = dx*(1-v), dy*(1-v)
	}
	return f
}

// round8 rounds to an eighth of a pixel, libass's subpixel precision, so
// scripts do not change with float noise.
func round8(v float64) float64 { return math.Round(v*8) / 8 }
