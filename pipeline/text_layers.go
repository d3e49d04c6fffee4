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
			style = "caption"
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
// layer. When the fonts cannot be listed (no fc-list), the layers are laid
// out by estimate and a warning says why.
func MeasureLayers(ctx context.Context, p *config.Project, fcList string) (*text.LayerFonts, error) {
	ls := textLayers(p)
	if len(ls) == 0 {
		return nil, nil
	}
	if fcList == "" {
		fcList = "fc-list"
	}
	lf := &text.LayerFonts{Metrics: map[string]*text.Metrics{}, Files: map[string]string{}}
	fonts, err := listFonts(ctx, fcList)
	if err != nil {
		lf.Warnings = append(lf.Warnings, "cannot check the text layers' fonts and characters: "+problem(err))
	}
	if fonts != nil {
		lf.Default = fonts.Family()
	}
	var errs config.Errors
	runes := map[string][]rune{}
	files := map[string]*text.FontFile{}
	for _, l := range ls {
		if _, ok := text.Presets[l.Style]; !ok {
			errs = append(errs, l.Pos.Errorf("unknown text style %q%s; the styles are %s", l.Style,
				suggest.Hint(l.Style, text.StyleNames()), strings.Join(text.StyleNames(), ", ")))
			continue
		}
		key := text.FontKey(lf.Family(l), text.Bold(l))
		if l.FontFile != "" {
			ff, err := fontFile(l, files)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			lf.Files[l.FontFile] = ff.Family
			key = "file:" + l.FontFile
		} else if l.Font != "" && fonts != nil && !fonts.Has(l.Font) {
			errs = append(errs, fontPos(l).Errorf("no installed font has the family %q%s", l.Font, familyHint(l.Font, fonts)))
			continue
		}
		runes[key] = append(runes[key], []rune(l.Text)...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if fonts == nil {
		return lf, nil
	}
	for _, l := range ls {
		family, bold := lf.Family(l), text.Bold(l)
		key := text.FontKey(family, bold)
		if _, done := lf.Metrics[key]; done {
			continue
		}
		if l.FontFile != "" {
			lf.Metrics[key] = fonts.MeasureFile(files[l.FontFile], runes["file:"+l.FontFile])
		} else {
			lf.Metrics[key] = fonts.MeasureFamily(family, bold, runes[key])
		}
	}
	for _, l := range ls {
		if miss := text.Missing(l.Text, lf.Metrics[text.FontKey(lf.Family(l), text.Bold(l))]); miss != "" {
			lf.Warnings = append(lf.Warnings, l.Pos.Errorf("%s", miss).Error())
		}
	}
	return lf, nil
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
		return nil, fontPos(l).Errorf("cannot use the font file %s: %v (reel reads TrueType and OpenType fonts: .ttf, .otf, .ttc)", l.FontFile, err)
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
