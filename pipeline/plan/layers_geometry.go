package plan

import (
	"math"
	"strings"

	"github.com/reel-film/reel/config"
)

// safeMargin is the share of the frame's width (at the left and right) and
// height (at the top and bottom) that a named position keeps clear.
const safeMargin = 0.05

// overlayBox is where an image or video layer rests in the film frame, in
// film pixels: its top-left corner and its size.
type overlayBox struct{ x, y, w, h int }

// overlayBox places image or video layer l: its width is the layer's
// (a share of the frame's width, or project pixels), or the media's own in
// film pixels; its height keeps the media's display aspect (rotation and
// pixel aspect applied); its corner is from the layer's position.
func (b *builder) overlayBox(l layer) overlayBox {
	v := l.info.Video
	sw, sh := float64(max(1, v.DisplayWidth)), float64(max(1, v.DisplayHeight))
	if r := v.SAR; !r.IsZero() && r.Num != r.Den {
		sw *= r.Float()
	}
	w := sw * b.pxScale
	if l.cfg.Width != nil {
		w = b.overlayLength(*l.cfg.Width, b.target.Width)
	}
	box := overlayBox{w: max(1, roundPx(w)), h: max(1, roundPx(w*sh/sw))}
	box.x, box.y = b.overlayXY(l.cfg.Position, box.w, box.h)
	return box
}

// overlayLength converts a length to film pixels: a share of dim, or
// project pixels scaled to the film's frame.
func (b *builder) overlayLength(v config.Length, dim int) float64 {
	if v.Percent {
		return v.Value / 100 * float64(dim)
	}
	return v.Value * b.pxScale
}

// overlayXY is the top-left corner of a w×h box at position p: a named
// place inside the safe margins (centred when none is given), or the
// corner written.
func (b *builder) overlayXY(p config.Position, w, h int) (x, y int) {
	W, H := b.target.Width, b.target.Height
	if p.Named == "" && (p.X != nil || p.Y != nil) {
		if p.X != nil {
			x = roundPx(b.overlayLength(*p.X, W))
		}
		if p.Y != nil {
			y = roundPx(b.overlayLength(*p.Y, H))
		}
		return x, y
	}
	mx, my := roundPx(safeMargin*float64(W)), roundPx(safeMargin*float64(H))
	x, y = (W-w)/2, (H-h)/2
	switch {
	case strings.Contains(p.Named, "left"):
		x = mx
	case strings.Contains(p.Named, "right"):
		x = W - mx - w
	}
	switch {
	case strings.HasPrefix(p.Named, "top"):
		y = my
	case strings.HasPrefix(p.Named, "bottom"):
		y = H - my - h
	}
	return x, y
}

// roundPx rounds to the nearest integer.
func roundPx(v float64) int { return int(math.Round(v)) }
