package subtitles

import "strings"

// vtt parses WebVTT: the WEBVTT header, then blocks separated by blank
// lines: NOTE, STYLE and REGION blocks (skipped), and cues (an optional
// identifier, a timing line with optional cue settings, the text).
func (p *parser) vtt() error {
	if len(p.lines) == 0 || !vttHeader(p.lines[0]) {
		return p.errorf(1, `a WebVTT file starts with the line "WEBVTT"`)
	}
	if h, _ := p.block(); len(h) > 1 { // the header and its metadata lines
		for k, l := range h[1:] {
			if strings.Contains(l, "-->") {
				return p.errorf(k+2, "a blank line is needed between the WEBVTT header and the first cue")
			}
		}
	}
	for {
		b, line := p.block()
		if len(b) == 0 {
			return nil
		}
		if first := strings.Fields(b[0]); len(first) > 0 && !strings.Contains(b[0], "-->") {
			switch first[0] {
			case "NOTE", "STYLE", "REGION":
				continue
			}
		}
		if !strings.Contains(b[0], "-->") && len(b) > 1 {
			b, line = b[1:], line+1 // the cue's identifier
		}
		start, end, _, problem := timing(b[0], vttStamp)
		if problem != "" {
			return p.errorf(line, "%s", problem)
		}
		if err := p.runOn(b, line, vttStamp); err != nil {
			return err
		}
		text := make([]string, 0, len(b)-1)
		for _, t := range b[1:] {
			text = append(text, decodeEntities(stripTags(t, vttTags, true)))
		}
		if err := p.add(Cue{Start: start, End: end, Line: line}, text); err != nil {
			return err
		}
	}
}

// vttHeader reports whether line is a WebVTT signature: WEBVTT alone or
// followed by a space or a tab and anything.
func vttHeader(line string) bool {
	rest, ok := strings.CutPrefix(line, "WEBVTT")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}
