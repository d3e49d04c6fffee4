package config

import (
	"reflect"
	"testing"
)

// TestScenePictureErrors checks the messages of bad motion, speed, freeze
// and background values, several spellings of each mistake.
func TestScenePictureErrors(t *testing.T) {
	cases := []errorCase{
		{"zoom below 1", scene1 + "    motion: {zoom: [0.8, 1.2]}\n",
			`project.yaml:3: scenes[0].motion.zoom[0]: zoom 0.8 is below 1: the window would be larger than the picture (1 shows the whole frame as fitted, 1.2 a window 1/1.2 of it)`},
		{"zoom held below 1", scene1 + "    motion: {zoom: 0}\n",
			`project.yaml:3: scenes[0].motion.zoom: zoom 0 is below 1: the window would be larger than the picture (1 shows the whole frame as fitted, 1.2 a window 1/1.2 of it)`},
		{"zoom negative", scene1 + "    motion: {zoom: [1, -2]}\n",
			`project.yaml:3: scenes[0].motion.zoom[1]: zoom -2 is below 1: the window would be larger than the picture (1 shows the whole frame as fitted, 1.2 a window 1/1.2 of it)`},
		{"zoom too large", scene1 + "    motion: {zoom: [1, 50]}\n",
			`project.yaml:3: scenes[0].motion.zoom[1]: zoom 50 is out of range (1 to 10)`},
		{"zoom a string", scene1 + "    motion: {zoom: big}\n",
			`project.yaml:3: scenes[0].motion.zoom: expected a zoom factor like 1.2 (or [1, 1.2]), found the string "big"`},
		{"zoom three values", scene1 + "    motion: {zoom: [1, 1.1, 1.2]}\n",
			`project.yaml:3: scenes[0].motion.zoom: expected a zoom or [from, to], found a list of 3`},
		{"bad easing", scene1 + "    motion: {zoom: [1, 1.2], easing: inout}\n",
			`project.yaml:3: scenes[0].motion.easing: unknown easing "inout" (did you mean "in-out"?)`},
		{"easing a number", scene1 + "    motion: {zoom: [1, 1.2], easing: 2}\n",
			`project.yaml:3: scenes[0].motion.easing: unknown easing "2" (did you mean "in"?)`},
		{"pan not a place", scene1 + "    motion: {pan: [center, upper-left]}\n",
			`project.yaml:3: scenes[0].motion.pan[1]: unknown place "upper-left" (expected one of: top-left, top, top-right, left, center, right, bottom-left, bottom, bottom-right); or write a point {x: 30%, y: 40%}`},
		{"pan typo", scene1 + "    motion: {pan: [centre, top-left]}\n",
			`project.yaml:3: scenes[0].motion.pan[0]: unknown place "centre" (did you mean "center"?); or write a point {x: 30%, y: 40%}`},
		{"pan point off the picture", scene1 + "    motion: {pan: [center, {x: 120%, y: 10%}]}\n",
			`project.yaml:3: scenes[0].motion.pan[1].x: 120% is off the picture (0% to 100%, or pixels from 0)`},
		{"pan point without y", scene1 + "    motion: {pan: {x: 10%}}\n",
			`project.yaml:3: scenes[0].motion.pan: a point needs both x and y (e.g. {x: 30%, y: 40%})`},
		{"empty motion", scene1 + "    motion: {}\n",
			`project.yaml:3: scenes[0].motion: a motion needs a zoom or a pan (e.g. {zoom: [1, 1.2], pan: [center, top-left]})`},
		{"unknown motion key", scene1 + "    motion: {zom: 1.2}\n",
			`project.yaml:3: scenes[0].motion.zom: unknown key (did you mean "zoom"?)`},
		{"speed zero", scene1 + "    speed: 0\n",
			`project.yaml:3: scenes[0].speed: speed must be greater than zero (0.5 plays at half speed, 2 at twice the speed), found 0`},
		{"speed negative", scene1 + "    speed: -1\n",
			`project.yaml:3: scenes[0].speed: speed must be greater than zero (0.5 plays at half speed, 2 at twice the speed), found -1`},
		{"speed a string", scene1 + "    speed: fast\n",
			`project.yaml:3: scenes[0].speed: expected a speed like 0.5 (slow motion) or 2 (twice as fast), found the string "fast"`},
		{"speed too fast", scene1 + "    speed: 1000\n",
			`project.yaml:3: scenes[0].speed: speed 1000 is out of range (0.01 to 100)`},
		{"speed on a placeholder", "scenes:\n  - placeholder: {text: hi}\n    duration: 1s\n    speed: 2\n",
			`project.yaml:4: scenes[0].speed: speed applies to a clip, not to a placeholder`},
		{"freeze on a card", "scenes:\n  - background: black\n    duration: 1s\n    freeze: {at: 0s, duration: 1s}\n",
			`project.yaml:4: scenes[0].freeze: freeze applies to a clip, not to a card`},
		{"trim on a card", "scenes:\n  - background: black\n    duration: 1s\n    trim: {start: 1s}\n",
			`project.yaml:4: scenes[0].trim: trim applies to a clip, not to a card`},
		{"freeze without duration", scene1 + "    freeze: {at: 1s}\n",
			`project.yaml:3: scenes[0].freeze: a freeze needs at (clip time after the trim) and duration (how long it holds), e.g. {at: 1.2s, duration: 1s}`},
		{"freeze of zero", scene1 + "    freeze: {at: 1s, duration: 0s}\n",
			`project.yaml:3: scenes[0].freeze.duration: must be greater than zero, found 0s`},
		{"card without duration", "scenes:\n  - background: \"#112233\"\n",
			`project.yaml:2: scenes[0]: a card (a background and no source) needs a duration (e.g. duration: 3s)`},
		{"bad background colour", scene1 + "    background: notacolour\n",
			`project.yaml:3: scenes[0].background: unknown colour "notacolour" (write a name such as black, white or darkslategray, or #rrggbb; ` + "`ffmpeg -colors`" + ` lists the names)`},
		{"two backgrounds", "scenes:\n  - background: {color: red, image: a.jpg}\n    duration: 1s\n",
			`project.yaml:2: scenes[0].background: a background has one of color, gradient, image or blur, not both color and image`},
		{"gradient of one colour", "scenes:\n  - background: {gradient: [red]}\n    duration: 1s\n",
			`project.yaml:2: scenes[0].background.gradient: expected two colours [from, to] (e.g. ["#000000", "#334455"]), found a list`},
		{"radial and angle", "scenes:\n  - background: {gradient: [red, blue], radial: true, angle: 90}\n    duration: 1s\n",
			`project.yaml:2: scenes[0].background.angle: a radial gradient has no angle (write radial: true or angle: 90, not both)`},
		{"angle without gradient", "scenes:\n  - background: {color: red, angle: 90}\n    duration: 1s\n",
			`project.yaml:2: scenes[0].background.angle: angle applies to a gradient (e.g. {gradient: ["#000000", "#334455"], angle: ...})`},
		{"blur of nothing", "scenes:\n  - background: {blur: before}\n    duration: 1s\n",
			`project.yaml:2: scenes[0].background.blur: unknown blur "before" (expected one of: previous, next)`},
		{"card blurs itself", "scenes:\n  - background: blur\n    duration: 1s\n",
			`project.yaml:2: scenes[0].background: a card has no picture of its own to blur; blur a neighbour: {blur: previous} or {blur: next}`},
		{"gradient behind a clip", scene1 + "    background: {gradient: [red, blue]}\n",
			`project.yaml:3: scenes[0].background: behind a clip or an image a background is a colour or blur (contain's bars); a gradient, an image or a neighbour's blur is for a card (a scene with a background and no source)`},
		{"background on a placeholder", "scenes:\n  - placeholder: {text: hi}\n    duration: 1s\n    background: red\n",
			`project.yaml:4: scenes[0].background: a placeholder has its own colour (placeholder: {color: ...}); a card with a background is a scene with a background and no source`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
		})
	}
}

// TestScenePictureValues checks what valid motion, speed, freeze and
// background values decode to, with their defaults.
func TestScenePictureValues(t *testing.T) {
	pct := func(v float64) *Length { return &Length{Value: v, Percent: true} }
	cases := []struct {
		name, yaml string
		check      func(s Scene) any
		want       any
	}{
		{"zoom only: pan center, in-out", "motion: {zoom: [1, 1.2]}", func(s Scene) any {
			return []any{s.Motion.Zoom, s.Motion.Pan[0].Named, s.Motion.Pan[1].Named, s.Motion.Easing}
		}, []any{[2]float64{1, 1.2}, "center", "center", "in-out"}},
		{"pan only: zoom 1", "motion: {pan: [left, right], easing: linear}", func(s Scene) any {
			return []any{s.Motion.Zoom, s.Motion.Pan[0].Named, s.Motion.Pan[1].Named, s.Motion.Easing}
		}, []any{[2]float64{1, 1}, "left", "right", "linear"}},
		{"held zoom, point", "motion: {zoom: 1.5, pan: {x: 25%, y: 40px}}", func(s Scene) any {
			return []any{s.Motion.Zoom, *s.Motion.Pan[0].X, *s.Motion.Pan[1].Y}
		}, []any{[2]float64{1.5, 1.5}, *pct(25), Length{Value: 40}}},
		{"speed", "speed: 0.5", func(s Scene) any { return s.Speed }, 0.5},
		{"speed default", "fit: cover", func(s Scene) any { return s.Speed }, 1.0},
		{"freeze", "freeze: {at: 1.2s, duration: 1s}", func(s Scene) any {
			return []string{s.Freeze.At.String(), s.Freeze.Duration.String()}
		}, []string{"1.2s", "1s"}},
		{"background colour", "background: \"#ffffff\"\n    fit: contain", func(s Scene) any { return *s.Background }, Background{Color: "#ffffff", Pos: Pos{File: "project.yaml", Line: 3, Path: "scenes[0].background"}}},
		{"background blur makes fit blur", "background: blur\n    fit: contain", func(s Scene) any { return []string{s.Background.Blur, s.Fit} }, []string{"self", "blur"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(scene1+"    "+tc.yaml+"\n"), "project.yaml", t.TempDir(), testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.check(p.Scenes[0]); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestCards checks that a background without a source is a card, with
// each kind of background.
func TestCards(t *testing.T) {
	src := `scenes:
  - source: a.mp4
  - background: "#102030"
    duration: 2s
  - background: {gradient: ["#000000", "#334455"], radial: true}
    duration: 1s
  - background: {gradient: [black, white], angle: 90}
    duration: 1s
  - background: {image: bg.jpg}
    duration: 1s
  - background: {blur: previous}
    duration: 1s
`
	p, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []Background{
		{Color: "#102030"},
		{Gradient: [2]string{"#000000", "#334455"}, Radial: true},
		{Gradient: [2]string{"black", "white"}, Angle: 90},
		{Image: p.Dir + "/bg.jpg"},
		{Blur: "previous"},
	}
	for i, w := range want {
		s := p.Scenes[i+1]
		if !s.IsCard() {
			t.Errorf("scene %d is not a card", i+1)
		}
		got := *s.Background
		got.Pos = Pos{}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("scene %d: got %+v, want %+v", i+1, got, w)
		}
	}
	if p.Scenes[0].IsCard() {
		t.Errorf("a clip is taken for a card")
	}
}

// TestBackgroundWithoutBars: a background colour or blur behind a clip
// whose fit has no bars has no effect, said in a warning naming the fit.
func TestBackgroundWithoutBars(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"background: red\n    fit: cover", `project.yaml:3: scenes[0].background: the background colour "red" fills the bars of fit: contain, but this scene's fit is cover: it has no effect; write fit: contain`},
		{"background: red\n    fit: blur", `project.yaml:3: scenes[0].background: the background colour "red" fills the bars of fit: contain, but this scene's fit is blur: it has no effect; write fit: contain`},
		{"background: blur\n    fit: stretch", `project.yaml:3: scenes[0].background: background: blur fills the bars of fit: contain, but this scene's fit is stretch (no bars): it has no effect; write fit: contain`},
		{"background: blur", `project.yaml:3: scenes[0].background: background: blur fills the bars of fit: contain, but this scene's fit is cover (no bars): it has no effect; write fit: contain`},
	} {
		p, err := Parse([]byte(scene1+"    "+tc.yaml+"\n"), "project.yaml", t.TempDir(), testOptions())
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Warnings) != 1 || p.Warnings[0].Error() != tc.want {
			t.Errorf("%q: warnings %v, want %s", tc.yaml, p.Warnings, tc.want)
		}
	}
}

// TestShortHexColours: the issue's own spelling, ["#000", "#334"], is CSS's
// short form, which FFmpeg lacks: it is written out for it.
func TestShortHexColours(t *testing.T) {
	p, err := Parse([]byte("scenes:\n  - background: {gradient: [\"#000\", \"#334\"], radial: true}\n    duration: 1s\n  - background: \"#fA08@0.5\"\n    duration: 1s\n"), "project.yaml", t.TempDir(), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if g := p.Scenes[0].Background.Gradient; g != [2]string{"#000000", "#333344"} {
		t.Errorf("gradient %v", g)
	}
	if c := p.Scenes[1].Background.Color; c != "#ffAA0088@0.5" {
		t.Errorf("colour %q", c)
	}
}
