package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/text"
)

// fontList remembers the installed fonts for the life of the process: they
// are listed once, when the first project with a card is prepared.
var fontList struct {
	sync.Mutex
	bin   string
	fonts *text.Fonts
}

// MeasureText measures the characters of every placeholder card of p in the
// installed fonts, so that planning can wrap the cards and warn about
// characters no font can draw. It returns nil when p has no card. When the
// fonts cannot be listed (no fc-list), the metrics say why and the cards are
// laid out by estimate.
func MeasureText(ctx context.Context, p *config.Project, fcList string) *text.Metrics {
	var rs []rune
	for _, s := range p.Scenes {
		if s.Placeholder != nil {
			rs = append(rs, []rune(s.Placeholder.Text+s.ID)...)
		}
	}
	if len(rs) == 0 {
		return nil
	}
	if fcList == "" {
		fcList = "fc-list"
	}
	fonts, err := listFonts(ctx, fcList)
	if err != nil {
		return &text.Metrics{Problem: problem(err)}
	}
	return fonts.Measure(rs)
}

// listFonts lists the fonts once per process and fc-list program.
func listFonts(ctx context.Context, bin string) (*text.Fonts, error) {
	fontList.Lock()
	defer fontList.Unlock()
	if fontList.fonts != nil && fontList.bin == bin {
		return fontList.fonts, nil
	}
	f, err := text.LoadFonts(ctx, bin)
	if err != nil {
		return nil, err
	}
	fontList.bin, fontList.fonts = bin, f
	return f, nil
}

// problem says why the fonts could not be listed, with the fix.
func problem(err error) string {
	if errors.Is(err, ffmpeg.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		return "fc-list (fontconfig) is not installed (scripts/ensure-ffmpeg.sh installs it)"
	}
	return err.Error()
}

// hasCards reports whether any scene of p is a placeholder card.
func hasCards(p *config.Project) bool {
	for _, s := range p.Scenes {
		if s.Placeholder != nil {
			return true
		}
	}
	return false
}

// checkLibass makes sure the engine's FFmpeg has the ass filter (libass)
// that draws the cards' text, when film has cards, so that validation says
// so instead of the first render job (asked once per engine and remembered
// like the transitions, see rememberFFmpeg).
func (e *Engine) checkLibass(ctx context.Context, dirs CacheDirs, film *config.Project) error {
	if !hasCards(film) && len(textLayers(film)) == 0 {
		return nil
	}
	e.mu.Lock()
	known := e.libass
	e.mu.Unlock()
	if known == nil {
		var has bool
		err := rememberFFmpeg(e.tools.FFmpeg, dirs, "has-ass-filter", &has, func() (any, error) {
			var out bytes.Buffer
			if _, err := ffmpeg.Run(ctx, e.tools.FFmpeg, []string{"-hide_banner", "-h", "filter=ass"}, ffmpeg.RunOptions{Stdout: &out}); err != nil {
				return nil, fmt.Errorf("asking FFmpeg for its ass filter: %w", err)
			}
			return strings.HasPrefix(out.String(), "Filter ass"), nil
		})
		if err != nil {
			return err
		}
		e.mu.Lock()
		e.libass = &has
		e.mu.Unlock()
		known = &has
	}
	if !*known {
		return fmt.Errorf("placeholder cards and text layers draw their text with FFmpeg's ass filter (libass), which %s lacks: "+
			"install an FFmpeg built with --enable-libass (Debian's and Ubuntu's are), or point reel at one with REEL_FFMPEG", e.tools.FFmpeg)
	}
	return nil
}
