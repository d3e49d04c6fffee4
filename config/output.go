package config

import (
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/quote"
)

// outputKeys are the keys of the output map.
var outputKeys = []string{"path", "size", "fps", "codec", "quality", "preset", "crf"}

// Limits of the output format.
const (
	minSide = 32 // libx265 refuses sides under 16, and a preview halves them
	maxSide = 8192
	minFPS  = 1
	maxFPS  = 240
	maxCRF  = 51
	// maxRateTerm is the largest numerator or denominator FFmpeg keeps in a
	// frame rate (av_parse_video_rate reduces to at most 1001000): past it,
	// FFmpeg's rate would differ from the one reel plans with.
	maxRateTerm = 1001000
)

// output decodes the output map (f.val is nil when it is absent).
func (d *decoder) output(f field) (o Output) {
	o = d.defaultOutput()
	o.Path = d.abs(filepath.Join("out", baseName(d.name)+".mp4"))
	defer func() {
		o.Name, o.Container = outputName(o.Path), strings.TrimPrefix(strings.ToLower(filepath.Ext(o.Path)), ".")
	}()
	if f.val == nil {
		return o
	}
	o.Pos = d.pos(f.key, f.path)
	o.PathPos.Line = o.Pos.Line
	m, _ := d.mapping(f.val, f.path, outputKeys)
	if v, ok := m["path"]; ok {
		d.outputPath(v, &o)
	}
	if v, ok := m["size"]; ok {
		o.Width, o.Height = d.size(v)
	}
	if v, ok := m["fps"]; ok {
		o.FPS = d.frameRate(v)
	}
	d.encoding(m, &o)
	if v, ok := m["size"]; ok && o.Codec == "h265" && min(o.Width, o.Height) >= minSide && min(o.Width, o.Height) < MinSideH265 {
		d.errorf(v.val, v.path, "%dx%d is too small for h265: each side must be at least %d (libx265 corrupts its memory and crashes on smaller frames, such as 34x64); use h264, or a larger size", o.Width, o.Height, MinSideH265)
	}
	return o
}

// MinSideH265 is the smallest side of an h265 film. libx265 3.5 (in
// FFmpeg 5.1) aborts with heap corruption ("free(): invalid next size") on
// some frames under its 64-pixel coding tree unit, e.g. 34x64, 44x64 and
// 34x32, on some runs only; every size tried from 64 up encodes.
const MinSideH265 = 64

// encoding decodes codec, quality, preset and crf.
func (d *decoder) encoding(m fields, o *Output) {
	if v, ok := m["codec"]; ok {
		c, _ := d.enum(v, "codec", append(slices.Clip(Codecs), "avc", "hevc"))
		if alias, ok := codecAliases[c]; ok {
			c = alias
		}
		o.Codec = c
	}
	if v, ok := m["quality"]; ok {
		o.Quality, _ = d.enum(v, "quality", Qualities)
	}
	if v, ok := m["preset"]; ok {
		o.Preset, _ = d.enum(v, "preset", Presets)
	}
	if v, ok := m["crf"]; ok {
		if n, ok := d.integer(v); ok {
			o.CRF = n
			if n < 0 || n > maxCRF {
				d.errorf(v.val, v.path, "crf %d is out of range (0..%d; lower is better quality)", n, maxCRF)
			}
		}
	}
}

// outputPath decodes the output file path and checks its extension.
func (d *decoder) outputPath(f field, o *Output) {
	s, ok := d.nonEmpty(f)
	if !ok {
		return
	}
	o.Path = d.abs(s)
	o.PathPos = d.pos(f.val, f.path)
	ext := strings.ToLower(filepath.Ext(s))
	if !slices.Contains(Containers, ext) {
		d.errorf(f.val, f.path, "unsupported extension %q%s", filepath.Ext(s), enumHint(ext, Containers))
	}
}

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

// abs resolves a path written in the project against its directory.
func (d *decoder) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(d.dir, p)
}

// baseName is the file name of name without directory and extension.
func baseName(name string) string {
	b := filepath.Base(name)
	b = strings.TrimSuffix(b, filepath.Ext(b))
	if b == "" || b == "." || b == "-" || b == string(filepath.Separator) {
		return "film"
	}
	return b
}

// outputName is an output's default name: its file name without the
// extension.
func outputName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}
