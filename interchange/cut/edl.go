package cut

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/interchange/edl"
	"github.com/reel-film/reel/internal/frac"
)

// FromEDL reads an EDL into a cut at fps (zero: the `* FPS:` comment reel
// writes, else a guess from the frame code mode and the highest frame
// number, with a warning). Video events become shots (BL, black, a gap),
// a D event a dissolve from the shot before, a gap in the record a black
// gap; audio-only events are left out.
func FromEDL(l *edl.List, fps frac.Rational) (*Cut, error) {
	c := &Cut{Name: l.Title, File: l.File}
	switch {
	case fps.Num > 0:
	case l.FPS.Num > 0:
		fps = l.FPS
	default:
		fps = guessRate(l)
		c.warnf(0, "", "the EDL does not give its frame rate; reel takes %v fps (FCM and frame numbers up to %d); give it with --fps", fps, l.MaxFrame)
	}
	c.FPS = fps
	for _, n := range l.Skipped {
		c.warnf(n, "", "a statement reel does not read is left out")
	}
	var errs config.Errors
	fail := func(line int, format string, a ...any) {
		errs = append(errs, &config.Error{File: l.File, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	if l.Drop && !edl.CanDrop(fps) {
		fail(0, "FCM: DROP FRAME at %v fps: only 29.97 and 59.94 have drop-frame timecode (give the rate with --fps)", fps)
		return nil, errs
	}
	tc := func(e *edl.Event, t edl.Timecode) int64 {
		f, err := t.Frames(fps)
		if err != nil {
			fail(e.Line, "event %03d: %v", e.Num, err)
		}
		return f
	}
	var cursor int64 = -1
	audio := 0
	for i, e := range l.Events {
		if !e.Video() {
			audio++
			continue
		}
		recIn, recOut := tc(e, e.RecIn), tc(e, e.RecOut)
		srcIn := tc(e, e.SrcIn)
		if len(errs) > 0 {
			continue
		}
		if cursor < 0 {
			cursor = recIn
		}
		if e.Kind == "C" && recOut == recIn && i+1 < len(l.Events) && l.Events[i+1].Num == e.Num {
			continue // the outgoing side of a dissolve
		}
		path := fmt.Sprintf("event %03d", e.Num)
		if recIn < cursor {
			fail(e.Line, "event %03d starts at %s, before the event before it ends: reel reads one picture track (overlapping events are a second track)", e.Num, e.RecIn)
			continue
		}
		if recIn > cursor {
			c.Shots = append(c.Shots, &Shot{Name: "gap", Gap: true, Frames: recIn - cursor, Speed: 1, Line: e.Line, Path: path})
		}
		if recOut <= recIn {
			c.warnf(e.Line, path, "the event lasts no frame and is left out")
			continue
		}
		s := &Shot{Name: e.ClipName, Line: e.Line, Path: path, Frames: recOut - recIn, Speed: 1,
			Start: SourceTime{Value: float64(srcIn), Rate: fps.Float()}}
		switch strings.ToUpper(e.Reel) {
		case "BL", "BLK", "BLACK":
			s.Gap = true
		default:
			s.Media = e.SourceFile
			if s.Media == "" {
				s.Media = e.ClipName
			}
			if s.Media == "" {
				s.Offline = fmt.Sprintf("the event names no clip (reel %s; add a * FROM CLIP NAME: comment)", e.Reel)
			}
			if s.Name == "" {
				s.Name = e.Reel
			}
		}
		if e.Speed != 0 {
			if e.Speed > 0 {
				base, _ := nominalRate(fps)
				s.Speed = e.Speed / float64(base)
			} else {
				c.warnf(e.Line, path, "reverse speed (M2 %v) is left out", e.Speed)
			}
		}
		if e.Kind != "C" {
			if !strings.HasPrefix(e.Kind, "D") {
				c.warnf(e.Line, path, "transition %s is made a dissolve (fade)", e.Kind)
			}
			if n := len(c.Shots); n > 0 && recIn == cursor {
				c.Shots[n-1].Next = &Transition{Out: e.Dur}
			} else {
				c.FadeIn = e.Dur
			}
		}
		c.Shots = append(c.Shots, s)
		cursor = recOut
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if audio > 0 {
		c.warnf(0, "", "%d audio-only events are left out: reel reads the picture of an EDL", audio)
	}
	if len(c.Shots) == 0 {
		return nil, config.Errors{&config.Error{File: l.File, Msg: "no video event: reel needs the picture"}}
	}
	return c, nil
}

// guessRate picks an EDL's rate from its frame code mode and its highest
// frame number.
func guessRate(l *edl.List) frac.Rational {
	switch {
	case l.Drop && l.MaxFrame >= 30:
		return frac.New(60000, 1001)
	case l.Drop:
		return frac.New(30000, 1001)
	case l.MaxFrame >= 30:
		return frac.New(60, 1)
	case l.MaxFrame >= 25:
		return frac.New(30, 1)
	case l.MaxFrame >= 24:
		return frac.New(25, 1)
	}
	return frac.New(24, 1)
}

// ToEDL writes the cut as an EDL, drop-frame when drop is set (29.97 and
// 59.94 only). A transition becomes a dissolve that starts at the cut (the
// cut moves back by its In), gaps black (BL) events.
func ToEDL(c *Cut, drop bool) (*edl.List, error) {
	if drop && !edl.CanDrop(c.FPS) {
		return nil, fmt.Errorf("drop-frame timecode needs 29.97 or 59.94 fps, not %v", c.FPS)
	}
	l := &edl.List{Title: c.Name, Drop: drop, FPS: c.FPS}
	if l.Title == "" {
		l.Title = "reel"
	}
	rec, err := edl.Timecode{H: 1, Drop: drop}.Frames(c.FPS) // 01:00:00:00
	if err != nil {
		return nil, err
	}
	at := func(f int64) edl.Timecode { return edl.FromFrames(f, c.FPS, drop) }
	num := 0
	var prevOut int64 // the source frame where the shot before stops
	var prev *edl.Event
	for i, s := range c.Shots {
		var in int64 // frames the transition before takes from before the cut
		var tr *Transition
		if i > 0 {
			tr = c.Shots[i-1].Next
		}
		if tr != nil {
			in = tr.In
		}
		var out int64
		if s.Next != nil {
			out = s.Next.In
		}
		frames := s.Frames + in - out
		src := int64(math.Round(s.Start.Seconds()*c.FPS.Float())) - int64(math.Round(float64(in)*s.Speed))
		if s.Gap {
			src = 0
		}
		if src < 0 {
			src = 0
		}
		num++
		e := &edl.Event{Num: num, Reel: "AX", Channel: "V", Kind: "C",
			SrcIn: at(src), SrcOut: at(src + int64(math.Round(float64(frames)*s.Speed))), RecIn: at(rec), RecOut: at(rec + frames)}
		if s.Gap {
			e.Reel, e.ClipName = "BL", s.Name
		} else {
			e.ClipName = baseName(s.Media)
			if p := mediaPath(s.Media); p != e.ClipName {
				e.SourceFile = p
			}
			if s.Speed != 1 {
				base, _ := nominalRate(c.FPS)
				e.Speed = s.Speed * float64(base)
			}
		}
		if tr != nil && prev != nil {
			cut := *prev
			cut.Kind, cut.Dur, cut.Speed = "C", 0, 0
			cut.SourceFile = ""
			cut.SrcIn, cut.SrcOut, cut.RecIn, cut.RecOut = at(prevOut), at(prevOut), at(rec), at(rec)
			cut.Num = num
			l.Events = append(l.Events, &cut)
			e.Kind, e.Dur = "D", tr.Frames()
		}
		l.Events = append(l.Events, e)
		prev, prevOut = e, src+int64(math.Round(float64(frames)*s.Speed))
		rec += frames
	}
	return l, nil
}

// mediaPath is the local path of a media URL (the URL itself for http).
func mediaPath(media string) string {
	if strings.HasPrefix(media, "file://") {
		if p := strings.TrimPrefix(media, "file://"); strings.HasPrefix(p, "/") {
			return filepath.FromSlash(p)
		}
	}
	return media
}

// nominalRate is the whole rate a timecode at fps counts in (30 for
// 29.97).
func nominalRate(fps frac.Rational) (int64, bool) {
	if fps.Den == 1001 {
		return (fps.Num + 500) / 1000, true
	}
	return (fps.Num + fps.Den/2) / fps.Den, false
}
