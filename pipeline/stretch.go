package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
)

// hasRubberband reports whether the engine's FFmpeg has the rubberband
// filter (librubberband), when film has a clip at another speed than 1
// (asked once per engine and remembered like the transitions). Sound at
// another speed keeps its pitch with it, else with atempo, whose stretched
// onsets come up to 54 ms early at half speed (rubberband's 16 ms).
func (e *Engine) hasRubberband(ctx context.Context, dirs CacheDirs, film *config.Project) (bool, error) {
	if !hasSpeed(film) {
		return false, nil
	}
	e.mu.Lock()
	known := e.stretch
	e.mu.Unlock()
	if known != nil {
		return *known, nil
	}
	var has bool
	err := rememberFFmpeg(e.tools.FFmpeg, dirs, "has-rubberband-filter", &has, func() (any, error) {
		var out bytes.Buffer
		if _, err := ffmpeg.Run(ctx, e.tools.FFmpeg, []string{"-hide_banner", "-h", "filter=rubberband"}, ffmpeg.RunOptions{Stdout: &out}); err != nil {
			return nil, fmt.Errorf("asking FFmpeg for its rubberband filter: %w", err)
		}
		return strings.HasPrefix(out.String(), "Filter rubberband"), nil
	})
	if err != nil {
		return false, err
	}
	e.mu.Lock()
	e.stretch = &has
	e.mu.Unlock()
	return has, nil
}

// hasSpeed reports whether a scene of p plays at another speed than 1.
func hasSpeed(p *config.Project) bool {
	for _, s := range p.Scenes {
		if s.Speed != 1 && s.Speed != 0 {
			return true
		}
	}
	return false
}
