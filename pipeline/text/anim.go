package text

import (
	"math"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ease"
	"github.com/reel-film/reel/internal/frac"
)

// anim is one of a layer's animations placed on its frames: the way in
// covers its first n frames, the way out its last n (they may overlap on
// a short layer; their effects then multiply).
type anim struct {
	cfg *config.Animation
	out bool
	n   int64 // its length in frames (at least one)
}

// anims are layer l's animations at fps.
func anims(l *config.Layer, fps frac.Rational) []anim {
	var out []anim
	for _, a := range []*config.Animation{l.In, l.Out} {
		if a != nil {
			out = append(out, anim{cfg: a, out: a == l.Out, n: max(a.Duration.Frames(fps), 1)})
		}
	}
	return out
}

// covers reports whether animation a moves frame k of a layer of n frames.
func (a anim) covers(k, n int64) bool {
	if a.out {
		return k >= n-a.n
	}
	return k < a.n
}

// progress is how far frame k (of a layer of n frames) is in place under
// animation a, eased: 0 away, 1 at rest. A fade or a scale is measured at
// the frame's centre, so the k-th frame of an animation in of N frames is
// (k+0.5)/N of the way and no frame of the layer is wholly invisible; a
// slide from the frame's start, so that it starts (or ends) wholly beyond
// the frame's edge. An animation out is the mirror of the same animation
// in. (Image and video layers animate by the same rule.)
func (a anim) progress(k, n int64) float64 {
	half := 0.5
	if a.cfg.Kind == "slide" {
		half = 0
	}
	p := (float64(k) + half) / float64(a.n)
	if a.out {
		p = (float64(n-1-k) + half) / float64(a.n)
	}
	return ease.Value(a.cfg.Curve(a.out), p)
}

// frameLook is how an animated frame differs from the still layer.
type frameLook struct {
	opacity float64 // multiplies every colour's opacity
	dx, dy  float64 // offset in film pixels
	scale   float64 // 1 = as is
}

// animate is the look of frame k of a layer of n frames placed at p,
// under the animations that move it: a fade scales the opacity; a slide
// moves the text's box from (or to) just outside the frame's edge on its
// side and fades with its move; a scale grows (or shrinks) the text about
// its centre (libass scales about the anchor: the anchor moves so that
// the centre stays).
func animate(as []anim, k, n int64, p placement, c Canvas) frameLook {
	f := frameLook{opacity: 1, scale: 1}
	W, H := float64(c.W), float64(c.H)
	for _, a := range as {
		if !a.covers(k, n) {
			continue
		}
		v := a.progress(k, n)
		switch a.cfg.Kind {
		case "fade":
			f.opacity *= v
		case "scale":
			f.scale *= v
		case "slide":
			f.opacity *= v
			switch a.cfg.Direction { // the side it comes from, or goes to
			case "left":
				f.dx += -(p.left + p.outW) * (1 - v)
			case "right":
				f.dx += (W - p.left) * (1 - v)
			case "up":
				f.dy += -(p.top + p.outH) * (1 - v)
			case "down":
				f.dy += (H - p.top) * (1 - v)
			}
		}
	}
	if f.scale != 1 {
		cx, cy := p.left+p.outW/2, p.top+p.outH/2
		f.dx += (1 - f.scale) * (cx - p.x)
		f.dy += (1 - f.scale) * (cy - p.y)
	}
	return f
}

// moved reports whether any animation moves frame k of a layer of n frames.
func moved(as []anim, k, n int64) bool {
	for _, a := range as {
		if a.covers(k, n) {
			return true
		}
	}
	return false
}

// round8 rounds to an eighth of a pixel, libass's subpixel precision, so
// scripts do not change with float noise.
func round8(v float64) float64 { return math.Round(v*8) / 8 }
