package config

import (
	"fmt"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

// Defaults applied when a project leaves a value out.
const (
	DefaultWidth   = 1920
	DefaultHeight  = 1080
	DefaultCodec   = "h264"
	DefaultQuality = "standard"
	DefaultFit     = "cover"
	// DefaultDeinterlace deinterlaces the clips flagged interlaced.
	DefaultDeinterlace = "auto"
	DefaultTransition  = "cut"
	DefaultColor       = "black"
	DefaultCurve       = "tri"
	// DefaultTransitionDuration is the length of a transition that does not
	// give one (a cut is always zero).
	DefaultTransitionDuration = "0.5s"
)

// DefaultFPS is the output frame rate when none is given.
var DefaultFPS = frac.New(30, 1)

// Allowed values of the enumerated keys.
var (
	Fits = []string{"cover", "contain", "blur", "stretch"}
	// Deinterlaces are the values of a scene's deinterlace key.
	Deinterlaces = []string{"auto", "on", "off"}
	Qualities    = []string{"draft", "standard", "high"}
	// Presets are the x264 and x265 presets.
	Presets = []string{"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"}
)

// codecAliases maps accepted codec spellings to their canonical name.
var codecAliases = map[string]string{"avc": "h264", "hevc": "h265"}

// defaultOutput is the output of a project that gives none.
func (d *decoder) defaultOutput() Output {
	return Output{
		Width: DefaultWidth, Height: DefaultHeight, FPS: DefaultFPS,
		Codec: DefaultCodec, Quality: DefaultQuality, CRF: -1, Audio: "aac",
		Pos: Pos{File: d.name, Path: "output"}, PathPos: Pos{File: d.name, Path: "output.path"},
	}
}

// defaultTransition is the transition of a project that gives none.
func (d *decoder) defaultTransition() TransitionSpec {
	return TransitionSpec{Type: DefaultTransition, Duration: defaultLength(DefaultTransition),
		Color: DefaultColor, Curve: DefaultCurve,
		Pos: Pos{File: d.name, Path: "transition"}}
}

// defaultLength returns the default duration of a transition type.
func defaultLength(typ string) timecode.Duration {
	if typ == "cut" {
		return timecode.MustParse("0s")
	}
	return timecode.MustParse(DefaultTransitionDuration)
}

// defaultID is the id of the scene at index i (0-based) that gives none.
func defaultID(i int) string { return fmt.Sprintf("scene-%d", i+1) }
