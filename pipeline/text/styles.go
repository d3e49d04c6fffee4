package text

import (
	"slices"

	"github.com/reel-film/reel/config"
)

// Preset is a text style: the look a layer's style key names. Sizes are
// fractions of the frame's height (its width, in a portrait frame) and
// lengths fractions of the font size, so
// a preset looks the same at any frame size; a layer's own keys (in the
// project's pixels) win over the preset's.
type Preset struct {
	Size     float64 // font size, % of the frame's shorter side
	Bold     bool
	Color    string
	Outline  float64 // outline width as a fraction of the font size; 0 = none
	Shadow   float64 // shadow offset (x and y) as a fraction of the font size; 0 = none
	ShadowC  string
	Box      string  // box colour; "" = no box
	Padding  float64 // box padding as a fraction of the font size
	Position config.Position
	Width    float64 // wrap width, % of the frame width
	Align    string
}

// Presets are the named text styles (a layer's style key), and the look of
// a layer with no style ("").
var Presets = map[string]Preset{
	"": {Size: 6, Color: "white", Position: named("center"), Width: 90},
	"title": {Size: 10, Bold: true, Color: "white", Shadow: 0.04, ShadowC: "#00000080",
		Position: named("center"), Width: 80, Align: "center"},
	"subtitle": {Size: 6, Color: "white", Shadow: 0.04, ShadowC: "#00000080",
		Position: point(10, 58), Width: 80, Align: "center"},
	"lower-third": {Size: 5, Color: "white", Box: "#00000099", Padding: 0.35,
		Position: named("bottom-left"), Width: 60, Align: "left"},
	"caption": {Size: 5, Color: "white", Outline: 0.07, Shadow: 0.03, ShadowC: "#00000080",
		Position: named("bottom"), Width: 90, Align: "center"},
}

// StyleNames are the named styles, sorted.
func StyleNames() []string {
	var out []string
	for k := range Presets {
		if k != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func named(n string) config.Position { return config.Position{Named: n} }

func point(x, y float64) config.Position {
	return config.Position{X: &config.Length{Value: x, Percent: true}, Y: &config.Length{Value: y, Percent: true}}
}
