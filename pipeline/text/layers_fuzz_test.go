package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reel-film/reel/config"
)

// FuzzLayerScript writes a script for any text: every event is one line,
// opens with the one override block reel writes, and its text holds no
// other override block, so no text can restyle, move or time itself.
func FuzzLayerScript(f *testing.F) {
	for _, s := range []string{"", "plain", `{\pos(0,0)}x`, "a\nb\r\nc", `\N\h{}`, "}{", "%{pts} : ' \" , ;", "שלום عربي 中文 😀", "\x00\t\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || len(s) > 2000 {
			return
		}
		l := &config.Layer{Text: s, Style: "lower-third", In: &config.Animation{Kind: "fade", Duration: dur(t, "2f")}}
		script := LayerScript([]Placed{{Layer: l, From: 3, To: 9}}, 0, 8, canvas, nil)
		_, events, _ := strings.Cut(script, "\n[Events]\n")
		for _, line := range strings.Split(strings.TrimSpace(events), "\n")[1:] {
			if !strings.HasPrefix(line, "Dialogue: ") {
				t.Fatalf("text %q: a line that is not an event: %q", s, line)
			}
			parts := strings.SplitN(line, ",", 10)
			text := parts[9]
			end := strings.Index(text, "}")
			if !strings.HasPrefix(text, "{") || end < 0 {
				t.Fatalf("text %q: event without reel's override block: %q", s, line)
			}
			rs := []rune(text[end+1:])
			for i, r := range rs {
				if (r == '{' || r == '}') && (i == 0 || rs[i-1] != '\\') {
					t.Fatalf("text %q: an unescaped brace in %q", s, line)
				}
			}
		}
	})
}
