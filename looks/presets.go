package looks

// Builtin holds the shipped presets, in the order `reel grades` lists them.
// Every one compiles to Y'CbCr filters only (lutyuv, colorcorrect), so
// grading with any of them costs a few percent of a render.
var Builtin = NewRegistry(builtinPresets())

// builtinPresets is the table of shipped looks: data, nothing else.
func builtinPresets() []Preset {
	return []Preset{
		{Name: "natural", Description: "a gentle lift: a touch more contrast and colour, nothing you notice",
			Look: Look{Contrast: 0.08, Saturation: 0.06}},
		{Name: "cinematic", Description: "teal and orange: cool shadows, warm skin and highlights, firmer contrast",
			Look: Look{Contrast: 0.18, Saturation: -0.08,
				Shadows: [3]float64{-0.06, 0.01, 0.06}, Highlights: [3]float64{0.07, 0.02, -0.06},
				Curve: [][2]float64{{0, 0.02}, {0.5, 0.5}, {1, 0.98}}}},
		{Name: "warm", Description: "golden hour: warmer white balance, a little more colour",
			Look: Look{Temperature: 0.45, Tint: 0.05, Saturation: 0.06, Shadows: [3]float64{0.02, 0.005, -0.02}}},
		{Name: "cool", Description: "overcast morning: bluer white balance, slightly muted",
			Look: Look{Temperature: -0.45, Tint: -0.03, Saturation: -0.05}},
		{Name: "noir", Description: "black and white with deep blacks and bright whites",
			Look: Look{Saturation: -1, Contrast: 0.6, Gamma: -0.05,
				Curve: [][2]float64{{0, 0}, {0.1, 0.04}, {0.9, 0.97}, {1, 1}}}},
		{Name: "vintage", Description: "faded print: lifted blacks, soft whites, warm shadows, muted colour",
			Look: Look{Saturation: -0.3, Temperature: 0.15, Contrast: -0.08,
				Shadows: [3]float64{0.07, 0.03, -0.04},
				Curve:   [][2]float64{{0, 0.09}, {0.5, 0.52}, {1, 0.92}}}},
		{Name: "bleach-bypass", Description: "silver retained: harsh contrast, little colour, metallic",
			Look: Look{Saturation: -0.55, Contrast: 0.55, Gamma: -0.08, Highlights: [3]float64{0, 0.01, 0.02}}},
		{Name: "vivid", Description: "punchy: strong colour and contrast for bright daylight scenes",
			Look: Look{Saturation: 0.35, Contrast: 0.2, Gamma: 0.04}},
		{Name: "matte", Description: "flat film finish: milky blacks, rolled-off whites, soft colour",
			Look: Look{Saturation: -0.12, Contrast: -0.05,
				Curve: [][2]float64{{0, 0.07}, {0.25, 0.27}, {0.75, 0.74}, {1, 0.93}}}},
		{Name: "moonlight", Description: "day for night: darker by two stops, cold blue, little colour",
			Look: Look{Exposure: -1.3, Saturation: -0.55, Temperature: -0.8, Contrast: 0.15,
				Shadows: [3]float64{-0.01, 0, 0.03}, Highlights: [3]float64{-0.03, 0, 0.05}}},
	}
}
