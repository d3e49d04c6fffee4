package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/text"
)

// serif is an installed font file the tests copy and rename.
const serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

// renamedFont writes a copy of serif into dir/fonts whose name table
// calls it "ReelTestSerf" (a family fontconfig does not know), so that
// only the file itself can give libass its glyphs.
func renamedFont(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(serif)
	if err != nil {
		t.Skipf("no %s: %v", serif, err)
	}
	be := func(s string) []byte {
		var out []byte
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u>>8), byte(u))
		}
		return out
	}
	b = bytes.ReplaceAll(b, be("DejaVu Serif"), be("ReelTestSerf"))
	b = bytes.ReplaceAll(b, []byte("DejaVu Serif"), []byte("ReelTestSerf"))
	path := filepath.Join(dir, "fonts", "reel-test.ttf")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTextLayerFontFile draws a layer in a font file of the project whose
// family no installed font has: libass loads it from its directory and
// draws exactly what the installed family with the same outlines draws;
// the default font draws something else.
func TestTextLayerFontFile(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1, Color: "#808080"})
	file := renamedFont(t, dir)
	ff, err := text.LoadFontFile(file)
	if err != nil || ff.Family != "ReelTestSerf" {
		t.Fatalf("LoadFontFile = %+v, %v; want the family ReelTestSerf", ff, err)
	}
	p := renderLayered(t, dir, single, func(p *config.Project) {
		byFamily, byFile, plain := plainLayer(t, "Serif Ag", 0, 3), plainLayer(t, "Serif Ag", 3, 6), plainLayer(t, "Serif Ag", 6, 9)
		byFamily.Font, byFile.FontFile = "DejaVu Serif", file
		p.Layers = []config.Layer{byFamily, byFile, plain}
	})
	fs := fftest.GreyFrames(t, p.Output, 160, 90)
	all := rect{0, 0, 160, 90}
	same, other := diff(fs[1], fs[4], 160, all), diff(fs[1], fs[7], 160, all)
	t.Logf("font file vs family: %.3f; vs the default font: %.3f", same, other)
	if same > 0.05 || other < 0.3 {
		t.Errorf("the font file draws unlike its outlines (%.3f from DejaVu Serif, %.3f from the default)", same, other)
	}
}

// TestTextLayerFontErrors: a family no installed font has, a font file
// that is not a font and one that does not exist are errors at the
// layer's font key, with the closest installed family as a hint; so is an
// unknown style.
func TestTextLayerFontErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notFont := filepath.Join(dir, "notes.ttf")
	if err := os.WriteFile(notFont, []byte("not a font at all, just some text"), 0o644); err != nil {
		t.Fatal(err)
	}
	pos := config.Pos{File: "project.yaml", Line: 7, Path: "layers[0]"}
	tests := []struct {
		name string
		l    config.Layer
		want []string
	}{
		{"a typo", config.Layer{Font: "DejaVu Serf"}, []string{"project.yaml:7: layers[0].font:", `"DejaVu Serf"`, `did you mean "DejaVu Serif"?`}},
		{"another case is the same family", config.Layer{Font: "dejavu serif"}, nil},
		{"a family not installed", config.Layer{Font: "Helvetica Neue Ultra Light"}, []string{"layers[0].font", "families are installed", "fc-list"}},
		{"not a font", config.Layer{FontFile: notFont}, []string{"layers[0].font", "notes.ttf", "TrueType"}},
		{"no such file", config.Layer{FontFile: filepath.Join(dir, "gone.otf")}, []string{"layers[0].font", "gone.otf does not exist"}},
		{"an unknown style", config.Layer{Style: "lower_third"}, []string{"layers[0]", `unknown text style "lower_third"`, `"lower-third"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.l
			l.Kind, l.Text, l.Pos = config.LayerText, "x", pos
			_, err := MeasureLayers(context.Background(), &config.Project{Layers: []config.Layer{l}}, "")
			if tt.want == nil {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestTextLayerMissingGlyphs: characters no installed font has are a
// warning naming them and the layer; CJK, Arabic and emoji are found in
// the fallback fonts and measured there.
func TestTextLayerMissingGlyphs(t *testing.T) {
	t.Parallel()
	pos := config.Pos{File: "project.yaml", Line: 3, Path: "layers[0]"}
	p := &config.Project{Layers: []config.Layer{
		{Kind: config.LayerText, Text: "ok \U0010fffd", Pos: pos},
		{Kind: config.LayerText, Text: "你好 مرحبا 😀", Pos: pos},
	}}
	lf, err := MeasureLayers(context.Background(), p, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(lf.Warnings) != 1 || !strings.Contains(lf.Warnings[0], "project.yaml:3: layers[0]") || !strings.Contains(lf.Warnings[0], "U+10FFFD") {
		t.Errorf("warnings %q, want one naming U+10FFFD at layers[0]", lf.Warnings)
	}
	m := lf.Metrics[text.FontKey(lf.Default, false)]
	for _, r := range "你مo😀" {
		if m == nil || m.Adv[r] <= 0 {
			t.Errorf("%q is not measured in an installed font", r)
		}
	}
}

// TestTextLayerFontsUnlisted: without fc-list the fonts cannot be checked:
// a warning says so and the layers are laid out by estimate; a font file
// is still read.
func TestTextLayerFontsUnlisted(t *testing.T) {
	t.Parallel()
	p := &config.Project{Layers: []config.Layer{{Kind: config.LayerText, Text: "x", Font: "No Such Family"}}}
	lf, err := MeasureLayers(context.Background(), p, filepath.Join(t.TempDir(), "fc-list"))
	if err != nil {
		t.Fatalf("error %v; want a warning", err)
	}
	if len(lf.Warnings) != 1 || !strings.Contains(lf.Warnings[0], "cannot check the text layers' fonts") {
		t.Errorf("warnings %q", lf.Warnings)
	}
}
