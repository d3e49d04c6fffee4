package config

import (
	"strconv"
	"strings"
	"testing"
)

// TestFilmFadeForms checks the duration and map forms of fade_in and
// fade_out and their defaults.
func TestFilmFadeForms(t *testing.T) {
	tests := []struct {
		name, src string
		in, out   string // "dur color curve line", "" for none
	}{
		{"none", "", "", ""},
		{"short forms", "fade_in: 1s\nfade_out: 12f\n", "1s black tri 1", "12f black tri 2"},
		{"map forms", "fade_in: {duration: 500ms, color: white}\nfade_out:\n  duration: 00:00:02\n  color: \"#102030\"\n  curve: qsin\n",
			"500ms white tri 1", "00:00:02 #102030 qsin 2"},
		{"anchor", "fade_in: &f {duration: 1s, color: red}\nfade_out: *f\n", "1s red tri 1", "1s red tri 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseOK(t, tt.src+scene1, t.TempDir(), testOptions())
			if got := describeFade(p.FadeIn); got != tt.in {
				t.Errorf("fade_in = %q, want %q", got, tt.in)
			}
			if got := describeFade(p.FadeOut); got != tt.out {
				t.Errorf("fade_out = %q, want %q", got, tt.out)
			}
		})
	}
}

func describeFade(f *Fade) string {
	if f == nil {
		return ""
	}
	return strings.Join([]string{f.Duration.String(), f.Color, f.Curve, strconv.Itoa(f.Pos.Line)}, " ")
}

// TestLastSceneTransitionWarns checks that a transition on the last scene,
// in either form, is ignored with a warning pointing to fade_out instead
// of being an error.
func TestLastSceneTransitionWarns(t *testing.T) {
	for _, tr := range []string{"fade", "{type: dip, duration: 1s, color: white}", "cut"} {
		src := scene1 + "  - source: b.mp4\n    transition: " + tr + "\n"
		p := parseOK(t, src, t.TempDir(), testOptions())
		if p.Scenes[1].Transition != nil {
			t.Errorf("%s: last scene keeps transition %+v", tr, p.Scenes[1].Transition)
		}
		if len(p.Warnings) != 1 {
			t.Fatalf("%s: warnings %v, want one", tr, p.Warnings)
		}
		w := p.Warnings[0].Error()
		if !strings.HasPrefix(w, "project.yaml:4: scenes[1].transition: the last scene has no next scene") ||
			!strings.Contains(w, "is ignored") || !strings.Contains(w, "fade_out") {
			t.Errorf("%s: warning %q", tr, w)
		}
	}
	// A bad transition on the last scene is still an error.
	src := scene1 + "  - source: b.mp4\n    transition: disolve\n"
	_, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
	if err == nil || !strings.Contains(err.Error(), `unknown transition "disolve"`) {
		t.Errorf("bad last transition: %v", err)
	}
	// The project default never applies to the last scene: no warning.
	p := parseOK(t, "transition: fade\n"+scene1+"  - source: b.mp4\n", t.TempDir(), testOptions())
	if len(p.Warnings) != 0 {
		t.Errorf("default transition warned: %v", p.Warnings)
	}
}
