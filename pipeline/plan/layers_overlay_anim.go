package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// overlayGeq is the geq that fades and scales the layer's animated frames
// among film frames [a, e) (the stream's frame at time T is film frame
// a+T*fps); the other frames pass through it untouched (its enable
// option). ok is false
// when no fade or scale touches [a, e).
func (b *builder) overlayGeq(l layer, anims []overlayAnim, a, e int64) (ffmpeg.Filter, bool) {
	f := b.frameAt("T", a)
	var fades, scales, enable []string
	for _, an := range anims {
		lo, hi := max(a, an.from), min(e, an.to)
		if lo >= hi || an.cfg.Kind == "slide" {
			continue
		}
		enable = append(enable, fmt.Sprintf("between(%s,%d,%d)", b.frameAt("t", a), lo, hi-1))
		if an.cfg.Kind == "scale" {
			scales = append(scales, an.progress(l, f))
		} else {
			fades = append(fades, an.progress(l, f))
		}
	}
	if len(enable) == 0 {
		return ffmpeg.Filter{}, false
	}
	pre, x, y, inside := "", "X", "Y", ""
	if len(scales) > 0 {
		// Each plane is scaled about its centre: the output pixel X shows
		// the source at (X-c)/s+c. Outside the source it is transparent;
		// at its edges as opaque as the share of the pixel it covers, so
		// that the size changes smoothly, not in whole pixels.
		pre = "st(0,max(" + exprProduct(scales) + ",0.001));" +
			"st(1,(X-(W*SW-1)/2)/ld(0)+(W*SW-1)/2);st(2,(Y-(H*SH-1)/2)/ld(0)+(H*SH-1)/2);"
		x, y = "ld(1)", "ld(2)"
		inside = "*clip((ld(1)+0.5)*ld(0)+0.5,0,1)*clip((W*SW-0.5-ld(1))*ld(0)+0.5,0,1)" +
			"*clip((ld(2)+0.5)*ld(0)+0.5,0,1)*clip((H*SH-0.5-ld(2))*ld(0)+0.5,0,1)"
	}
	at := func(plane string) string { return fmt.Sprintf("%s%s(%s,%s)", pre, plane, x, y) }
	return ffmpeg.F("geq", "lum", at("lum"), "cb", at("cb"), "cr", at("cr"),
		"a", at("alpha")+inside+"*"+exprProduct(fades), "enable", strings.Join(enable, "+")), true
}

// overlayPos are the overlay's x and y: the box's corner (less the column
// and row that pad an odd one), moved by the slides touching [a, e). A
// slide in comes from beyond the frame's edge opposite its direction, a
// slide out leaves beyond the edge it moves towards. The segment's frame
// at time t is film frame from+t*fps.
func (b *builder) overlayPos(l layer, anims []overlayAnim, box overlayBox, px, py int, from, a, e int64) (string, string) {
	W, H := b.target.Width, b.target.Height
	f := b.frameAt("t", from)
	x, y := strconv.Itoa(box.x-px), strconv.Itoa(box.y-py)
	for _, an := range anims {
		if an.cfg.Kind != "slide" || max(a, an.from) >= min(e, an.to) {
			continue
		}
		away := "(1-" + an.progress(l, f) + ")"
		dist := map[string]int{"left": W - box.x, "right": -(box.x + box.w), "up": H - box.y, "down": -(box.y + box.h)}
		if an.out {
			dist = map[string]int{"left": -(box.x + box.w), "right": W - box.x, "up": -(box.y + box.h), "down": H - box.y}
		}
		term := fmt.Sprintf("+%s*(%d)", away, dist[an.cfg.Direction])
		if d := an.cfg.Direction; d == "up" || d == "down" {
			y += term
		} else {
			x += term
		}
	}
	return x, y
}

// frameAt is the expression of the film frame shown at time v (a
// filter's time variable, seconds from the first of frames that start at
// film frame first): frame numbers, not frame counters, which some
// filters (overlay's n) count before or after the frame at hand.
func (b *builder) frameAt(v string, first int64) string {
	fps := b.target.FPS
	return fmt.Sprintf("(floor(%s*%d/%d+0.5)+%d)", v, fps.Num, fps.Den, first)
}
