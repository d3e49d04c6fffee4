package subtitles

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SRT writes cues as a SubRip file, numbered from 1, times rounded to the
// millisecond, each text guarded (Guard) so that players show it as
// written.
func SRT(cues []Cue) string {
	var b strings.Builder
	for k, c := range cues {
		fmt.Fprintf(&b, "%d\n%s --> %s\n%s\n\n", k+1, stampText(c.Start, ','), stampText(c.End, ','), Guard(c.Text))
	}
	return b.String()
}

// VTT writes cues as a WebVTT file, times rounded to the millisecond, text
// with &, < and > as character references.
func VTT(cues []Cue) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	for _, c := range cues {
		fmt.Fprintf(&b, "\n%s --> %s\n%s\n", stampText(c.Start, '.'), stampText(c.End, '.'), esc.Replace(c.Text))
	}
	return b.String()
}

// stampText writes d as hh:mm:ss<sep>mmm, rounded to the millisecond.
func stampText(d time.Duration, sep byte) string {
	ms := d.Round(time.Millisecond).Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d%c%03d", ms/3600000, ms/60000%60, ms/1000%60, sep, ms%1000)
}

// Joiner is U+2060 WORD JOINER: invisible, it keeps Guard's pairs apart.
const Joiner = "\u2060"

// Guard keeps SubRip text from being read as markup by the players and
// converters that read SubRip through ASS (FFmpeg, and with it the
// mov_text of MP4; VLC, mpv): it puts an invisible word joiner (U+2060)
// inside a backslash before n or N (a line break in ASS), between "{" and
// a backslash (an ASS override block), after a "<" that starts a SubRip
// tag (<i>), and inside "-->" (which would start a new cue). All other text is left as it is, so removing the
// joiners gives the text back.
func Guard(s string) string {
	s = strings.ReplaceAll(s, "-->", "--"+Joiner+">")
	if !strings.ContainsAny(s, `\<`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i > 0 && s[i-1] == '{' {
			b.WriteString(Joiner)
		}
		b.WriteByte(c)
		if i+1 < len(s) && (c == '\\' && (s[i+1] == 'n' || s[i+1] == 'N') || c == '<' && isTagStart(s[i+1:])) {
			b.WriteString(Joiner)
		}
	}
	return b.String()
}

// isTagStart reports whether s, just after a "<", starts a SubRip tag that
// FFmpeg reads: a tag name or its end.
func isTagStart(s string) bool {
	s = strings.TrimPrefix(s, "/")
	for _, t := range srtTags {
		if len(s) >= len(t) && strings.EqualFold(s[:len(t)], t) {
			return true
		}
	}
	return false
}

// Window returns the cues that show inside [from, to), cut to it and
// timed from from (a rendition of part of the film).
func Window(cues []Cue, from, to time.Duration) []Cue {
	var out []Cue
	for _, c := range cues {
		s, e := max(c.Start, from), min(c.End, to)
		if s.Round(time.Millisecond) >= e.Round(time.Millisecond) {
			continue
		}
		c.Start, c.End = s-from, e-from
		out = append(out, c)
	}
	return out
}

// Flatten returns cues that never overlap, for streams that show one cue
// at a time (mov_text): time is cut at every cue's start and end, and each
// piece shows the texts of the cues over it, in file order, one under the
// other. Neighbouring pieces with the same text are one cue.
func Flatten(cues []Cue) []Cue {
	var cuts []time.Duration
	for _, c := range cues {
		cuts = append(cuts, c.Start, c.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []Cue
	for k := 0; k+1 < len(cuts); k++ {
		from, to := cuts[k], cuts[k+1]
		var texts []string
		line := 0
		for _, c := range cues {
			if c.Start <= from && c.End >= to {
				texts = append(texts, c.Text)
				if line == 0 {
					line = c.Line
				}
			}
		}
		if len(texts) == 0 {
			continue
		}
		text := strings.Join(texts, "\n")
		if n := len(out); n > 0 && out[n-1].End == from && out[n-1].Text == text {
			out[n-1].End = to
			continue
		}
		out = append(out, Cue{Start: from, End: to, Text: text, Line: line})
	}
	return out
}
