package config

import (
	"regexp"
	"strings"

	"github.com/reel-film/reel/internal/color"
)

// color reads a colour and checks it as FFmpeg will (color.Parse): a name,
// #rrggbb or 0xrrggbb[aa], with an optional @alpha; CSS's short #rgb and
// #rgba are written out (#334 is #333344), FFmpeg has no short form. It
// returns the text to hand to FFmpeg.
func (d *decoder) color(f field) (string, bool) {
	s, ok := d.nonEmpty(f)
	if !ok {
		return "", false
	}
	s = expandShortHex(strings.TrimSpace(s))
	if _, err := color.Parse(s); err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return "", false
	}
	return s, true
}

// shortHexRe matches #rgb and #rgba, with an optional @alpha.
var shortHexRe = regexp.MustCompile(`^#([0-9a-fA-F]{3,4})(@.*)?$`)

// expandShortHex writes #rgb as #rrggbb and #rgba as #rrggbbaa; anything
// else is returned as it is.
func expandShortHex(s string) string {
	m := shortHexRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	var b strings.Builder
	b.WriteByte('#')
	for _, c := range m[1] {
		b.WriteRune(c)
		b.WriteRune(c)
	}
	return b.String() + m[2]
}
