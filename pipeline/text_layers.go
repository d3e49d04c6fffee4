package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/pipeline/text"
)

// textLayers lists every text layer of p: the scenes', the film's, and the
// burned captions (drawn as layers of their style).
func textLayers(p *config.Project) []*config.Layer {
	var out []*config.Layer
	add := func(ls []config.Layer) {
		for i := range ls {
			if ls[i].Kind == config.LayerText {
				out = append(out, &ls[i])
			}
		}
	}
	for i := range p.Scenes {
		add(p.Scenes[i].Layers)
	}
	add(p.Layers)
	if c := p.Captions; c != nil && c.Burn {
		style := c.Style
		if style == "" {
			style = config.DefaultCaptionStyle
		}
		for _, cue := range c.Cues {
			out = append(out, &config.Layer{Kind: config.LayerText, Text: cue.Text, Style: style, Pos: c.Pos})
		}
	}
	return out
}

// MeasureLayers checks and measures the fonts of p's text layers before
// planning: a family that is not installed and a font file libass cannot
// read are errors at the layer's font key; the characters of each layer
// are measured in its font, so that planning wraps them; characters no
// installed font can draw are warnings. It returns nil when p has no text
// layer. With errors it also returns fonts that lay the layers out by
// estimate, so that the caller may plan on and report the plan's problems
// with them. When the fonts cannot be listed (no fc-list), the layers are laid
// out by estimate and a warning says why.
func MeasureLayers(ctx context.Context, p *config.Project, fcList string) (*text.LayerFonts, error) {
	ls := textLayers(p)
	if len(ls) == 0 {
		return nil, nil
	}
	if fcList == "" {
		fcList = "fc-list"
	}
	m := &measuring{lf: &text.LayerFonts{Metrics: map[string]*text.Metrics{}, Files: map[string]string{}},
		runes: map[string][]rune{}, files: map[string]*text.FontFile{}}
	fonts, err := listFonts(ctx, fcList)
	if err != nil {
		m.lf.Warnings = append(m.lf.Warnings, "cannot check the text layers' fonts and characters: "+problem(err))
	} else {
		m.fonts, m.lf.Default = fonts, fonts.Family()
	}
	var errs config.Errors
	for _, l := range ls {
		if err := m.check(l); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		// The layers are laid out by estimate, so that planning can go on
		// and report its own problems in the same round.
		return &text.LayerFonts{Metrics: map[string]*text.Metrics{}, Files: map[string]string{}, Default: m.lf.Default}, errs
	}
	if m.fonts != nil {
		m.measure(ls)
	}
	return m.lf, nil
}

// measuring is the state of MeasureLayers: the fonts found, the
// characters each font draws, the font files read.
type measuring struct {
	lf    *text.LayerFonts
	fonts *text.Fonts // nil when they cannot be listed
	runes map[string][]rune
	files map[string]*text.FontFile
}

// check checks layer l's style and font, and notes its characters under
// its font.
func (m *measuring) check(l *config.Layer) *config.Error {
	if _, ok := text.Presets[l.Style]; !ok {
		return l.Pos.Errorf("unknown text style %q%s; the styles are %s", l.Style,
			suggest.Hint(l.Style, text.StyleNames()), strings.Join(text.StyleNames(), ", "))
	}
	key := text.FontKey(m.lf.Family(l), text.Bold(l))
	switch {
	case l.FontFile != "":
		ff, err := fontFile(l, m.files)
		if err != nil {
			return err
		}
		m.lf.Files[l.FontFile] = ff.Family
		key = "file:" + l.FontFile
	case l.Font != "" && m.fonts != nil && !m.fonts.Has(l.Font):
		return fontPos(l).Errorf("no installed font has the family %q%s", l.Font, familyHint(l.Font, m.fonts))
	}
	m.runes[key] = append(m.runes[key], []rune(l.Text)...)
	return nil
}

// measure measures the characters of each font in it (with the fallback
// fonts), and warns of those no installed font has.
func (m *measuring) measure(ls []*config.Layer) {
	for _, l := range ls {
		family, bold := m.lf.Family(l), text.Bold(l)
		key := text.FontKey(family, bold)
		switch _, done := m.lf.Metrics[key]; {
		case done:
		case l.FontFile != "":
			m.lf.Metrics[key] = m.fonts.MeasureFile(m.files[l.FontFile], m.runes["file:"+l.FontFile])
		default:
			m.lf.Metrics[key] = m.fonts.MeasureFamily(family, bold, m.runes[key])
		}
	}
	for _, l := range ls {
		if miss := text.Missing(l.Text, m.lf.Metrics[text.FontKey(m.lf.Family(l), text.Bold(l))]); miss != "" {
			m.lf.Warnings = append(m.lf.Warnings, l.Pos.Errorf("%s", miss).Error())
		}
	}
}

// fontFile reads the font file layer l names, once per file.
func fontFile(l *config.Layer, files map[string]*text.FontFile) (*text.FontFile, *config.Error) {
	if ff, ok := files[l.FontFile]; ok {
		return ff, nil
	}
	ff, err := text.LoadFontFile(l.FontFile)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, fontPos(l).Errorf("the font file %s does not exist", l.FontFile)
	case err != nil:
		// err names the file first: said once.
		why := strings.TrimPrefix(err.Error(), l.FontFile+": ")
		return nil, fontPos(l).Errorf("cannot use the font file %s: %s (reel reads TrueType and OpenType fonts: .ttf, .otf, .ttc)", l.FontFile, why)
	}
	files[l.FontFile] = ff
	return ff, nil
}

// fontPos is where a layer names its font.
func fontPos(l *config.Layer) config.Pos {
	if l.FontPos.Line > 0 {
		return l.FontPos
	}
	p := l.Pos
	if p.Path != "" {
		p.Path += ".font"
	}
	return p
}

// familyHint names the installed family closest to family.
func familyHint(family string, fonts *text.Fonts) string {
	all := fonts.Families()
	if c := suggest.Closest(family, all); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return fmt.Sprintf(" (%d families are installed, such as %q; `fc-list : family` lists them, or name a font file: font: fonts/MyFont.ttf)", len(all), fonts.Family())
}
