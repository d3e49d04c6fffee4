package subtitles

import (
	"strings"
	"time"
)

// srt parses SubRip: blocks of an index (optional here), a timing line
// (hh:mm:ss,mmm --> hh:mm:ss,mmm, coordinates after it ignored) and the
// text lines, separated by blank lines.
func (p *parser) srt() error {
	for {
		b, line := p.block()
		if len(b) == 0 {
			return nil
		}
		if digits(strings.TrimSpace(b[0])) && len(b) > 1 {
			b, line = b[1:], line+1
		}
		start, end, _, problem := timing(b[0], srtStamp)
		if problem != "" {
			if !strings.Contains(b[0], "-->") && line > 1 {
				problem += " (is a blank line missing before it, or one too many inside the cue above?)"
			}
			return p.errorf(line, "%s", problem)
		}
		if err := p.runOn(b, line, srtStamp); err != nil {
			return err
		}
		text := make([]string, 0, len(b)-1)
		for _, t := range b[1:] {
			text = append(text, stripTags(t, srtTags, false))
		}
		if err := p.add(Cue{Start: start, End: end, Line: line}, text); err != nil {
			return err
		}
	}
}

// runOn reports a timing line among a cue's text lines (b[1:], the cue's
// timing line at line): the next cue runs on into this one, a blank line
// missing between them.
func (p *parser) runOn(b []string, line int, stamp func(string) (time.Duration, string)) error {
	for k, t := range b[1:] {
		if _, _, _, problem := timing(t, stamp); problem == "" {
			return p.errorf(line+1+k, "a timing line inside the cue of line %d: a blank line is missing before this cue", line)
		}
	}
	return nil
}
