package transitions

import (
	"slices"

	"github.com/reel-film/reel/internal/suggest"
)

// curves are the curve names of ffmpeg's acrossfade filter (curve1/curve2).
var curves = []string{
	"tri", "qsin", "esin", "hsin", "log", "ipar", "qua", "cub", "squ", "cbr",
	"par", "exp", "iqsin", "ihsin", "dese", "desi", "losi", "sinc", "isinc", "nofade",
}

// Curves returns the audio crossfade curves (ffmpeg acrossfade curve names),
// "tri" (linear, acrossfade's default) first. The slice is a copy.
func Curves() []string { return slices.Clone(curves) }

// CheckCurve returns nil for a known curve name, else an *UnknownError like
// `unknown audio curve "trii" (did you mean "tri"?)`. Names are matched
// exactly, as ffmpeg matches them ("TRI" is refused with a hint to "tri").
func CheckCurve(name string) error {
	if slices.Contains(curves, name) {
		return nil
	}
	return &UnknownError{What: "audio curve", Name: name, Hint: suggest.Hint(name, curves)}
}
