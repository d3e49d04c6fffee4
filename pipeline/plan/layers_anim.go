package plan

import (
	"fmt"
	"github.com/reel-film/reel/internal/ease"
	"strings"

	"github.com/reel-film/reel/config"
)

// An overlay's animation is computed per frame from the frame's number in
// the layer (k, an expression of the filter's time), never from a
// segment's own clock, so that it runs on across segment joins. The progress of a
// fade or a scale at film frame f is measured at the frame's centre: the
// k-th frame of an N-frame animation in is (k+0.5)/N of the way, so that
// no frame of the layer is wholly invisible and an animation out is the
// mirror of the same animation in. A slide's k-th frame is k/N of the
// way: it starts (or ends) wholly beyond the frame's edge.

// overlayAnim is one animation of a layer placed on the film's timeline.
type overlayAnim struct {
	cfg      *config.Animation
	out      bool
	from, to int64 // the film frames it covers
	frames   int64 // its length (longer than [from, to) when the layer is shorter)
}

// overlayAnims are the in and out animations of l, on the film's timeline.
func (b *builder) overlayAnims(l layer) []overlayAnim {
	var as []overlayAnim
	if a := l.cfg.In; a != nil {
		n := max(1, a.Duration.Frames(b.tl.FPS))
		as = append(as, overlayAnim{cfg: a, from: l.from, to: min(l.to, l.from+n), frames: n})
	}
	if a := l.cfg.Out; a != nil {
		n := max(1, a.Duration.Frames(b.tl.FPS))
		as = append(as, overlayAnim{cfg: a, out: true, from: max(l.from, l.to-n), to: l.to, frames: n})
	}
	return as
}

// progress is the eased progress (0: away, 1: at rest) of animation a of
// layer l at the layer's frame k (an expression: 0 is the layer's first
// frame). A fade or a scale is measured at the frame's centre; a slide
// from the frame's start, so that its first frame (in) or last (out) is
// wholly away: beyond the frame's edge and transparent. Only the layer's
// own frames appear, never its place on the film's timeline, so a layer
// that moves with its scene keeps its segments' keys.
func (a overlayAnim) progress(l layer, k string) string {
	n, half := a.frames, "+0.5"
	if a.cfg.Kind == "slide" {
		half = ""
	}
	p := fmt.Sprintf("clip((%s%s)/%d,0,1)", k, half, n)
	if a.out {
		p = fmt.Sprintf("clip((%d-%s%s)/%d,0,1)", l.to-l.from-1, k, half, n)
	}
	return ease.Expr(a.cfg.Curve(a.out), p)
}

// exprProduct multiplies factors, "1" for none.
func exprProduct(fs []string) string {
	if len(fs) == 0 {
		return "1"
	}
	return strings.Join(fs, "*")
}
