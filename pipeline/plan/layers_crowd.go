package plan

import (
	"fmt"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/text"
	"github.com/reel-film/reel/pipeline/timeline"
)

// crowdedText warns about text layers drawn at the same place at the same
// time (both in the frame's centre, say: a title and an unstyled text), the
// later over the earlier: the earlier is hidden behind it. Each pair is
// said once, at the later layer. Burned captions are left out: their
// overlapping cues are joined into one caption.
func crowdedText(ls []layer, tl timeline.Timeline) config.Errors {
	var warns config.Errors
	for j, b := range ls {
		if !plainText(b) {
			continue
		}
		for _, a := range ls[:j] {
			if !plainText(a) || a.to <= b.from || b.to <= a.from || !samePlace(where(a.cfg), where(b.cfg)) {
				continue
			}
			from, to := max(a.from, b.from), min(a.to, b.to)
			warns = append(warns, b.cfg.Pos.Errorf("this text is drawn over %s (line %d) at the same place (%s) from %.3fs to %.3fs, hiding it: give one of them another position",
				a.cfg.Pos.Path, a.cfg.Pos.Line, placeName(where(b.cfg)), tl.Seconds(from), tl.Seconds(to)))
			break
		}
	}
	return warns
}

// plainText reports whether l is a text layer the user wrote (not a burned
// caption).
func plainText(l layer) bool {
	return l.cfg.Kind == config.LayerText && !strings.HasPrefix(l.cfg.Pos.Path, "captions")
}

// where is a text layer's position: its own, or its style's.
func where(l *config.Layer) config.Position {
	if l.Position.Named != "" || l.Position.X != nil {
		return l.Position
	}
	return text.Presets[l.Style].Position
}

// samePlace reports whether two positions are the same named place or the
// same point.
func samePlace(a, b config.Position) bool {
	if a.Named != "" || b.Named != "" {
		return a.Named == b.Named
	}
	return a.X != nil && b.X != nil && a.Y != nil && b.Y != nil && *a.X == *b.X && *a.Y == *b.Y
}

// placeName names a position for messages.
func placeName(p config.Position) string {
	if p.Named != "" {
		return p.Named
	}
	unit := func(l *config.Length) string {
		if l.Percent {
			return fmt.Sprintf("%g%%", l.Value)
		}
		return fmt.Sprintf("%gpx", l.Value)
	}
	return fmt.Sprintf("x %s, y %s", unit(p.X), unit(p.Y))
}
