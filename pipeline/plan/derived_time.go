package plan

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

// The frame rule of everything made from the finished film (a derived
// rendition, the poster, the thumbnails): a frame made for time t shows the
// film frame on screen at t, floor(t·fps) of the film. Times are exact
// rationals from the project file to the filter arguments, so the rule
// holds at every rate (30000/1001 too) and every start.

// rat is r as a big.Rat (r must not be zero).
func rat(r frac.Rational) *big.Rat { return big.NewRat(r.Num, r.Den) }

// secondsAt is d in exact seconds; a frame count (45f) counts frames at fps.
func secondsAt(d timecode.Duration, fps frac.Rational) *big.Rat {
	s := exactSeconds(d, fps)
	if s.Den == 0 {
		return new(big.Rat)
	}
	return big.NewRat(s.Num, s.Den)
}

// floorRat is the largest integer not above x (saturating).
func floorRat(x *big.Rat) int64 {
	q, _ := new(big.Int).DivMod(x.Num(), x.Denom(), new(big.Int)) // Euclidean: a floor for a positive divisor
	if !q.IsInt64() {
		if q.Sign() > 0 {
			return math.MaxInt64
		}
		return math.MinInt64
	}
	return q.Int64()
}

// mulRat is a·b.
func mulRat(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }

// secText writes x seconds for a message, to the millisecond: "2.5s",
// "0.033s".
func secText(x *big.Rat) string {
	f, _ := x.Float64()
	s := strings.TrimRight(strconv.FormatFloat(f, 'f', 3, 64), "0")
	return strings.TrimSuffix(s, ".") + "s"
}

// maxRateTerm is the largest numerator or denominator of a rate the fps
// filter reads exactly (av_parse_video_rate parses ratios up to 1001000).
const maxRateTerm = 1001000

// pick returns the filters that turn the film, read with -copyts (its frame
// i at i/film seconds), into n frames at rate whose frame k shows the film
// frame on screen at start + k/rate: floor((start + k/rate)·film).
//
// The film's time stamps are moved to a clock fine enough for both frame
// grids and the start (1/(film·q), where q is the denominator of
// film/rate), shifted so that start is zero, and given to the fps filter,
// which rounds each film frame's time up onto the rendition's grid: output
// frame k then holds the last film frame at or before its time. The start
// itself only matters up to that clock, so it is first floored onto it
// (which picks exactly the same frames). The film's last frame is
// repeated once (tpad) so that the fps filter has a frame after every
// frame it must still show.
func pick(film frac.Rational, start *big.Rat, rate frac.Rational, n int64) ([]ffmpeg.Filter, error) {
	if rate.Num > maxRateTerm || rate.Den > maxRateTerm {
		return nil, fmt.Errorf("the frame rate %v is too fine for FFmpeg's fps filter (terms up to %d)", rate, maxRateTerm)
	}
	ff := rat(film)
	q := new(big.Rat).Quo(ff, rat(rate)).Denom()
	grid := mulRat(ff, new(big.Rat).SetInt(q)) // ticks per second
	if !grid.Num().IsInt64() || grid.Num().Int64() > math.MaxInt32 {
		return nil, fmt.Errorf("the film's rate %v and the rate %v need a clock finer than FFmpeg's time bases", film, rate)
	}
	shift := floorRat(mulRat(start, grid))
	tb := new(big.Rat).Inv(grid)
	setpts := "PTS-" + strconv.FormatInt(shift, 10)
	return []ffmpeg.Filter{
		ffmpeg.F("tpad", "stop_mode", "clone", "stop", "1"),
		ffmpeg.F("settb", "expr", tb.RatString()),
		ffmpeg.F("setpts", "", setpts),
		ffmpeg.F("fps", "fps", rate.String(), "round", "up"),
		ffmpeg.F("trim", "start_pts", "0", "end_pts", strconv.FormatInt(n, 10)),
		ffmpeg.F("setpts", "", "PTS-STARTPTS"),
	}, nil
}

// filmSeek is the input options that open the film a second before
// seconds, so the keyframe before is decoded; the film is read with its own
// time stamps (-copyts), which pick and cutSound count on.
func filmSeek(seconds *big.Rat) []string {
	f, _ := seconds.Float64()
	opts := []string{"-copyts"}
	if ss := seekArgs(f - 1); ss != nil {
		opts = append(append(opts, "-noaccurate_seek"), ss...)
	}
	return opts
}
