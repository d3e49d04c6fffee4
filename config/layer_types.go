package config

import "github.com/reel-film/reel/internal/timecode"

// Layer kinds.
const (
	LayerText  = "text"  // literal text drawn by libass
	LayerImage = "image" // a still image (alpha respected)
	LayerVideo = "video" // picture in picture: a clip conformed like a scene
)

// Layer is something drawn over the picture: text, an image or a video. A
// film's layers (Project.Layers) are timed on the film's timeline and may
// span cuts and transitions; a scene's (Scene.Layers) from the scene's
// first frame, and end with the scene at the latest. Layers are drawn in
// order, the later over the earlier: the scenes' own layers, then the
// film's, then burned captions.
type Layer struct {
	Kind string // LayerText | LayerImage | LayerVideo

	Text  string // LayerText: the text, drawn literally ("\n" breaks a line)
	Image string // LayerImage: absolute path
	Video string // LayerVideo: absolute path

	// Text look. Style names a preset (title | subtitle | lower-third |
	// caption, see TextStyles); the keys written over it win.
	Style    string
	Font     string  // a fontconfig family ("" = the style's)
	FontFile string  // absolute path of a font file (`font: fonts/x.ttf`); Font is then its family name when known
	FontPos  Pos     // where font is written, for the font checks made when the fonts are listed
	Size     *Length // the font size: % of the frame height, or px; nil = the style's
	Color    string  // the text's colour (any FFmpeg colour, with alpha)
	Outline  *Outline
	Shadow   *Shadow
	Box      *Box
	Align    string // left | center | right; "" = from the position

	// Geometry. Width wraps text inside it, and scales an image or video
	// to it (keeping its aspect); nil = the style's (text) or the
	// media's own width in film pixels.
	Width    *Length
	Position Position
	Opacity  float64 // 0..1 (default 1)
	Volume   Volume  // LayerVideo: its sound (volume: mute, or a gain in dB)

	// Time. Start is from the film's (or the scene's) first frame. At
	// most one of Duration and End; neither: to the end of the film (or
	// the scene).
	Start    timecode.Duration
	Duration *timecode.Duration
	End      *timecode.Duration
	In, Out  *Animation // nil: appears and goes at once

	Set []string // the keys written, in file order (a style fills the others)
	Pos Pos
}

// Length is a size or a coordinate: a fraction of a frame dimension
// (written as a percentage) or pixels of the first output's frame.
type Length struct {
	Value   float64 // percent (0..100) when Percent, else pixels
	Percent bool
}

// Position is where a layer goes: a named place (top-left, top, top-right,
// left, center, right, bottom-left, bottom, bottom-right; inside the safe
// margins) or a point {x, y}, the layer's top-left corner.
type Position struct {
	Named string  // one of Positions; "" when X and Y are set
	X, Y  *Length // the layer's top-left corner when Named is ""
	Pos   Pos
}

// Positions are the named positions.
var Positions = []string{"top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom", "bottom-right"}

// Animation is how a layer comes in or goes out.
type Animation struct {
	Kind string // fade | slide | scale
	// Direction is a slide's side of the frame: an `in` slide comes in from
	// it (slide: left starts beyond the frame's left edge and moves right
	// to the layer's place), an `out` slide leaves towards it. up is the
	// top edge, down the bottom. A slide fades too: its first frame (in)
	// or last (out) is fully transparent, so nothing pops at the edge.
	Direction string
	Duration  timecode.Duration // > 0 (default 0.5s)
	// Easing is linear | in (starts slowly) | out (ends slowly) | in-out;
	// default out for `in` (it settles into place), in for `out` (Curve).
	// A scale
	// grows from 0 to full size (in) or shrinks to 0 (out) about the
	// layer's centre; a fade goes from transparent to the layer's opacity.
	Easing string
	Pos    Pos
}

// Curve is the animation's easing: the one written, or the default, out
// for an animation in (it settles gently) and in for one out (it starts
// gently).
func (a *Animation) Curve(out bool) string {
	switch {
	case a.Easing != "":
		return a.Easing
	case out:
		return "in"
	}
	return "out"
}

// Outline is a border around every letter.
type Outline struct {
	Width float64 // px of the first output's frame
	Color string
	Pos   Pos
}

// Shadow is a copy of the text drawn behind it, offset.
type Shadow struct {
	X, Y  float64 // px
	Color string  // with alpha, e.g. "#00000080"
	Pos   Pos
}

// Box is a filled rectangle behind the text.
type Box struct {
	Color   string
	Padding float64 // px around the text
	Pos     Pos
}

// Captions are timed text from a subtitle file on the film's timeline,
// burned into the picture or added as a subtitle stream to every rendition
// that can hold one.
type Captions struct {
	File  string // absolute path of a .srt or .vtt file
	Burn  bool
	Style string // a text style for burned captions (default caption)
	// Language is the subtitle stream's ISO 639-2 code (eng, fra); ""
	// leaves it undetermined.
	Language string
	Cues     []Cue // parsed at load, in file order (they may overlap)
	Pos      Pos
}

// Cue is one caption: its text shown over [Start, End) on the film's timeline.
type Cue struct {
	Start, End timecode.Duration
	Text       string
	Line       int // in the caption file, for messages
}

// Motion is a Ken Burns move over a scene: the picture zooms from
// Zoom[0] to Zoom[1] (1 = the frame as fitted) while the window moves from
// Pan[0] to Pan[1] (named places of the picture, or points), eased.
type Motion struct {
	Zoom   [2]float64
	Pan    [2]Position
	Easing string // linear | in | out | in-out (default in-out)
	Pos    Pos
}

// Freeze holds the clip's frame at At (clip time, after trim) for Duration,
// lengthening the scene; the sound is silent while it holds.
type Freeze struct {
	At       timecode.Duration
	Duration timecode.Duration
	Pos      Pos
}

// Background is what is behind a scene's picture: contain's bars, or the
// whole of a card (a scene with a background and no source).
type Background struct {
	Color    string    // a plain colour
	Gradient [2]string // a two-colour gradient (Color is ""), with Radial or at Angle
	Radial   bool
	Angle    float64 // degrees, linear gradients: 0 = left to right, 90 = top to bottom
	Image    string  // absolute path: an image, fitted as cover
	Blur     string  // "self" (contain's bars: a blurred copy of the picture), "previous" or "next" (a card: the neighbouring scene's blurred still)
	Pos      Pos
}
