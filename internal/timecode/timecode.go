// Package timecode parses user durations ("1.5s", "1500ms", "00:00:01.500",
// "45f") into an exact value and converts them to integer frames.
package timecode

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/quote"
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

// Limits of every duration: reel makes films, and a film (or any part of
// one) is at most MaxSeconds long. The limits keep every frame and sample
// count far inside int64.
const (
	// MaxSeconds is the longest duration: 24 hours.
	MaxSeconds = 24 * 3600
	// MaxFrames is the largest frame count: 24 hours at 240 fps, the
	// highest output frame rate.
	MaxFrames = MaxSeconds * 240
	// MaxDecimals is the most digits after a decimal point (nanoseconds).
	MaxDecimals = 9
	// maxText is longer than any valid duration.
	maxText = 40
)

var (
	unitRe  = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(ms|s|sec|m|min|h|f)$`)
	clockRe = regexp.MustCompile(`^(?:([0-9]+):)?([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?$`)
)

// syntax is how to write a duration, for messages.
const syntax = "write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f"

// Parse reads a duration. A bare number is rejected: the unit is required so
// that "5" is never silently five seconds, frames or milliseconds. Minutes
// and seconds of a clock time are below 60, and every duration is at most
// 24 hours (MaxSeconds, MaxFrames).
func Parse(s string) (Duration, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Duration{}, fmt.Errorf("empty duration (%s)", syntax)
	}
	if len(t) > maxText {
		return Duration{}, fmt.Errorf("%s is not a duration (%s)", quote.Q(s), syntax)
	}
	if m := unitRe.FindStringSubmatch(t); m != nil {
		if m[2] == "f" {
			return frameCount(s, t, m[1])
		}
		if err := checkDecimals(s, m[1]); err != nil {
			return Duration{}, err
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
		return clock(s, t, m)
	}
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		return Duration{}, fmt.Errorf("%s has no unit (write %ss, %sms or %sf)", quote.Q(s), t, t, t)
	}
	return Duration{}, fmt.Errorf("%s is not a duration (%s)", quote.Q(s), syntax)
}

// frameCount reads the number of a duration in frames ("45f").
func frameCount(s, t, digits string) (Duration, error) {
	n, err := strconv.ParseInt(digits, 10, 64)
	if strings.Contains(digits, ".") {
		return Duration{}, fmt.Errorf("%s: a frame count must be a whole number", quote.Q(s))
	}
	if err != nil || n > MaxFrames {
		return Duration{}, fmt.Errorf("%s is too long: at most %df (24 hours at 240 fps)", quote.Q(s), MaxFrames)
	}
	return Duration{FrameCount: n, InFrames: true, Text: t}, nil
}

// clock reads [HH:]MM:SS[.fff] from the submatches m of clockRe.
func clock(s, t string, m []string) (Duration, error) {
	mins, _ := strconv.ParseInt(m[2], 10, 64)
	secs, _ := strconv.ParseInt(m[3], 10, 64)
	if mins > 59 || secs > 59 {
		what, v := "minutes", mins
		if mins <= 59 {
			what, v = "seconds", secs
		}
		return Duration{}, fmt.Errorf("%s: %d %s is not a clock time (minutes and seconds go from 00 to 59%s)", quote.Q(s), v, what, clockHint(m[1], mins, secs))
	}
	if err := checkDecimals(s, m[4]); err != nil {
		return Duration{}, err
	}
	r, _ := new(big.Rat).SetString(m[3] + m[4])
	r.Add(r, big.NewRat(mins*60, 1))
	if m[1] != "" {
		h, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || h > MaxSeconds/3600 {
			return Duration{}, fmt.Errorf("%s is too long: a duration is at most 24 hours", quote.Q(s))
		}
		r.Add(r, big.NewRat(h*3600, 1))
	}
	return fromRat(r, t)
}

// clockHint shows an out-of-range clock time written the usual way when its
// hours are not written: "99:00" → "; write 01:39:00 for 99 minutes".
func clockHint(hours string, mins, secs int64) string {
	if hours != "" || mins < 60 || secs > 59 {
		return ""
	}
	return fmt.Sprintf("; write %02d:%02d:%02d for %d minutes", mins/60, mins%60, secs, mins)
}

// checkDecimals refuses more digits after the point than nanoseconds.
func checkDecimals(s, num string) error {
	if _, dec, ok := strings.Cut(num, "."); ok && len(dec) > MaxDecimals {
		return fmt.Errorf("%s has more than %d decimals (reel counts time to the nanosecond)", quote.Q(s), MaxDecimals)
	}
	return nil
}

// MustParse is Parse for constants in code and tests; it panics on error.
func MustParse(s string) Duration {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Seconds returns a Duration of sec seconds (exact for the float given),
// clamped to [0, MaxSeconds]; NaN gives zero.
func Seconds(sec float64) Duration {
	if !(sec >= 0) {
		sec = 0
	}
	sec = min(sec, MaxSeconds)
	r := new(big.Rat).SetFloat64(sec)
	text := strconv.FormatFloat(sec, 'f', -1, 64) + "s"
	if !r.Num().IsInt64() || !r.Denom().IsInt64() {
		r.SetFrac64(int64(math.Round(sec*1e9)), 1e9) // a tiny float's exact form is too fine
	}
	return Duration{Sec: frac.New(r.Num().Int64(), r.Denom().Int64()), Text: text}
}

// fromRat returns r seconds, refusing more than MaxSeconds.
func fromRat(r *big.Rat, text string) (Duration, error) {
	if r.Cmp(big.NewRat(MaxSeconds, 1)) > 0 {
		return Duration{}, fmt.Errorf("%s is too long: a duration is at most 24 hours", quote.Q(text))
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
	if d.Sec.Den == 0 || fps.Num <= 0 || fps.Den <= 0 {
		return 0
	}
	return frac.MulDivRound2(d.Sec.Num, fps.Num, d.Sec.Den, fps.Den)
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
