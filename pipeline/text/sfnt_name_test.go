package text

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLoadFontFile reads the family of installed font files from their
// name tables, as libass does; a file cut short or not a font is an
// error, never a panic.
func TestLoadFontFile(t *testing.T) {
	f := fonts(t)
	checked := 0
	for _, fi := range f.faces {
		if fi.index != 0 || filepath.Ext(fi.file) != ".ttf" || checked == 20 {
			continue
		}
		ff, err := LoadFontFile(fi.file)
		if err != nil {
			t.Errorf("%s: %v", fi.file, err)
			continue
		}
		if !f.Has(ff.Family) {
			t.Errorf("%s: family %q, which fontconfig does not know (it says %v)", fi.file, ff.Family, fi.names)
		}
		checked++
	}
	if checked == 0 {
		t.Skip("no installed .ttf font")
	}
	dir := t.TempDir()
	b, _ := os.ReadFile(f.faces[0].file)
	for _, cut := range []int{0, 10, 100, len(b) / 3} {
		p := filepath.Join(dir, "cut.ttf")
		os.WriteFile(p, b[:min(cut, len(b))], 0o644)
		if _, err := LoadFontFile(p); err == nil && cut < 100 {
			t.Errorf("a font cut to %d bytes loads", cut)
		}
	}
}

func TestSplitNames(t *testing.T) {
	got := splitNames(`NanumSquare,나눔스퀘어,A\,B`)
	if len(got) != 3 || got[0] != "NanumSquare" || got[1] != "나눔스퀘어" || got[2] != "A,B" {
		t.Errorf("splitNames = %q", got)
	}
}
