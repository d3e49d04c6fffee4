package config

import (
	"testing"
)

// TestTransitionForms checks the name and map forms and their defaults.
func TestTransitionForms(t *testing.T) {
	src := `transition: wipeleft
scenes:
  - source: a.mp4
    transition: {type: cut, duration: 2s}
  - source: a.mp4
    transition: cut
  - source: a.mp4
    transition: {type: dip, color: white}
  - source: a.mp4
    transition: {type: fade, duration: 12f, curve: exp}
  - source: a.mp4
  - source: a.mp4
`
	p := parseOK(t, src, t.TempDir(), testOptions())
	tests := []struct {
		typ, dur, color, curve string
		line                   int
	}{
		{"cut", "0s", "black", "tri", 4},
		{"cut", "0s", "black", "tri", 6},
		{"dip", "0.5s", "white", "tri", 8},
		{"fade", "12f", "black", "exp", 10},
		{"wipeleft", "0.5s", "black", "tri", 1},
	}
	for i, tt := range tests {
		tr := p.Scenes[i].Transition
		if tr == nil || tr.Type != tt.typ || tr.Duration.String() != tt.dur || tr.Color != tt.color ||
			tr.Curve != tt.curve || tr.Pos.Line != tt.line {
			t.Errorf("scenes[%d].transition = %+v, want %+v", i, tr, tt)
		}
	}
	if !p.Scenes[0].Transition.Duration.IsZero() {
		t.Errorf("a cut's duration must be zero, got %v", p.Scenes[0].Transition.Duration)
	}
	if p.Scenes[5].Transition != nil {
		t.Errorf("last scene transition = %+v, want nil", p.Scenes[5].Transition)
	}
}

// TestAnchorsAndNulls checks YAML aliases, merge keys and empty maps.
func TestAnchorsAndNulls(t *testing.T) {
	src := `output:
fit: blur
scenes:
  - &base {id: a, source: a.mp4, fit: contain, volume: -3.5dB}
  - <<: *base
    id: b
  - placeholder:
    duration: 1s
`
	p := parseOK(t, src, t.TempDir(), testOptions())
	if p.Output.Width != 1920 || p.Output.Codec != "h264" || p.Output.Pos.Line != 1 {
		t.Errorf("null output should take the defaults: %+v", p.Output)
	}
	b := p.Scenes[1]
	if b.ID != "b" || b.Fit != "contain" || b.Volume.DB != -3.5 || b.Source != p.Scenes[0].Source {
		t.Errorf("merged scene = %+v", b)
	}
	ph := p.Scenes[2].Placeholder
	if ph == nil || ph.Text != "scene-3" || ph.Color != "" || p.Scenes[2].Fit != "blur" {
		t.Errorf("placeholder scene = %+v, placeholder %+v", p.Scenes[2], ph)
	}
}
