// Package cut is the edit that OpenTimelineIO and EDL files describe, as
// reel sees it: one picture track of shots (clips and gaps) joined by cuts
// and transitions, sounds placed on the timeline, and what reel itself
// wrote into the file's metadata. Files are read into a Cut (FromOTIO,
// FromEDL) and a Cut becomes a reel project (Project); reel's own film
// becomes a Cut (package export) that is written as either format (OTIO,
// EDL).
package cut

import (
	"fmt"
	"math"

	"github.com/reel-film/reel/internal/frac"
)

// Cut is one edit on the film's frame grid.
type Cut struct {
	Name  string
	File  string        // the file as the user named it (messages)
	FPS   frac.Rational // the timeline's rate: every frame count below is at it
	Shots []*Shot       // the picture, in order
	// Sounds are audio clips placed on the timeline (an editor's music or
	// voice-over).
	Sounds []*Sound
	// FadeIn and FadeOut are the frames of a transition from or to
	// nothing at the start or the end of the picture track.
	FadeIn, FadeOut int64
	// Markers are notes on the timeline: reel's layers and captions.
	Markers []Marker
	// Project holds the top-level keys of the reel project the file was
	// exported from (all but scenes); nil for a foreign file.
	Project map[string]any
	// ProjectDir is where that project was, which its relative paths
	// (layers, captions, audio, looks) count from: absolute, or relative
	// to the cut file's directory.
	ProjectDir string
	// Warnings are what the reading left out or guessed.
	Warnings []Warning
}

// Warning is something a reading left out or guessed, at its place in the
// file.
type Warning struct {
	File string
	Line int
	Path string
	Msg  string
}

// String writes the warning as reel writes problems: file:line: path: message.
func (w Warning) String() string {
	s := w.File
	if w.Line > 0 {
		s += fmt.Sprintf(":%d", w.Line)
	}
	if w.Path != "" {
		s += ": " + w.Path
	}
	return s + ": " + w.Msg
}

// Shot is one item of the picture track.
type Shot struct {
	Name string
	Line int    // where it is written, for messages
	Path string // its place in the file (tracks.children[0].children[3], event 004)
	// Gap is a gap: a black card, or the card reel exported there.
	Gap bool
	// Media is the clip's file as the file names it (a URL or a path);
	// "" with Offline saying why there is none (a missing reference, a
	// generator).
	Media   string
	Offline string
	// Start is where the shot starts in its media, in Rate units.
	Start SourceTime
	// Frames is its length on the timeline.
	Frames int64
	// Speed is its playback speed (1 unless a time warp says otherwise).
	Speed float64
	// Next is the transition into the next shot; nil for a cut.
	Next *Transition
	// Scene is the reel scene this shot was exported from (its keys as
	// written); nil for a foreign file. Unchanged says that the shot's
	// media, range and transition are those exported: the scene is then
	// taken as written.
	Scene     map[string]any
	Unchanged bool
	// Available is the length of the shot's media, in Start's units
	// (zero: unknown).
	Available float64
	recNext   int64 // the frames of the transition after it, as exported
	// Markers are its markers' names, for the record.
	Markers []string
}

// SourceTime is a time in a clip's media: Value frames at Rate frames a
// second.
type SourceTime struct {
	Value float64
	Rate  float64
}

// Seconds returns t in seconds.
func (t SourceTime) Seconds() float64 {
	if t.Rate == 0 {
		return 0
	}
	return t.Value / t.Rate
}

// Transition is a transition between two shots, as OpenTimelineIO counts
// it: it starts In frames before the cut and ends Out frames after it, so
// the shot after plays In frames from before its range (its head handle)
// and the shot before Out frames past its range (its tail handle).
type Transition struct {
	In, Out int64
	Type    string // a reel transition name; "" for the default dissolve (fade)
	// Value is the reel transition as exported (its `transition:` value);
	// nil for a foreign file.
	Value any
}

// Frames returns the transition's length.
func (t *Transition) Frames() int64 { return t.In + t.Out }

// Sound is an audio clip on the timeline.
type Sound struct {
	Name    string
	Line    int
	Path    string
	Media   string
	Offline string
	Start   SourceTime
	At      int64 // its first frame on the timeline
	Frames  int64
}

// Marker is a named span of the timeline.
type Marker struct {
	Name    string
	Comment string
	Color   string // OTIO's marker colours: RED, GREEN, PURPLE, YELLOW...
	At      int64
	Frames  int64
}

// Frames returns the length of the picture track.
func (c *Cut) Frames() int64 {
	var n int64
	for _, s := range c.Shots {
		n += s.Frames
	}
	return n
}

// warnf adds a warning at line and path of the file.
func (c *Cut) warnf(line int, path, format string, a ...any) {
	c.Warnings = append(c.Warnings, Warning{File: c.File, Line: line, Path: path, Msg: fmt.Sprintf(format, a...)})
}

// Rate returns the exact rational of a frame rate written as a float:
// 23.976 and 23.976023976... are 24000/1001, 29.97 is 30000/1001, and so
// on; a whole rate is itself. ok is false for a rate that is not positive.
func Rate(f float64) (frac.Rational, bool) {
	if !(f > 0) || math.IsInf(f, 0) || f > 1000 {
		return frac.Rational{}, false
	}
	if f == math.Trunc(f) {
		return frac.New(int64(f), 1), true
	}
	for _, n := range []int64{24, 30, 48, 60, 120, 240} {
		ntsc := float64(n*1000) / 1001
		if math.Abs(f-ntsc) < 0.006 {
			return frac.New(n*1000, 1001), true
		}
	}
	if r := math.Round(f); math.Abs(f-r) < 1e-6 {
		return frac.New(int64(r), 1), true
	}
	return frac.New(int64(math.Round(f*1000)), 1000), true
}

// toFrames converts value units of rate to frames at fps, rounding to
// the nearest frame.
func toFrames(value, rate float64, fps frac.Rational) int64 {
	if rate == 0 {
		return 0
	}
	return int64(math.Round(value / rate * fps.Float()))
}
