package text

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// face holds what the layout needs of one font: the advance of each
// character, in units of the size libass gives the font.
type face struct {
	cmap  func(r rune) (glyph int, ok bool)
	adv   []uint16 // advance widths by glyph; the last repeats
	scale float64  // advance units to fractions of the ASS font size
}

// advance returns the width of r as a fraction of the ASS font size.
func (f *face) advance(r rune) (float64, bool) {
	g, ok := f.cmap(r)
	if !ok || len(f.adv) == 0 {
		return 0, false
	}
	g = min(g, len(f.adv)-1)
	return float64(f.adv[g]) * f.scale, true
}

var errFont = errors.New("not a TrueType or OpenType font reel can read")

// loadFace reads face index of the font file at path (a .ttf, .otf or .ttc).
func loadFace(path string, index int) (*face, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := parseFace(b, index)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// parseFace parses face index of a font file's bytes. Every read is bounds
// checked: a damaged file is an error, never a panic.
func parseFace(b []byte, index int) (*face, error) {
	tables, err := tableDir(b, index)
	if err != nil {
		return nil, err
	}
	head, hhea, hmtx, cmap := reader(tables["head"]), reader(tables["hhea"]), reader(tables["hmtx"]), reader(tables["cmap"])
	if len(head) < 54 || len(hhea) < 36 || len(hmtx) == 0 || len(cmap) == 0 {
		return nil, errFont
	}
	f := &face{}
	height := float64(int16(hhea.u16(4))) - float64(int16(hhea.u16(6)))
	if os2 := reader(tables["OS/2"]); len(os2) >= 78 {
		if h := float64(os2.u16(74)) + float64(os2.u16(76)); h > 0 {
			height = h // libass sizes fonts by their Windows ascent + descent, as VSFilter does
		}
	}
	if height <= 0 {
		height = float64(head.u16(18))
	}
	if height <= 0 {
		return nil, errFont
	}
	f.scale = 1 / height
	n := int(hhea.u16(34))
	for i := 0; i < n && 4*i+2 <= len(hmtx); i++ {
		f.adv = append(f.adv, hmtx.u16(4*i))
	}
	f.cmap = parseCmap(cmap)
	if f.cmap == nil || len(f.adv) == 0 {
		return nil, errFont
	}
	return f, nil
}

// tableDir reads the table directory of face index of a font file's bytes:
// each table's bytes by tag (tables that lie outside the file are left out).
func tableDir(b []byte, index int) (map[string][]byte, error) {
	r := reader(b)
	off := 0
	if r.tag(0) == "ttcf" {
		n := int(r.u32(8))
		if index < 0 || index >= n {
			return nil, errFont
		}
		off = int(r.u32(12 + 4*index))
	}
	tables := map[string][]byte{}
	numTables := int(r.u16(off + 4))
	for i := 0; i < numTables; i++ {
		rec := off + 12 + 16*i
		start, length := int(r.u32(rec+8)), int(r.u32(rec+12))
		if start < 0 || length < 0 || start+length > len(b) || start+length < start {
			continue
		}
		tables[r.tag(rec)] = b[start : start+length]
	}
	return tables, nil
}

// parseCmap picks the best Unicode subtable: format 12 (all planes) over
// format 4 (the basic plane).
func parseCmap(c reader) func(rune) (int, bool) {
	var best func(rune) (int, bool)
	bestRank := 0
	n := int(c.u16(2))
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		pid, eid, off := c.u16(rec), c.u16(rec+2), int(c.u32(rec+4))
		unicode := pid == 0 || (pid == 3 && (eid == 1 || eid == 10))
		if !unicode || off <= 0 || off >= len(c) {
			continue
		}
		sub := c[off:]
		switch format := sub.u16(0); {
		case format == 12 && bestRank < 2:
			best, bestRank = cmap12(sub), 2
		case format == 4 && bestRank < 1:
			best, bestRank = cmap4(sub), 1
		}
	}
	return best
}

// cmap12 reads a format 12 subtable (sequential groups).
func cmap12(s reader) func(rune) (int, bool) {
	n := int(s.u32(12))
	return func(r rune) (int, bool) {
		lo, hi := 0, n-1
		for lo <= hi {
			m := (lo + hi) / 2
			g := 16 + 12*m
			start, end := rune(s.u32(g)), rune(s.u32(g+4))
			switch {
			case r < start:
				hi = m - 1
			case r > end:
				lo = m + 1
			default:
				gid := int(s.u32(g+8)) + int(r-start)
				return gid, gid != 0
			}
		}
		return 0, false
	}
}

// cmap4 reads a format 4 subtable (segments of the basic plane).
func cmap4(s reader) func(rune) (int, bool) {
	segs := int(s.u16(6)) / 2
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	return func(r rune) (int, bool) {
		if r > 0xFFFF {
			return 0, false
		}
		for i := 0; i < segs; i++ {
			if rune(s.u16(ends+2*i)) < r {
				continue
			}
			start := rune(s.u16(starts + 2*i))
			if r < start {
				return 0, false
			}
			delta, ro := int(int16(s.u16(deltas+2*i))), int(s.u16(ranges+2*i))
			if ro == 0 {
				gid := (int(r) + delta) & 0xFFFF
				return gid, gid != 0
			}
			at := ranges + 2*i + ro + 2*int(r-start)
			gid := int(s.u16(at))
			if gid == 0 {
				return 0, false
			}
			gid = (gid + delta) & 0xFFFF
			return gid, gid != 0
		}
		return 0, false
	}
}

// reader reads big-endian values; reads past the end give zero.
type reader []byte

func (r reader) u16(at int) uint16 {
	if at < 0 || at+2 > len(r) {
		return 0
	}
	return binary.BigEndian.Uint16(r[at:])
}

func (r reader) u32(at int) uint32 {
	if at < 0 || at+4 > len(r) {
		return 0
	}
	return binary.BigEndian.Uint32(r[at:])
}

func (r reader) tag(at int) string {
	if at < 0 || at+4 > len(r) {
		return ""
	}
	return string(r[at : at+4])
}
