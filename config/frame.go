package config

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/quote"
)

var sizeRe = regexp.MustCompile(`^([0-9]+)x([0-9]+)$`)

// size decodes "WIDTHxHEIGHT"; both sides must be even and in range.
func (d *decoder) size(f field) (w, h int) {
	s, ok := d.text(f, "a size like 1280x720")
	if !ok {
		return DefaultWidth, DefaultHeight
	}
	m := sizeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		d.errorf(f.val, f.path, "%s is not a size (write WIDTHxHEIGHT, e.g. 1280x720)", quote.Q(s))
		return DefaultWidth, DefaultHeight
	}
	w = d.side(f, "width", m[1])
	h = d.side(f, "height", m[2])
	return w, h
}

// side reads and checks one dimension of the output size.
func (d *decoder) side(f field, what, digits string) int {
	v, err := strconv.Atoi(digits)
	switch {
	case err != nil || v < minSide || v > maxSide:
		d.errorf(f.val, f.path, "%s %s is out of range (%d..%d)", what, quote.Short(digits, 12), minSide, maxSide)
	case v%2 != 0:
		d.errorf(f.val, f.path, "%s %d is odd (H.264/H.265 in yuv420p need even sizes)", what, v)
	}
	return v
}

// frameRate decodes a frame rate: 30, 29.97 or 30000/1001.
func (d *decoder) frameRate(f field) frac.Rational {
	s, ok := d.text(f, "a frame rate like 30, 29.97 or 30000/1001")
	if !ok {
		return DefaultFPS
	}
	r, err := frac.Parse(s)
	if errors.Is(err, frac.ErrRange) {
		d.errorf(f.val, f.path, "frame rate %s is out of range (%d to %d)", quote.Short(s, quote.MaxValue), minFPS, maxFPS)
		return DefaultFPS
	}
	if err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return DefaultFPS
	}
	if r.Num > maxRateTerm || r.Den > maxRateTerm {
		d.errorf(f.val, f.path, "frame rate %s = %v: FFmpeg keeps a frame rate's numerator and denominator to at most %d, so it would round this one (write e.g. 30000/1001)", quote.Short(s, quote.MaxValue), r, maxRateTerm)
		return DefaultFPS
	}
	if r.Num < minFPS*r.Den || r.Num > maxFPS*r.Den {
		d.errorf(f.val, f.path, "frame rate %s is out of range (%d to %d)", quote.Short(s, quote.MaxValue), minFPS, maxFPS)
		return DefaultFPS
	}
	return r
}
