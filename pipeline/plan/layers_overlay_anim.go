package plan

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// overlayAnimate adds the fades and scales of the layer's frames src
// (film frames [a, e), the stream's frame at time T being the layer's
// frame a-l.from+T*fps) and returns the label of the result: src itself when no fade,
// slide or scale touches [a, e) (a slide fades as it moves). A fade multiplies the layer's alpha by a plane
// of one grey level per frame (computed on a single pixel, then
// enlarged), so that it costs a few plain passes, not an expression per
// pixel; a scale resizes each frame about its centre (overlayPos keeps the
// centre in place), the whole picture resampled.
func (b *builder) overlayAnimate(g *ffmpeg.Graph, src string, l layer, anims []overlayAnim, box overlayBox, px, py int, a, e int64) string {
	fades, scales := b.animKinds(l, anims, "T", a, e)
	if len(fades) > 0 {
		w, h := box.w+px, box.h+py
		pic, key, al, level, alpha, out := g.Label("fade"), g.Label("fade"), g.Label("fade"), g.Label("fade"), g.Label("fade"), g.Label("faded")
		g.Chain([]string{src}, []ffmpeg.Filter{ffmpeg.F("split", "", "2")}, []string{pic, key})
		g.Chain([]string{key}, []ffmpeg.Filter{ffmpeg.F("alphaextract")}, []string{al})
		g.Chain(nil, []ffmpeg.Filter{
			ffmpeg.F("color", "c", "black", "s", "1x1", "r", b.target.FPS.String()),
			ffmpeg.F("trim", "end_frame", strconv.FormatInt(e-a, 10)),
			ffmpeg.F("format", "pix_fmts", "gray"),
			ffmpeg.F("geq", "lum", "255*"+exprProduct(fades)),
			ffmpeg.F("scale", "w", strconv.Itoa(w), "h", strconv.Itoa(h), "flags", "neighbor"),
		}, []string{level})
		g.Chain([]string{al, level}, []ffmpeg.Filter{ffmpeg.F("blend", "all_mode", "multiply")}, []string{alpha})
		g.Chain([]string{pic, alpha}, []ffmpeg.Filter{ffmpeg.F("alphamerge")}, []string{out})
		src = out
	}
	if len(scales) > 0 {
		_, scales = b.animKinds(l, anims, "t", a, e)
		s := exprProduct(scales)
		out := g.Label("scaled")
		g.Chain([]string{src}, []ffmpeg.Filter{ffmpeg.F("scale",
			"w", "max(1,round(iw*"+s+"))", "h", "max(1,round(ih*"+s+"))", "eval", "frame")}, []string{out})
		src = out
	}
	return src
}

// animKinds are the eased progress expressions of the fades (a slide's
// too) and the scales of l that touch film frames [a, e), as expressions of the time variable
// v of a stream whose first frame is film frame a.
func (b *builder) animKinds(l layer, anims []overlayAnim, v string, a, e int64) (fades, scales []string) {
	k := b.frameAt(v, a-l.from)
	for _, an := range anims {
		if max(a, an.from) >= min(e, an.to) {
			continue
		}
		switch an.cfg.Kind {
		case "fade", "slide": // a slide fades with its move
			fades = append(fades, an.progress(l, k))
		case "scale":
			scales = append(scales, an.progress(l, k))
		}
	}
	return fades, scales
}

// overlayPos are the overlay's x and y: the box's corner (less the column
// and row that pad an odd one), moved by the slides touching [a, e). A
// slide in comes from beyond its side of the frame (up: the top edge), a
// slide out leaves beyond it. The segment's frame
// at time t is the layer's frame from-l.from+t*fps.
func (b *builder) overlayPos(l layer, anims []overlayAnim, box overlayBox, px, py int, from, a, e int64) (string, string) {
	W, H := b.target.Width, b.target.Height
	k := b.frameAt("t", from-l.from)
	x, y := strconv.Itoa(box.x-px), strconv.Itoa(box.y-py)
	if _, scales := b.animKinds(l, anims, "t", a, e); len(scales) > 0 {
		// A scaled layer (overlay's w×h) keeps its centre.
		x += fmt.Sprintf("+(%d-w)/2", box.w+px)
		y += fmt.Sprintf("+(%d-h)/2", box.h+py)
	}
	for _, an := range anims {
		if an.cfg.Kind != "slide" || max(a, an.from) >= min(e, an.to) {
			continue
		}
		away := "(1-" + an.progress(l, k) + ")"
		dist := map[string]int{"left": -(box.x + box.w), "right": W - box.x, "up": -(box.y + box.h), "down": H - box.y}
		term := fmt.Sprintf("+%s*(%d)", away, dist[an.cfg.Direction])
		if d := an.cfg.Direction; d == "up" || d == "down" {
			y += term
		} else {
			x += term
		}
	}
	return x, y
}

// frameAt is the expression of the layer's frame shown at time v (a
// filter's time variable, seconds from the first of frames that start at
// the layer's frame first): frame numbers, not frame counters, which some
// filters (overlay's n) count before or after the frame at hand.
func (b *builder) frameAt(v string, first int64) string {
	fps := b.target.FPS
	return fmt.Sprintf("(floor(%s*%d/%d+0.5)+%d)", v, fps.Num, fps.Den, first)
}
