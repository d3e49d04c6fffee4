package text

import (
	"fmt"
	"os"
	"unicode/utf16"
)

// FontFile is a font file a layer names: the family libass knows it by
// and the widths of its characters.
type FontFile struct {
	Family string
	face   *face
}

// LoadFontFile reads the first face of the font file at path (a .ttf, .otf
// or .ttc): its family name, as libass reads it from the font's name table
// to match a style's font name, and its widths.
func LoadFontFile(path string) (*FontFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	tables, err := tableDir(b, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fam := familyName(reader(tables["name"]))
	fc, err := parseFace(b, 0)
	if err != nil || fam == "" {
		return nil, fmt.Errorf("%s: %w", path, errFont)
	}
	return &FontFile{Family: fam, face: fc}, nil
}

// familyName is the font family (name id 1) of a name table: the Windows
// (Unicode) record libass reads, preferring US English; a Macintosh
// (Roman) record when there is no Windows one.
func familyName(n reader) string {
	count, strings := int(n.u16(2)), int(n.u16(4))
	best, rank := "", 0
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		pid, lang, id := n.u16(rec), n.u16(rec+4), n.u16(rec+6)
		length, off := int(n.u16(rec+8)), strings+int(n.u16(rec+10))
		if id != 1 || off+length > len(n) {
			continue
		}
		raw := n[off : off+length]
		switch r := map[bool]int{true: 3, false: 2}[lang == 0x409]; {
		case pid == 3 && r > rank:
			best, rank = utf16BE(raw), r
		case pid == 1 && rank == 0:
			best, rank = string(raw), 1
		}
	}
	return best
}

// utf16BE decodes big-endian UTF-16.
func utf16BE(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}
