package config

import (
	"errors"
	"strings"
	"testing"
)

// TestHugeValuesGiveShortMessages puts a 200 KB string where a short value
// belongs: each message still fits a screen, and says what was elided.
func TestHugeValuesGiveShortMessages(t *testing.T) {
	huge := strings.Repeat("x", 200_000)
	for _, src := range []string{
		"scenes:\n  - placeholder: {text: " + huge + "}\n    duration: 1s\n",
		"scenes:\n  - source: a.mp4\n    volume: " + huge + "\n",
		"scenes:\n  - source: a.mp4\n    fit: " + huge + "\n",
		"output: {size: " + huge + "}\nscenes:\n  - source: a.mp4\n",
		"scenes:\n  - source: a.mp4\n    duration: " + huge + "\n",
		"transition: " + huge + "\nscenes:\n  - source: a.mp4\n",
	} {
		_, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 {
			t.Errorf("%.40q…: got %v, want errors", src, err)
			continue
		}
		for _, e := range es {
			if n := len(e.Error()); n > 1000 {
				t.Errorf("%.40q…: message of %d bytes: %.200s…", src, n, e.Error())
			}
		}
	}
}
