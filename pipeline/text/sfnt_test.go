package text

import (
	"encoding/binary"
	"math"
	"testing"
)

// tinyFont builds a minimal TrueType font: glyphs 1-3 for 'A'-'C' with
// advances 600, 700, 800 in a 1000-unit em, Windows ascent + descent 1200.
func tinyFont() []byte {
	be := binary.BigEndian
	u16 := func(vs ...int) []byte {
		b := make([]byte, 2*len(vs))
		for i, v := range vs {
			be.PutUint16(b[2*i:], uint16(v))
		}
		return b
	}
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	sub := cat(u16(4, 32, 0, 4, 4, 1, 0), u16(0x43, 0xFFFF), u16(0), u16(0x41, 0xFFFF), u16(1-0x41, 1), u16(0, 0))
	cmap := cat(u16(0, 1), u16(3, 1), []byte{0, 0, 0, 12}, sub)
	head := make([]byte, 54)
	be.PutUint16(head[18:], 1000)
	hhea := make([]byte, 36)
	be.PutUint16(hhea[4:], 800)
	be.PutUint16(hhea[6:], uint16(0x10000-200))
	be.PutUint16(hhea[34:], 4)
	hmtx := u16(500, 0, 600, 0, 700, 0, 800, 0)
	os2 := make([]byte, 78)
	be.PutUint16(os2[74:], 900)
	be.PutUint16(os2[76:], 300)
	tables := []struct {
		tag  string
		data []byte
	}{{"OS/2", os2}, {"cmap", cmap}, {"head", head}, {"hhea", hhea}, {"hmtx", hmtx}}
	out := cat([]byte{0, 1, 0, 0}, u16(len(tables), 0, 0, 0))
	off := 12 + 16*len(tables)
	var body []byte
	for _, t := range tables {
		rec := make([]byte, 16)
		copy(rec, t.tag)
		be.PutUint32(rec[8:], uint32(off+len(body)))
		be.PutUint32(rec[12:], uint32(len(t.data)))
		out = append(out, rec...)
		body = append(body, t.data...)
	}
	return append(out, body...)
}

func TestParseFaceTiny(t *testing.T) {
	f, err := parseFace(tinyFont(), 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		r    rune
		want float64
		ok   bool
	}{
		{'A', 600.0 / 1200, true}, // libass sizes a font by its Windows ascent + descent
		{'B', 700.0 / 1200, true},
		{'C', 800.0 / 1200, true},
		{'D', 0, false},
		{'@', 0, false},
		{0x1F600, 0, false},
	}
	for _, tt := range tests {
		got, ok := f.advance(tt.r)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("advance(%q) = %v, %v; want %v, %v", tt.r, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzParseFace: no font file, however damaged, makes the parser panic or
// give a width that is not a finite non-negative number.
func FuzzParseFace(f *testing.F) {
	font := tinyFont()
	f.Add(font)
	f.Add(font[:40])
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x0c"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, idx := range []int{0, 1} {
			fc, err := parseFace(b, idx)
			if err != nil {
				continue
			}
			for _, r := range []rune{'A', 'B', 'C', 'Z', 0x4E2D, 0x1F600} {
				if a, ok := fc.advance(r); ok && (a < 0 || math.IsInf(a, 0) || math.IsNaN(a)) {
					t.Fatalf("advance(%q) = %v", r, a)
				}
			}
		}
	})
}
