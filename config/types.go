// Package config loads and validates reel project files (YAML or JSON)
// strictly: every unknown key, wrong type or bad value is reported with its
// file, line and field path, all at once.
package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/secret"

	"github.com/reel-film/reel/internal/elide"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/looks"
)

// Pos locates a value in a project file for error messages.
type Pos struct {
	File string // the project file as the user named it
	Line int    // 1-based; 0 when unknown
	Path string // field path such as "scenes[2].trim.start"
}

// maxMsg bounds one message: a value quoted in it may be huge (a 200 KB
// string where a colour belongs), and a message must fit a screen.
const maxMsg = 600

// Errorf returns an *Error at p. A message longer than maxMsg bytes keeps its
// start and end.
//
// A value that looks like a token (secret.RedactTokens) is not shown, in
// the message or the path: a token pasted into the wrong field (a URL, a
// generator's name, a key) must not be echoed to a terminal or a CI log.
func (p Pos) Errorf(format string, a ...any) *Error {
	msg := secret.RedactTokens(elide.Middle(fmt.Sprintf(format, a...), maxMsg))
	return &Error{File: p.File, Line: p.Line, Path: redactPath(p.Path), Msg: msg}
}

// redactPath hides the keys of a field path that look like tokens.
func redactPath(path string) string {
	parts := strings.Split(path, ".")
	for i, k := range parts {
		parts[i] = secret.RedactTokens(k)
	}
	return strings.Join(parts, ".")
}

// Error is one problem in a project file.
type Error struct {
	// Row names the variant whose values made the problem ("rows.csv:4
	// (row 3)"; "" for none): it is written first.
	Row  string
	File string
	Line int
	Path string
	Msg  string
	// Forbidden marks a breach of Options.Confine: a file outside the
	// media root, an output outside the render's directory, a local
	// program (a server answers 403).
	Forbidden bool
}

// maxPath is the longest field path an error shows (a path holds the keys
// as written, and a key may be long).
const maxPath = 120

// Error formats as `project.yaml:14: scenes[2].transiton: unknown key (did
// you mean "transition"?)`. However long the values it names, the message
// stays within a screen: the path and the message are elided in the middle.
func (e *Error) Error() string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

// write appends the formatted error to b.
func (e *Error) write(b *strings.Builder) {
	if e.Row != "" {
		b.WriteString(e.Row)
		b.WriteString(": ")
	}
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(quote.Short(e.Path, maxPath))
	}
	b.WriteString(": ")
	b.WriteString(elide.Middle(e.Msg, maxMsg)) // also for Errors not made by Errorf
}

// Errors is every problem found in one project, in file order.
type Errors []*Error

// MaxShown is how many problems Errors.Error lists before "and N more".
const MaxShown = 50

// Error lists the first MaxShown problems one per line, then how many more
// there are. Its cost is linear in what it shows.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == MaxShown {
			fmt.Fprintf(&b, "\nand %d more %s (fix these first, or run validate --json to list them all)", len(es)-i, plural(len(es)-i, "problem", "problems"))
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		e.write(&b)
	}
	return b.String()
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Project is a loaded, defaulted project.
type Project struct {
	File       string         // absolute path of the project file
	Name       string         // the file as the user named it (for messages)
	Dir        string         // absolute directory of the project file; relative paths resolve here
	Output     Output         // the first of Outputs: the film's own format
	Outputs    []Output       // every rendition, in file order (`output:` gives one)
	Poster     *Poster        // nil for none
	Thumbnails *Thumbnails    // nil for none
	Transition TransitionSpec // the default between scenes (Type "cut" when unset)
	Fit        string         // default fit: cover | contain | blur | stretch
	Scenes     []Scene
	Generators map[string]*Generator // the generators section, by name
	Grade      *GradeSpec            // the default grade of every scene; nil for none
	Grades     []looks.Preset        // the project's own presets (the grades section)
	Audio      *Audio                // the audio section (beds, voice-over, loudness); nil when absent
	FadeIn     *Fade                 // the film fades in from a colour and from silence; nil for none
	FadeOut    *Fade                 // the film fades out to a colour and to silence; nil for none
	Layers     []Layer               // drawn over the film, on its timeline (see Layer)
	Captions   *Captions             // the captions section; nil for none
	Disclosure *Disclosure           // the AI disclosure: a label and metadata; nil for none
	Fields     []Field               // the merge fields declared under fields:, in file order
	Values     Values                // the merge values this project was loaded with, defaults included (nil for none)
	Inputs     []Input               // every file the project names for reading, in file order
	// Warnings are problems that do not stop the render (a transition on
	// the last scene); the plan reports them with its own.
	Warnings Errors
}

// Output describes one rendered file (a rendition). The first output of a
// project also sets the film's own format: its size and frame rate are the
// frame every scene is conformed to; later outputs are made from that frame.
type Output struct {
	Name      string        // what --output NAME matches: the `name` key, or the file name without its extension (with it when two outputs would share one)
	Path      string        // absolute
	Container string        // the extension without its dot, lower case: mp4 mov mkv webm gif m4a mp3 wav opus flac (see Formats)
	Width     int           // even, default 1920 (0 for audio only)
	Height    int           // even, default 1080 (0 for audio only)
	FPS       frac.Rational // default 30, or the first output's (a GIF: at most 12 unless written; audio only: the film's)
	Fit       string        // how the film's frame fills another shape: cover | contain | blur | stretch (default: the project's fit)
	Codec     string        // h264 | h265 | prores | vp9 | av1 | gif; "" for audio only (default: the first output's in the same container, else the container's: h264, vp9 for .webm, gif)
	Quality   string        // draft | standard | high (default standard)
	Preset    string        // encoder preset (x264/x265 name, SVT-AV1 "0".."13"); "" = from Quality (see Encoding)
	CRF       int           // -1 = from Quality
	Bitrate   int64         // video bits per second, 0 = constant quality (CRF); never with CRF >= 0
	Profile   string        // prores: proxy | lt | standard | hq | 4444 (default hq)
	Audio     string        // aac | opus | pcm | mp3 | flac; "" for no sound (a GIF): follows the container
	Range     *Range        // part of the film only (a teaser); nil for the whole film
	// Set lists the keys the user wrote for this output; the others were
	// taken from the first output (or the defaults).
	Set     []string
	Pos     Pos
	PathPos Pos // the path's value (the output key, or the file, when the path is the default)
}

// AudioOnly reports whether the output has no picture (.m4a, .mp3, .wav, .opus).
func (o Output) AudioOnly() bool { return o.Codec == "" }

// Range is a part of the film's timeline. End and Duration are exclusive:
// at most one is set; neither means to the end of the film.
type Range struct {
	Start    timecode.Duration
	End      *timecode.Duration
	Duration *timecode.Duration
	Pos      Pos
}

// Poster is a still of the film at one time, written as a JPEG.
type Poster struct {
	At      timecode.Duration
	Path    string // absolute, .jpg or .jpeg
	Pos     Pos
	PathPos Pos
}

// Thumbnails is a sprite sheet of the film, a tile every Every, and a
// WebVTT index beside it (the sheet's path with .vtt) that web players read.
type Thumbnails struct {
	Every   timecode.Duration
	Width   int    // of one tile; its height keeps the film's aspect (even)
	Columns int    // tiles per row of the sheet (default 10)
	Path    string // absolute, .jpg, .jpeg or .png
	VTT     string // absolute: Path with .vtt
	Pos     Pos
	PathPos Pos
}

// TransitionSpec is a transition into the next scene.
type TransitionSpec struct {
	Type     string            // catalogue name as written (aliases are resolved by the transitions package)
	Duration timecode.Duration // 0 for cut
	Color    string            // for dip: black, white, #rrggbb, any ffmpeg colour (default black)
	Curve    string            // audio crossfade curve (acrossfade names), default "tri"
	Pos      Pos
}

// Volume is a scene's audio gain.
type Volume struct {
	Mute bool
	DB   float64 // gain in dB (0 = unchanged)
	Pos  Pos
}

// Trim selects a part of a clip. At most one of End and Duration is set.
type Trim struct {
	Start    *timecode.Duration
	End      *timecode.Duration
	Duration *timecode.Duration
	Pos      Pos
}

// Placeholder is a generated card standing in for a clip.
type Placeholder struct {
	Text  string // shown on the card; default the scene id
	Color string // base colour of the moving gradient (default a colour per scene)
	Pos   Pos
}

// Scene is one shot of the film.
type Scene struct {
	Index       int    // 0-based
	ID          string // default scene-1, scene-2, ...
	Source      string // absolute path of a video or image file; "" for a placeholder
	SourcePos   Pos
	URL         string  // an http(s) source as written; the sources stage downloads it and sets Source
	Prompt      *Prompt // a generated scene (the sources stage sets Source or Placeholder)
	Placeholder *Placeholder
	Trim        *Trim
	Duration    *timecode.Duration // needed for images and placeholders; a clip is cut to it
	DurationPos Pos
	Fit         string          // resolved: the scene's or the project's
	Deinterlace string          // auto (default: clips flagged interlaced) | on | off
	Volume      Volume          // zero value: unchanged
	Transition  *TransitionSpec // into the next scene (resolved: scene's or project default); nil for the last scene
	Grade       *GradeSpec      // resolved: the scene's keys over the project's grade; nil for none
	Layers      []Layer         // drawn over the scene, timed from its first frame
	Motion      *Motion         // a Ken Burns move; nil for none
	Speed       float64         // playback speed of a clip (0.5 = slow motion); 1 when unset
	SpeedPos    Pos             // where speed is written (the scene when it is not)
	Freeze      *Freeze         // a held frame; nil for none
	Background  *Background     // contain's bars, or a card's background (no source); nil = black
	Pos         Pos
}
