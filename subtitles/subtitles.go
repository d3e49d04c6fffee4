// Package subtitles reads SubRip (.srt) and WebVTT (.vtt) caption files
// into cues with exact millisecond times and plain text, and writes cues
// back as either format for a subtitle stream.
//
// Text is kept literal: quotes, braces, percent signs, backslashes and
// every script stay as written. Only the files' own markup is taken out:
// the styling tags SubRip players read (<i>, <b>, <u>, <s>, <font ...> and
// their ends), WebVTT's tags (<i>, <b>, <u>, <c.class>, <v Speaker>,
// <lang xx>, <ruby>, <rt>, <00:00:01.000>) and WebVTT's character
// references (&amp; &lt; &gt; &nbsp; &lrm; &rlm; &#NN; &#xNN;). Anything
// else that looks like markup ("a < b", "<3", "{\an8}") is text.
package subtitles

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Cue is one caption: Text shown over [Start, End).
type Cue struct {
	Start, End time.Duration // whole milliseconds
	Text       string        // plain text; "\n" breaks a line
	Line       int           // the line of its timing line in the file (1-based)
}

// Error is a problem at a line of a caption file.
type Error struct {
	File string
	Line int // 0: the file as a whole
	Msg  string
}

// Error formats as "subs.srt:12: ...".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Formats are the extensions of the caption files reel reads.
var Formats = []string{".srt", ".vtt"}

// MaxTime is the latest time a cue may end at: 24 hours, the longest film.
const MaxTime = 24 * time.Hour

// maxLine is the longest line read (a longer one is an error).
const maxLine = 1 << 20

// Read parses the caption file at path by its extension (.srt or .vtt);
// name is how messages call it.
func Read(path, name string) ([]Cue, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".srt" && ext != ".vtt" {
		return nil, &Error{File: name, Msg: "reel reads captions from SubRip (.srt) or WebVTT (.vtt) files"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
			return nil, &Error{File: name, Msg: "this is a directory, not a caption file"}
		}
		return nil, &Error{File: name, Msg: fmt.Sprintf("cannot read the captions: %v", unwrapPath(err))}
	}
	return Parse(bytes.NewReader(data), name, ext)
}

// unwrapPath drops the path from an *os.PathError (the message names the
// file already).
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Parse reads captions in format ".srt" or ".vtt" from r. A byte order
// mark, CRLF or CR line ends and a missing last blank line are accepted.
// Cues come back in file order; cues may overlap. A cue without text is
// dropped. The first problem is returned as an *Error with its line.
func Parse(r io.Reader, name, format string) ([]Cue, error) {
	lines, err := readLines(r, name)
	if err != nil {
		return nil, err
	}
	p := &parser{name: name, lines: lines}
	switch format {
	case ".srt":
		err = p.srt()
	case ".vtt":
		err = p.vtt()
	default:
		return nil, &Error{File: name, Msg: fmt.Sprintf("unknown caption format %q (expected .srt or .vtt)", format)}
	}
	if err != nil {
		return nil, err
	}
	if len(p.cues) == 0 {
		return nil, &Error{File: name, Msg: "no cues: the file holds no captions"}
	}
	return p.cues, nil
}

// readLines splits r into lines without their ends (LF, CRLF or CR),
// dropping a UTF-8 byte order mark.
func readLines(r io.Reader, name string) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	sc.Split(scanLines)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{File: name, Line: len(lines) + 1, Msg: fmt.Sprintf("reading: %v", err)}
	}
	if len(lines) > 0 {
		lines[0] = strings.TrimPrefix(lines[0], "\uFEFF")
	}
	return lines, nil
}

// scanLines is bufio.ScanLines that also ends a line at a lone CR.
func scanLines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\n' {
			return i + 1, data[:i], nil
		}
		if i+1 < len(data) {
			if data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
		if atEOF {
			return i + 1, data[:i], nil
		}
		return 0, nil, nil // a CR at the end of the buffer: is an LF next?
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// parser holds the state of one parse.
type parser struct {
	name  string
	lines []string
	i     int // the next line (0-based)
	cues  []Cue
}

func (p *parser) errorf(line int, format string, a ...any) error {
	return &Error{File: p.name, Line: line, Msg: fmt.Sprintf(format, a...)}
}

// blank reports whether line is empty or white space.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// block returns the lines up to the next blank line (and skips it), and
// the 1-based number of its first line; nil at the end.
func (p *parser) block() ([]string, int) {
	for p.i < len(p.lines) && blank(p.lines[p.i]) {
		p.i++
	}
	start := p.i
	for p.i < len(p.lines) && !blank(p.lines[p.i]) {
		p.i++
	}
	return p.lines[start:p.i], start + 1
}

// add appends a cue after checking its times. Lines that held only markup
// (blank once it is taken out) are dropped, and a cue without text.
func (p *parser) add(c Cue, text []string) error {
	if c.End <= c.Start {
		return p.errorf(c.Line, "the cue ends at %s, not after it starts (%s): a cue's end comes after its start", clock(c.End), clock(c.Start))
	}
	text = slices.DeleteFunc(text, blank)
	if len(text) == 0 {
		return nil
	}
	c.Text = strings.Join(text, "\n")
	p.cues = append(p.cues, c)
	return nil
}

// clock writes d as hh:mm:ss.mmm for messages.
func clock(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
