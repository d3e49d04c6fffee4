// Package color reads colours the way FFmpeg does (av_parse_color in
// libavutil/parseutils.c), so that a colour a project names is checked when
// the project is loaded, not by the first filter that receives it.
//
// Accepted: a name from FFmpeg's table in any case (black, DarkSlateGray),
// hex RRGGBB or RRGGBBAA with an optional # or 0x prefix, each optionally
// followed by @alpha, alpha being a number from 0 to 1 (@0.5) or 0x00..0xff.
// FFmpeg's "random" (and "bikeshed") is refused: a colour that changes at
// every run would make renders differ for the same project.
package color

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
)

// RGBA is a colour with 8-bit channels; A is 255 for opaque.
type RGBA struct{ R, G, B, A uint8 }

// maxLen is longer than any valid colour ("LightGoldenRodYellow@0.123456").
// FFmpeg itself reads at most 127 bytes.
const maxLen = 64

// Parse reads a colour as FFmpeg would. Its errors say what is wrong and,
// for a mistyped name, which name was probably meant.
func Parse(s string) (RGBA, error) {
	if s == "" {
		return RGBA{}, fmt.Errorf("empty colour (write a name such as black, or #rrggbb)")
	}
	if len(s) > maxLen {
		return RGBA{}, fmt.Errorf("%s is not a colour (write a name such as black, or #rrggbb)", quote.Q(s))
	}
	body, alpha, hasAlpha := strings.Cut(s, "@")
	c, err := parseBase(s, body)
	if err != nil {
		return RGBA{}, err
	}
	if hasAlpha {
		a, err := parseAlpha(alpha)
		if err != nil {
			return RGBA{}, fmt.Errorf("%s: %v", quote.Q(s), err)
		}
		c.A = a
	}
	return c, nil
}

// parseBase reads the part before '@': hex digits or a name.
func parseBase(s, body string) (RGBA, error) {
	hex, prefixed := strings.CutPrefix(body, "#")
	if !prefixed {
		hex, prefixed = strings.CutPrefix(body, "0x")
	}
	lower := strings.ToLower(hex)
	switch {
	case lower == "random" || lower == "bikeshed":
		return RGBA{}, fmt.Errorf("%s would give a different colour at every render; choose one, such as #3a5f8c", quote.Q(s))
	case prefixed || isHex(hex):
		return parseHex(s, hex)
	}
	if c, ok := names[lower]; ok {
		return c, nil
	}
	return RGBA{}, fmt.Errorf("unknown colour %s%s", quote.Q(s), nameHint(body))
}

// parseHex reads RRGGBB or RRGGBBAA.
func parseHex(s, hex string) (RGBA, error) {
	if !isHex(hex) || (len(hex) != 6 && len(hex) != 8) {
		return RGBA{}, fmt.Errorf("%s is not a colour: write 6 hex digits (#rrggbb), or 8 with alpha (#rrggbbaa)%s", quote.Q(s), digitsFound(hex))
	}
	v, _ := strconv.ParseUint(hex, 16, 32)
	if len(hex) == 6 {
		return RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
	}
	return RGBA{uint8(v >> 24), uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// digitsFound explains a hex value of the wrong length.
func digitsFound(hex string) string {
	if isHex(hex) {
		return fmt.Sprintf("; found %d", len(hex))
	}
	return ""
}

// parseAlpha reads what follows '@': 0x00..0xff, or a number from 0 to 1.
func parseAlpha(a string) (uint8, error) {
	if h, ok := strings.CutPrefix(a, "0x"); ok {
		v, err := strconv.ParseUint(h, 16, 8)
		if err != nil || !isHex(h) {
			return 0, fmt.Errorf("alpha %s is not a hex value from 0x00 to 0xff", quote.Q("@"+a))
		}
		return uint8(v), nil
	}
	f, err := strconv.ParseFloat(a, 64)
	if err != nil || !isDecimal(a) || f < 0 || f > 1 {
		return 0, fmt.Errorf("alpha %s is not a number from 0 (transparent) to 1 (opaque)", quote.Q("@"+a))
	}
	return uint8(255 * f), nil
}

// isHex reports whether s is one or more hex digits.
func isHex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// isDecimal reports whether s is digits with at most one point (no sign,
// exponent, "inf" or "nan", which FFmpeg's strtod would also read).
func isDecimal(s string) bool {
	digits, points := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

// Names returns FFmpeg's colour names in lower case, sorted.
func Names() []string {
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// nameHint suggests the closest colour name, or says how to write one.
func nameHint(name string) string {
	if h := suggest.Hint(name, Names()); h != "" {
		return h
	}
	return " (write a name such as black, white or darkslategray, or #rrggbb; `ffmpeg -colors` lists the names)"
}
