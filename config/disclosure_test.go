package config

import (
	"strings"
	"testing"
)

// TestDisclosure decodes the disclosure key: its defaults, the label as
// the film's last text layer, the generated scenes, and each mistake
// reported at its line with a fix.
func TestDisclosure(t *testing.T) {
	const scenes = `
scenes:
  - {id: cam, source: a.mp4}
  - {id: gen, prompt: "a storm", duration: 2s}
  - {id: card, placeholder: {text: hi}, duration: 1s}
generators: {g: {kind: command, run: [make, "{prompt}", "{output}"]}}
`
	ok := []struct {
		name, src          string
		text, pos, dur     string
		generated          []string
		layers, labelIndex int
	}{
		{"defaults", "disclosure: {}\n", "AI-generated", "bottom-right", "", nil, 1, 0},
		{"the issue's example", `disclosure: {text: "AI-generated", position: bottom-right, duration: 3s}` + "\n", "AI-generated", "bottom-right", "3s", nil, 1, 0},
		{"after the film's layers, with generated files", "layers: [{text: Title}]\ndisclosure: {text: Made with AI, position: top-left, generated: [cam]}\n", "Made with AI", "top-left", "", []string{"cam"}, 2, 1},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			p := parseOK(t, c.src+scenes, t.TempDir(), testOptions())
			d := p.Disclosure
			if d == nil || d.Text != c.text || d.Position != c.pos || strings.Join(d.Generated, ",") != strings.Join(c.generated, ",") {
				t.Fatalf("disclosure %+v", d)
			}
			if got := ""; d.Duration != nil {
				got = d.Duration.String()
				if got != c.dur {
					t.Errorf("duration %s, want %s", got, c.dur)
				}
			} else if c.dur != "" {
				t.Errorf("no duration, want %s", c.dur)
			}
			if len(p.Layers) != c.layers || p.Layers[c.labelIndex].Text != c.text || p.Layers[c.labelIndex].Kind != LayerText || p.Layers[c.labelIndex].Style != "lower-third" {
				t.Errorf("film layers %+v: want the label last", p.Layers)
			}
			if !strings.Contains(d.Comment(), c.text) {
				t.Errorf("comment %q lacks the text", d.Comment())
			}
		})
	}
	bad := []struct{ name, src, want string }{
		{"unknown key", "disclosure: {txt: AI}\n", `project.yaml:2: disclosure.txt: unknown key`},
		{"bad position", "disclosure: {position: bottom-rigth}\n", `disclosure.position`},
		{"bad duration", "disclosure: {duration: soon}\n", `disclosure.duration`},
		{"empty text", "disclosure: {text: \" \"}\n", `the text is empty`},
		{"not a map", "disclosure: yes\n", `disclosure: expected a map`},
		{"unknown scene", "disclosure: {generated: [nope]}\n", `disclosure.generated[0]: no scene has the id "nope" (the scenes are cam, gen, card)`},
		{"a prompt scene", "disclosure: {generated: [gen]}\n", `AI-generated already`},
		{"a card", "disclosure: {generated: [card]}\n", `a card is never AI-generated footage`},
		{"twice", "disclosure: {generated: [cam, cam]}\n", `disclosure.generated[1]: scene "cam" is listed twice`},
		{"not a list", "disclosure: {generated: cam}\n", `expected a list of scene ids`},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte("\n"+c.src+scenes), "project.yaml", t.TempDir(), testOptions())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}
