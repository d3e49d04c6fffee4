// Package edl reads and writes CMX 3600 edit decision lists: a TITLE, the
// frame code mode (FCM: NON-DROP FRAME or DROP FRAME), and numbered events
// `NNN REEL CHANNEL TRANSITION [DURATION] SRC-IN SRC-OUT REC-IN REC-OUT`,
// where a dissolve is a zero-length cut (C) followed by a D event with its
// length and the same number, M2 lines give a clip's speed (in frames a
// second of the nominal rate: 060.0 is twice as fast at 29.97), and comments
// (`* FROM CLIP NAME:`, `* TO CLIP NAME:`, `* SOURCE FILE:`) name the
// clips. Drop-frame timecode is read and written at 29.97 and 59.94.
package edl

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
)

// List is one EDL.
type List struct {
	Title string
	Drop  bool // FCM: DROP FRAME
	// FPS is the rate reel wrote in a `* FPS:` comment; zero when the
	// file does not say (CMX 3600 has no place for it).
	FPS    frac.Rational
	Events []*Event
	File   string
	// MaxFrame is the highest frame number in any timecode (a hint of the
	// rate when the file does not give it).
	MaxFrame int64
	// Skipped are the lines of other statements (SPLIT:, AUD...), left out.
	Skipped []int
}

// Event is one event line with its comments.
type Event struct {
	Num     int
	Reel    string // AX, BL (black), a tape name
	Channel string // V, A, A2, B (V and A1), AA/V...
	// Kind is C (cut), D (dissolve), Wnnn (a wipe) or K (a key).
	Kind string
	Dur  int64 // a D or W event's transition frames
	// Timecodes: the source's in and out, the record's in and out
	// (exclusive outs).
	SrcIn, SrcOut, RecIn, RecOut Timecode
	ClipName                     string // * FROM CLIP NAME: (the incoming clip's, for a D event: TO CLIP NAME)
	SourceFile                   string // * SOURCE FILE:
	Speed                        float64
	Line                         int
}

// Video says whether the event carries picture.
func (e *Event) Video() bool {
	return strings.Contains(e.Channel, "V") || e.Channel == "B"
}

// Parse reads an EDL; name is the file as the user named it. Problems are
// config.Errors naming the line.
func Parse(data []byte, name string) (*List, error) {
	l := &List{File: name}
	var errs config.Errors
	fail := func(line int, format string, a ...any) {
		errs = append(errs, &config.Error{File: name, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var last *Event
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		switch up := strings.ToUpper(line); {
		case line == "":
		case strings.HasPrefix(up, "TITLE:"):
			l.Title = strings.TrimSpace(line[6:])
		case strings.HasPrefix(up, "FCM:"):
			switch v := strings.TrimSpace(up[4:]); v {
			case "DROP FRAME", "DROP":
				l.Drop = true
			case "NON-DROP FRAME", "NON DROP FRAME", "NON-DROP", "NDF":
				l.Drop = false
			default:
				fail(n, "FCM: %q is not a frame code mode (write NON-DROP FRAME or DROP FRAME)", strings.TrimSpace(line[4:]))
			}
		case strings.HasPrefix(line, "*"):
			c := strings.TrimSpace(line[1:])
			key, val, _ := strings.Cut(c, ":")
			val = strings.TrimSpace(val)
			switch strings.ToUpper(strings.TrimSpace(key)) {
			case "FPS":
				if r, err := frac.Parse(val); err == nil && r.Num > 0 {
					l.FPS = r
				} else {
					fail(n, "* FPS: %q is not a frame rate", val)
				}
			case "FROM CLIP NAME":
				if last != nil && (last.Kind == "C" || last.ClipName == "") {
					last.ClipName = val
				}
			case "TO CLIP NAME":
				if last != nil {
					last.ClipName = val
				}
			case "SOURCE FILE":
				if last != nil {
					last.SourceFile = val
				}
			}
		case strings.HasPrefix(up, "M2"):
			f := strings.Fields(line)
			if len(f) < 4 || last == nil {
				fail(n, "an M2 (speed) line needs a reel, a rate and a timecode, after its event")
				continue
			}
			v, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				fail(n, "M2: %q is not a rate", f[2])
				continue
			}
			last.Speed = v // in frames a second: made a factor once the rate is known
		case line[0] < '0' || line[0] > '9':
			// SPLIT:, AUD, FINAL RECORD DURATION: and the like
			l.Skipped = append(l.Skipped, n)
		default:
			e, err := parseEvent(line, n)
			if err != nil {
				fail(n, "%v", err)
				continue
			}
			for _, tc := range []Timecode{e.SrcIn, e.SrcOut, e.RecIn, e.RecOut} {
				l.MaxFrame = max(l.MaxFrame, tc.F)
			}
			l.Events = append(l.Events, e)
			last = e
		}
	}
	if err := sc.Err(); err != nil {
		fail(n+1, "%v", err)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(l.Events) == 0 {
		return nil, config.Errors{&config.Error{File: name, Msg: "no events: an EDL lists events such as `001  AX  V  C  00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00`"}}
	}
	return l, nil
}

// parseEvent reads one event line.
func parseEvent(line string, n int) (*Event, error) {
	f := strings.Fields(line)
	if len(f) < 8 {
		return nil, fmt.Errorf("%q is not an event (NNN REEL CHANNEL C|D|Wnnn [DURATION] SRC-IN SRC-OUT REC-IN REC-OUT)", line)
	}
	num, err := strconv.Atoi(f[0])
	if err != nil {
		return nil, fmt.Errorf("%q is not an event: it starts with %q, not an event number", line, f[0])
	}
	e := &Event{Num: num, Reel: f[1], Channel: strings.ToUpper(f[2]), Kind: strings.ToUpper(f[3]), Line: n}
	rest := f[4:]
	if e.Kind != "C" {
		if len(rest) != 5 {
			return nil, fmt.Errorf("event %03d: a %s event has a duration and four timecodes", num, e.Kind)
		}
		d, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("event %03d: %q is not a transition duration in frames", num, rest[0])
		}
		e.Dur, rest = d, rest[1:]
	}
	if len(rest) != 4 {
		return nil, fmt.Errorf("event %03d: expected four timecodes, found %d fields", num, len(rest))
	}
	for i, p := range []*Timecode{&e.SrcIn, &e.SrcOut, &e.RecIn, &e.RecOut} {
		tc, err := ParseTimecode(rest[i])
		if err != nil {
			return nil, fmt.Errorf("event %03d: %v", num, err)
		}
		*p = tc
	}
	return e, nil
}

// Write writes the list as CMX 3600 text: the title, the frame code mode,
// reel's `* FPS:` comment, then each event with its comments.
func Write(l *List) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "TITLE: %s\n", l.Title)
	if l.Drop {
		b.WriteString("FCM: DROP FRAME\n")
	} else {
		b.WriteString("FCM: NON-DROP FRAME\n")
	}
	if l.FPS.Num > 0 {
		fmt.Fprintf(&b, "* FPS: %v\n", l.FPS)
	}
	for i, e := range l.Events {
		if i == 0 || e.Num != l.Events[i-1].Num {
			b.WriteByte('\n')
		}
		dur := "   "
		if e.Kind != "C" {
			dur = fmt.Sprintf("%03d", e.Dur)
		}
		fmt.Fprintf(&b, "%03d  %-8s %-5s %-4s %s %s %s %s %s\n", e.Num, e.Reel, e.Channel, e.Kind, dur, e.SrcIn, e.SrcOut, e.RecIn, e.RecOut)
		if e.Speed != 0 {
			fmt.Fprintf(&b, "M2   %-8s %05.1f                %s\n", e.Reel, e.Speed, e.SrcIn)
		}
		switch {
		case e.Kind == "C" && i+1 < len(l.Events) && l.Events[i+1].Num == e.Num:
			fmt.Fprintf(&b, "* FROM CLIP NAME: %s\n", e.ClipName)
		case e.Kind != "C" && i > 0 && l.Events[i-1].Num == e.Num:
			fmt.Fprintf(&b, "* TO CLIP NAME: %s\n", e.ClipName)
		case e.ClipName != "":
			fmt.Fprintf(&b, "* FROM CLIP NAME: %s\n", e.ClipName)
		}
		if e.SourceFile != "" {
			fmt.Fprintf(&b, "* SOURCE FILE: %s\n", e.SourceFile)
		}
	}
	return b.Bytes()
}
