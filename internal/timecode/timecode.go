// Package timecode parses user durations ("1.5s", "1500ms", "00:00:01.500",
// "45f") into an exact value and converts them to integer frames.
package timecode

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/frac"
)

// Duration is an exact span of time: either rational seconds or a whole
// number of output frames (the "f" unit), resolved once the frame rate is known.
type Duration struct {
	// Sec is the duration in seconds as an exact fraction (unused when InFrames).
	Sec frac.Rational
	// FrameCount is the duration in frames when InFrames is set.
	FrameCount int64
	// InFrames marks a duration written in frames ("45f").
	InFrames bool
	// Text is what the user wrote, for messages.
	Text string
}

var (
	unitRe  = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(ms|s|sec|m|min|h|f)$`)
	clockRe = regexp.MustCompile(`^(?:([0-9]+):)?([0-9]{1,2}):([0-9]{1,2}(?:\.[0-9]+)?)$`)
)

// Parse reads a duration. A bare number is rejected: the unit is required so
// that "5" is never silently five seconds, frames or milliseconds.
func Parse(s string) (Duration, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Duration{}, fmt.Errorf("empty duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f)")
	}
	if m := unitRe.FindStringSubmatch(t); m != nil {
		if m[2] == "f" {
			n, err := strconv.ParseInt(m[1], 10, 64)
			if err != nil {
				return Duration{}, fmt.Errorf("%q: a frame count must be a whole number", s)
			}
			return Duration{FrameCount: n, InFrames: true, Text: t}, nil
		}
		r, _ := new(big.Rat).SetString(m[1])
		switch m[2] {
		case "ms":
			r.Quo(r, big.NewRat(1000, 1))
		case "m", "min":
			r.Mul(r, big.NewRat(60, 1))
		case "h":
			r.Mul(r, big.NewRat(3600, 1))
		}
		return fromRat(r, t)
	}
	if m := clockRe.FindStringSubmatch(t); m != nil {
		r, _ := new(big.Rat).SetString(m[3])
		mins, _ := strconv.ParseInt(m[2], 10, 64)
		r.Add(r, big.NewRat(mins*60, 1))
		if m[1] != "" {
			h, _ := strconv.ParseInt(m[1], 10, 64)
			r.Add(r, big.NewRat(h*3600, 1))
		}
		return fromRat(r, t)
	}
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		return Duration{}, fmt.Errorf("%q has no unit (write %ss, %sms or %sf)", s, t, t, t)
	}
	return Duration{}, fmt.Errorf("%q is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f)", s)
}

// MustParse is Parse for constants in code and tests; it panics on error.
func MustParse(s string) Duration {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Seconds returns a Duration of sec seconds (exact for the float given).
func Seconds(sec float64) Duration {
	r := new(big.Rat).SetFloat64(sec)
	d, _ := fromRat(r, strconv.FormatFloat(sec, 'f', -1, 64)+"s")
	return d
}

func fromRat(r *big.Rat, text string) (Duration, error) {
	if !r.Num().IsInt64() || !r.Denom().IsInt64() {
		return Duration{}, fmt.Errorf("%q is out of range", text)
	}
	return Duration{Sec: frac.New(r.Num().Int64(), r.Denom().Int64()), Text: text}, nil
}

// IsZero reports whether d is zero (or unset).
func (d Duration) IsZero() bool {
	if d.InFrames {
		return d.FrameCount == 0
	}
	return d.Sec.Num == 0
}

// Frames converts d to a whole number of frames at fps, rounding to the
// nearest frame (a frame count is returned as is).
func (d Duration) Frames(fps frac.Rational) int64 {
	if d.InFrames {
		return d.FrameCount
	}
	if d.Sec.Den == 0 {
		return 0
	}
	return frac.MulDivRound(d.Sec.Num, fps.Num, d.Sec.Den*fps.Den)
}

// Float returns d in seconds at fps (fps matters only for frame counts).
func (d Duration) Float(fps frac.Rational) float64 {
	if d.InFrames {
		return float64(d.FrameCount) * float64(fps.Den) / float64(fps.Num)
	}
	return d.Sec.Float()
}

// String returns the text the user wrote, or a canonical form.
func (d Duration) String() string {
	if d.Text != "" {
		return d.Text
	}
	if d.InFrames {
		return fmt.Sprintf("%df", d.FrameCount)
	}
	return strconv.FormatFloat(d.Sec.Float(), 'f', -1, 64) + "s"
}
