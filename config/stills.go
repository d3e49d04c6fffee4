package config

import (
	"path/filepath"
	"slices"
	"strings"
)

// Keys, defaults and limits of the poster and the thumbnails.
var (
	posterKeys     = []string{"at", "path"}
	thumbnailKeys  = []string{"every", "width", "columns", "path"}
	PosterExts     = []string{".jpg", ".jpeg"}
	ThumbnailExts  = []string{".jpg", ".jpeg", ".png"}
	thumbnailWidth = [2]int{16, 1920}
	columnsRange   = [2]int{1, 100}
)

// Defaults of the thumbnails.
const (
	DefaultThumbnailWidth = 160
	DefaultColumns        = 10
	// MaxSheetWidth bounds columns × width: browsers and JPEG decoders
	// handle a sheet of up to 16384 pixels a side.
	MaxSheetWidth = 16384
)

// stills decodes the poster and thumbnails sections.
func (d *decoder) stills(p *Project, m fields) {
	if v, ok := m["poster"]; ok {
		p.Poster = d.poster(v)
	}
	if v, ok := m["thumbnails"]; ok {
		p.Thumbnails = d.thumbnails(v)
	}
}

// poster decodes {at, path}; both are required.
func (d *decoder) poster(f field) *Poster {
	ps := &Poster{Pos: d.pos(f.key, f.path), PathPos: d.pos(f.key, join(f.path, "path"))}
	m, ok := d.mapping(f.val, f.path, posterKeys)
	if !ok {
		return ps
	}
	if v, ok := m["at"]; ok {
		if at, ok := d.duration(v); ok {
			ps.At = *at
		}
	} else {
		d.errorf(f.key, f.path, `missing key "at" (the time of the film the poster shows, e.g. at: 3s)`)
	}
	ps.Path, ps.PathPos = d.stillPath(m, f, "a poster", PosterExts, "out/poster.jpg")
	return ps
}

// thumbnails decodes {every, width, columns, path}; every and path are
// required.
func (d *decoder) thumbnails(f field) *Thumbnails {
	t := &Thumbnails{Width: DefaultThumbnailWidth, Columns: DefaultColumns, Pos: d.pos(f.key, f.path),
		PathPos: d.pos(f.key, join(f.path, "path"))}
	m, ok := d.mapping(f.val, f.path, thumbnailKeys)
	if !ok {
		return t
	}
	if v, ok := m["every"]; ok {
		if e, ok := d.length(v); ok {
			t.Every = *e
			if e.Frames(d.fps) < 1 {
				d.errorf(v.val, v.path, "every %s is shorter than a frame at %v fps: write at least 1f", e, d.fps)
			}
		}
	} else {
		d.errorf(f.key, f.path, `missing key "every" (the time between two tiles, e.g. every: 2s)`)
	}
	if v, ok := m["width"]; ok {
		t.Width = d.bounded(v, "width", thumbnailWidth, true, DefaultThumbnailWidth)
	}
	if v, ok := m["columns"]; ok {
		t.Columns = d.bounded(v, "columns", columnsRange, false, DefaultColumns)
	}
	if t.Width*t.Columns > MaxSheetWidth {
		d.errorf(f.key, f.path, "a sheet of %d columns of %d pixels is %d pixels wide, more than %d: use fewer columns or narrower tiles", t.Columns, t.Width, t.Width*t.Columns, MaxSheetWidth)
	}
	t.Path, t.PathPos = d.stillPath(m, f, "a thumbnail sheet", ThumbnailExts, "out/thumbs.jpg")
	if t.Path != "" {
		t.VTT = strings.TrimSuffix(t.Path, filepath.Ext(t.Path)) + ".vtt"
	}
	return t
}

// bounded reads a whole number within bounds (and even when asked); def
// when it is not.
func (d *decoder) bounded(f field, what string, bounds [2]int, even bool, def int) int {
	n, ok := d.integer(f)
	switch {
	case !ok:
	case n < bounds[0] || n > bounds[1]:
		d.errorf(f.val, f.path, "%s %d is out of range (%d..%d)", what, n, bounds[0], bounds[1])
	case even && n%2 != 0:
		d.errorf(f.val, f.path, "%s %d is odd (tiles are cut from a yuv420p film, whose sizes are even)", what, n)
	default:
		return n
	}
	return def
}

// stillPath decodes the required path of a poster or the thumbnails.
func (d *decoder) stillPath(m fields, f field, what string, exts []string, example string) (string, Pos) {
	v, ok := m["path"]
	if !ok {
		d.errorf(f.key, f.path, `missing key "path" (the file to write, e.g. path: %s)`, example)
		return "", d.pos(f.key, join(f.path, "path"))
	}
	pos := d.pos(v.val, v.path)
	s, ok := d.nonEmpty(v)
	if !ok {
		return "", pos
	}
	ext := strings.ToLower(filepath.Ext(s))
	if !slices.Contains(exts, ext) {
		d.errorf(v.val, v.path, "unsupported extension %q for %s%s", filepath.Ext(s), what, enumHint(ext, exts))
	}
	return d.outputAbs(s, pos), pos
}
