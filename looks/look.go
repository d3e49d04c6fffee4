// Package looks is the grade catalogue, as data: what a look is made of
// (Look and its parameters), the shipped presets and a project's own
// (Registry, Builtin), curve points, and .cube LUT files (parse, validate,
// write, apply). The project loader (config) checks a project against it
// and pipeline/grade compiles looks into FFmpeg filters; it imports
// neither. It is pure: nothing here runs FFmpeg.
package looks

import "fmt"

// Look is a colour grade as data. Every field is neutral at zero, so a Look
// written with only the fields it changes is complete, and the zero Look is
// the identity.
//
// The tonal fields (exposure, lift, gamma, gain, contrast, curve) shape luma;
// saturation scales chroma; temperature, tint, shadows and highlights add
// colour that follows luma (shadows at black, highlights and the white
// balance at white). That is what Y'CbCr filters can do exactly, so the
// render and the exported .cube agree.
type Look struct {
	Exposure    float64      `json:"exposure,omitempty"`    // stops: luma × 2^exposure
	Contrast    float64      `json:"contrast,omitempty"`    // S-curve around mid grey: slope 1+contrast there
	Saturation  float64      `json:"saturation,omitempty"`  // chroma × (1+saturation); -1 is black and white
	Temperature float64      `json:"temperature,omitempty"` // -1 (blue) .. 1 (amber), at white, brightness kept
	Tint        float64      `json:"tint,omitempty"`        // -1 (green) .. 1 (magenta), at white
	Lift        float64      `json:"lift,omitempty"`        // raises (or crushes) black, white stays
	Gamma       float64      `json:"gamma,omitempty"`       // > 0 brightens the mid-tones
	Gain        float64      `json:"gain,omitempty"`        // white × (1+gain), black stays
	Shadows     [3]float64   `json:"shadows,omitempty"`     // R, G, B added at black, fading to none at white
	Highlights  [3]float64   `json:"highlights,omitempty"`  // R, G, B added at white, fading to none at black
	Curve       [][2]float64 `json:"curve,omitempty"`       // master (luma) curve: points (in, out) in 0..1
}

// Param describes one numeric field of a Look: its YAML name and range.
type Param struct {
	Name     string
	Min, Max float64
	Doc      string
}

// Params are the numeric fields of a Look, in documentation order. The
// config loader and the docs use this table; Set writes a field by name.
var Params = []Param{
	{"exposure", -4, 4, "stops: luma × 2^exposure"},
	{"contrast", -0.9, 3, "S-curve around mid grey; the slope there is 1+contrast"},
	{"saturation", -1, 2, "chroma × (1+saturation); -1 is black and white"},
	{"temperature", -1, 1, "white balance: -1 blue .. 1 amber (brightness kept)"},
	{"tint", -1, 1, "white balance: -1 green .. 1 magenta"},
	{"lift", -0.5, 0.5, "raises (or crushes) black; white stays"},
	{"gamma", -0.9, 1, "mid-tones: > 0 brighter, < 0 darker"},
	{"gain", -0.9, 2, "white × (1+gain); black stays"},
}

// ColorParams are the Look fields holding an R, G, B triple, each in -0.5..0.5.
var ColorParams = []string{"shadows", "highlights"}

// Set writes the numeric field name (from Params) or a component of a
// colour field; it reports an unknown name.
func (l *Look) Set(name string, v float64) error {
	p := map[string]*float64{
		"exposure": &l.Exposure, "contrast": &l.Contrast, "saturation": &l.Saturation,
		"temperature": &l.Temperature, "tint": &l.Tint,
		"lift": &l.Lift, "gamma": &l.Gamma, "gain": &l.Gain,
	}[name]
	if p == nil {
		return fmt.Errorf("grade: unknown look parameter %q", name)
	}
	*p = v
	return nil
}

// IsIdentity reports whether l changes nothing.
func (l Look) IsIdentity() bool {
	return l.Exposure == 0 && l.Contrast == 0 && l.Saturation == 0 && l.Temperature == 0 &&
		l.Tint == 0 && l.Lift == 0 && l.Gamma == 0 && l.Gain == 0 &&
		l.Shadows == [3]float64{} && l.Highlights == [3]float64{} && len(l.Curve) == 0
}

// Preset is a named look.
type Preset struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Look        Look   `json:"look"`
	Builtin     bool   `json:"builtin"`
}
