package config

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/reel-film/reel/internal/quote"
)

// Bounds of a video bitrate, in bits per second.
const (
	MinBitrate = 10_000      // 10k: below it no encoder makes a watchable picture
	MaxBitrate = 500_000_000 // 500M: above ProRes 4444 at 4K
)

var bitrateRe = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)([kKmM]?)$`)

// ParseBitrate reads a bitrate in bits per second: 800000, 2500k, 8M or
// 2.5M (k is 1000, M 1000000), whole bits, from MinBitrate to MaxBitrate.
func ParseBitrate(s string) (int64, error) {
	m := bitrateRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("%s is not a bitrate (write bits per second such as 8M, 2500k or 800000)", quote.Q(s))
	}
	r, _ := new(big.Rat).SetString(m[1])
	switch strings.ToLower(m[2]) {
	case "k":
		r.Mul(r, big.NewRat(1000, 1))
	case "m":
		r.Mul(r, big.NewRat(1_000_000, 1))
	}
	if r.Cmp(big.NewRat(MinBitrate, 1)) < 0 || r.Cmp(big.NewRat(MaxBitrate, 1)) > 0 {
		return 0, fmt.Errorf("bitrate %s is out of range (%s to %s)", quote.Short(s, quote.MaxValue), FormatBitrate(MinBitrate), FormatBitrate(MaxBitrate))
	}
	if !r.IsInt() {
		return 0, fmt.Errorf("bitrate %s is not a whole number of bits per second (write e.g. 2500k)", quote.Short(s, quote.MaxValue))
	}
	return r.Num().Int64(), nil
}
