package plan

import (
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ease"
	"github.com/reel-film/reel/internal/ffmpeg"
)

// A motion (Ken Burns) moves a window over the scene's picture as fitted
// to the frame, and shows the window at the frame's size. The window is
// 1/zoom of the frame; a named place aligns the window's same-named
// corner or edge with the picture's (top-left: the window's top-left
// corner on the picture's; center: the two centres together); a point
// {x, y} puts the window's centre there, moved inside the picture when it
// would leave it. Between its two ends the window's edges move in straight
// lines, eased: every point of the picture moves steadily across the
// frame, never back, and the magnification changes steadily. The window is
// cut out with sub-pixel precision (perspective, bilinear): zoompan rounds
// the window to whole pixels and shakes. The time is the scene's own frame
// number, so the segments of a scene (and a card's blurred still of it)
// agree on every frame.

// rect is a window on the fitted picture, in film frame pixels.
type rect struct{ x, y, w, h float64 }

// placeAlign is how far along the free room (frame minus window) a named
// place puts the window: 0 left or top, 1 right or bottom.
var placeAlign = map[string][2]float64{
	"top-left": {0, 0}, "top": {0.5, 0}, "top-right": {1, 0},
	"left": {0, 0.5}, "center": {0.5, 0.5}, "right": {1, 0.5},
	"bottom-left": {0, 1}, "bottom": {0.5, 1}, "bottom-right": {1, 1},
}

// kbWindow is the window of zoom z at place p on a w×h picture; px converts
// the project's pixels to the film frame's.
func kbWindow(z float64, p config.Position, w, h, px float64) rect {
	r := rect{w: w / z, h: h / z}
	if p.Named != "" {
		a := placeAlign[p.Named]
		r.x, r.y = (w-r.w)*a[0], (h-r.h)*a[1]
		return r
	}
	cx, cy := coord(p.X, w, px), coord(p.Y, h, px)
	r.x = min(max(cx-r.w/2, 0), w-r.w)
	r.y = min(max(cy-r.h/2, 0), h-r.h)
	return r
}

// coord is a pan point's coordinate in film pixels.
func coord(l *config.Length, size, px float64) float64 {
	if l == nil {
		return size / 2
	}
	if l.Percent {
		return l.Value / 100 * size
	}
	return l.Value * px
}

// motion adds scene s's motion to the picture at lbl, whose first frame is
// the scene's frame from, and returns the label of the result (lbl
// without a motion, or with one that never leaves the whole frame).
func (b *builder) motion(g *ffmpeg.Graph, lbl string, s scene, from int64) string {
	m := s.cfg.Motion
	if m == nil {
		return lbl
	}
	w, h := float64(b.target.Width), float64(b.target.Height)
	a := kbWindow(m.Zoom[0], m.Pan[0], w, h, b.pxScale)
	c := kbWindow(m.Zoom[1], m.Pan[1], w, h, b.pxScale)
	full := rect{0, 0, w, h}
	if a == full && c == full {
		return lbl
	}
	e, eval := "", "init"
	if a != c {
		// perspective's in counts the frames from 1 (FFmpeg 5.1 counts
		// a frame before filtering it): scene frame from+in-1.
		k := "in-1"
		if from > 1 {
			k = "in+" + strconv.FormatInt(from-1, 10)
		} else if from == 1 {
			k = "in"
		}
		t := "((" + k + ")/" + strconv.FormatInt(max(1, s.frames-1), 10) + ")"
		e, eval = ease.Expr(m.Easing, t), "frame"
	}
	lerp := func(p, q float64) string { return lerpExpr(p, q, e) }
	out := g.Label("kb")
	g.Chain([]string{lbl}, []ffmpeg.Filter{ffmpeg.F("perspective",
		"x0", lerp(a.x, c.x), "y0", lerp(a.y, c.y),
		"x1", lerp(a.x+a.w, c.x+c.w), "y1", lerp(a.y, c.y),
		"x2", lerp(a.x, c.x), "y2", lerp(a.y+a.h, c.y+c.h),
		"x3", lerp(a.x+a.w, c.x+c.w), "y3", lerp(a.y+a.h, c.y+c.h),
		"interpolation", "linear", "sense", "source", "eval", eval)}, []string{out})
	return out
}

// lerpExpr is the expression going from p to q as e goes from 0 to 1 (p
// when they are equal).
func lerpExpr(p, q float64, e string) string {
	if p == q || e == "" {
		return num(p)
	}
	d := num(q - p)
	if !strings.HasPrefix(d, "-") {
		d = "+" + d
	}
	return num(p) + d + "*" + e
}

// num formats a coordinate to a thousandth of a pixel.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
