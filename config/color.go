package config

import (
	"strings"

	"github.com/reel-film/reel/internal/color"
)

// color reads a colour and checks it as FFmpeg will (color.Parse): a name,
// #rrggbb or 0xrrggbb[aa], with an optional @alpha. It returns the text to
// hand to FFmpeg.
func (d *decoder) color(f field) (string, bool) {
	s, ok := d.nonEmpty(f)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if _, err := color.Parse(s); err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return "", false
	}
	return s, true
}
