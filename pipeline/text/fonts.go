package text

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// CardFonts are the families a card prefers, best first; the first one
// installed is the card's font. fonts-dejavu-core has the first.
var CardFonts = []string{"DejaVu Sans", "Noto Sans", "Liberation Sans", "FreeSans"}

// Fonts is what fontconfig offers libass: every outline font (libass skips
// bitmap-only fonts such as colour emoji) with the characters it covers.
type Fonts struct {
	faces   []fontInfo
	primary int // index in faces of the card font; -1 when none is installed

	mu     sync.Mutex
	loaded map[int]*face // parsed faces by index in faces (nil: unreadable)
}

// fontInfo is one face as fc-list describes it.
type fontInfo struct {
	file    string
	index   int
	family  string
	style   string
	charset []span
	names   []string // every family name fontconfig knows it by
}

// span is an inclusive range of characters.
type span struct{ lo, hi rune }

// fcFormat asks fc-list for one line per face: file, index, family, style,
// charset (space-separated hex ranges), every family name (comma-separated).
const fcFormat = `%{file}\t%{index}\t%{family[0]}\t%{style[0]}\t%{charset}\t%{family}\n`

// LoadFonts lists the installed outline fonts with fc-list (run through the
// one process runner, never a shell).
func LoadFonts(ctx context.Context, fcList string) (*Fonts, error) {
	var out bytes.Buffer
	if _, err := ffmpeg.Run(ctx, fcList, []string{":outline=true", "--format", fcFormat}, ffmpeg.RunOptions{Stdout: &out, Literal: true}); err != nil {
		return nil, fmt.Errorf("listing fonts: %w", err)
	}
	return parseFonts(out.String()), nil
}

// parseFonts reads fc-list's lines in fcFormat; malformed lines are skipped.
// Faces are sorted by file and index, so the result does not depend on
// fontconfig's order.
func parseFonts(list string) *Fonts {
	f := &Fonts{primary: -1, loaded: map[int]*face{}}
	for _, line := range strings.Split(list, "\n") {
		parts := strings.Split(line, "\t")
		if len(parts) < 5 || len(parts) > 6 || parts[0] == "" {
			continue
		}
		idx, err := strconv.Atoi(parts[1])
		if err != nil {
			continue
		}
		fi := fontInfo{file: parts[0], index: idx, family: parts[2], style: parts[3], charset: parseCharset(parts[4]), names: []string{parts[2]}}
		if len(parts) == 6 {
			fi.names = append(fi.names, splitNames(parts[5])...)
		}
		f.faces = append(f.faces, fi)
	}
	sort.Slice(f.faces, func(i, j int) bool {
		a, b := f.faces[i], f.faces[j]
		if a.file != b.file {
			return a.file < b.file
		}
		return a.index < b.index
	})
	for _, fam := range CardFonts {
		if f.primary = f.find(fam); f.primary >= 0 {
			break
		}
	}
	return f
}

// find returns the regular face of family, or -1.
func (f *Fonts) find(family string) int {
	best := -1
	for i, fi := range f.faces {
		if !strings.EqualFold(fi.family, family) {
			continue
		}
		if regular(fi.style) {
			return i
		}
		if best < 0 {
			best = i
		}
	}
	return best
}

// regular reports whether a style names the upright, normal-weight face.
func regular(style string) bool {
	s := strings.ToLower(style)
	return s == "regular" || s == "book" || s == "normal" || s == "roman"
}

// Family is the font family the cards use ("" when no outline font is
// installed: libass then takes fontconfig's default).
func (f *Fonts) Family() string {
	if f == nil || f.primary < 0 {
		return ""
	}
	return f.faces[f.primary].family
}

// parseCharset reads fontconfig's charset text: "20-7e a0 ...".
func parseCharset(s string) []span {
	var out []span
	for _, field := range strings.Fields(s) {
		lo, hi, ok := strings.Cut(field, "-")
		a, err := strconv.ParseUint(lo, 16, 32)
		if err != nil {
			continue
		}
		b := a
		if ok {
			if b, err = strconv.ParseUint(hi, 16, 32); err != nil || b < a {
				continue
			}
		}
		out = append(out, span{rune(a), rune(b)})
	}
	return out
}

// covers reports whether a face has a glyph for r.
func (fi fontInfo) covers(r rune) bool {
	i := sort.Search(len(fi.charset), func(i int) bool { return fi.charset[i].hi >= r })
	return i < len(fi.charset) && fi.charset[i].lo <= r
}

// face parses face i once; nil when it cannot be read.
func (f *Fonts) face(i int) *face {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fc, ok := f.loaded[i]; ok {
		return fc
	}
	fc, err := loadFace(f.faces[i].file, f.faces[i].index)
	if err != nil {
		fc = nil
	}
	f.loaded[i] = fc
	return fc
}

// maxFallbacks bounds how many fonts are read to measure one character that
// the card font lacks.
const maxFallbacks = 4

// Measure returns the widths of the characters rs for the card font, and
// which of them no installed font can draw. A character the card font lacks
// is measured in the fonts that have it (the widest of a few), since
// libass falls back to one of them through fontconfig.
func (f *Fonts) Measure(rs []rune) *Metrics {
	if f.primary < 0 {
		return f.measure(f.Family(), nil, nil, rs)
	}
	return f.measure(f.Family(), f.face(f.primary), f.faces[f.primary].covers, rs)
}

// fallback measures r in the fonts that cover it, preferring regular faces.
// ok is false when no installed font covers r; a covering font that cannot be
// read is measured by estimate.
func (f *Fonts) fallback(r rune) (float64, bool) {
	var cands []int
	for i, fi := range f.faces {
		if fi.covers(r) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return 0, false
	}
	sort.SliceStable(cands, func(a, b int) bool { return regular(f.faces[cands[a]].style) && !regular(f.faces[cands[b]].style) })
	widest, measured := 0.0, false
	for _, i := range cands[:min(len(cands), maxFallbacks)] {
		if fc := f.face(i); fc != nil {
			if a, ok := fc.advance(r); ok {
				widest, measured = max(widest, a), true
			}
		}
	}
	if !measured {
		return estimate(r), true
	}
	return widest, true
}
