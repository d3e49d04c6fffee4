package config

import (
	"strings"
	"testing"
)

// TestLayersContract parses the layer syntax and checks every value.
func TestLayersContract(t *testing.T) {
	src := `
layers:
  - text: "Ada Lovelace\nMathematician"
    style: lower-third
    position: bottom-left
    start: 2s
    duration: 4s
    in: {fade: 0.4s}
    out: {fade: 0.4s}
  - text: "Spring sale: 30% off"
    font: "DejaVu Serif"
    size: 6%
    color: "#ffffff"
    outline: {width: 2, color: black}
    shadow: {x: 2, y: 2, color: "#00000080"}
    box: {color: "#00000099", padding: 12}
    width: 60%
    align: center
    start: 0s
    end: 3s
  - image: logo.png
    position: top-right
    width: 12%
    opacity: 0.8
  - video: interview.mp4
    position: {x: 62%, y: 58%}
    width: 34%
    volume: mute
    start: 5s
  - {text: px, size: 48px, width: 400, position: {x: 10px, y: 20}, in: {slide: left, duration: 0.3s, easing: in-out}, out: scale}
scenes:
  - source: still.jpg
    duration: 5s
    layers:
      - {text: "Chapter 1", style: title, duration: 2s, out: {fade: 0.5s}}
`
	p := parseOK(t, src, t.TempDir(), testOptions())
	if len(p.Layers) != 5 || len(p.Scenes[0].Layers) != 1 {
		t.Fatalf("got %d film layers and %d scene layers, want 5 and 1", len(p.Layers), len(p.Scenes[0].Layers))
	}
	a := p.Layers[0]
	if a.Kind != LayerText || a.Text != "Ada Lovelace\nMathematician" || a.Style != "lower-third" || a.Position.Named != "bottom-left" ||
		a.Start.String() != "2s" || a.Duration.String() != "4s" || a.In.Kind != "fade" || a.In.Duration.String() != "0.4s" || a.Out.Kind != "fade" || a.Opacity != 1 {
		t.Errorf("lower third: %+v", a)
	}
	b := p.Layers[1]
	if b.Font != "DejaVu Serif" || *b.Size != (Length{6, true}) || b.Color != "#ffffff" || *b.Outline != (Outline{2, "black", b.Outline.Pos}) ||
		b.Shadow.X != 2 || b.Shadow.Color != "#00000080" || b.Box.Padding != 12 || *b.Width != (Length{60, true}) || b.Align != "center" || b.End.String() != "3s" {
		t.Errorf("sale: %+v", b)
	}
	c := p.Layers[2]
	if c.Kind != LayerImage || !strings.HasSuffix(c.Image, "/logo.png") || c.Position.Named != "top-right" || c.Opacity != 0.8 || c.Duration != nil || c.End != nil {
		t.Errorf("logo: %+v", c)
	}
	v := p.Layers[3]
	if v.Kind != LayerVideo || !strings.HasSuffix(v.Video, "/interview.mp4") || *v.Position.X != (Length{62, true}) || *v.Position.Y != (Length{58, true}) || !v.Volume.Mute {
		t.Errorf("pip: %+v", v)
	}
	e := p.Layers[4]
	if *e.Size != (Length{48, false}) || *e.Width != (Length{400, false}) || *e.Position.X != (Length{10, false}) ||
		e.In.Kind != "slide" || e.In.Direction != "left" || e.In.Duration.String() != "0.3s" || e.In.Easing != "in-out" ||
		e.Out.Kind != "scale" || e.Out.Duration != DefaultAnimation {
		t.Errorf("px: %+v in %+v out %+v", e, e.In, e.Out)
	}
	if s := p.Scenes[0].Layers[0]; s.Style != "title" || s.Duration.String() != "2s" || s.Out.Duration.String() != "0.5s" {
		t.Errorf("scene layer: %+v", s)
	}
	kinds := map[string]string{}
	for _, in := range p.Inputs {
		kinds[in.Kind] += in.Pos.Path + " "
	}
	if kinds[InputImage] != "layers[2].image " || kinds[InputVideo] != "layers[3].video " {
		t.Errorf("inputs: %v", kinds)
	}
}

// TestLayerErrors checks each kind of layer mistake, and spellings of it.
func TestLayerErrors(t *testing.T) {
	cases := []struct{ name, layer, want string }{
		{"no kind", `{position: top}`, `layers[0]: a layer needs one of text, image or video (e.g. text: "Hello")`},
		{"two kinds", `{text: a, image: b.png}`, `layers[0]: a layer is one of text, image or video, not text and image (write two layers)`},
		{"empty text", `{text: "  "}`, `layers[0].text: the text is empty (write the text to show, or remove the layer)`},
		{"text is a list", `{text: [a]}`, `layers[0].text: expected a text, found a list`},
		{"style on an image", `{image: a.png, style: title}`, `layers[0].style: only text layers have style (this is an image layer)`},
		{"volume on text", `{text: a, volume: mute}`, `layers[0].volume: only video layers have a volume (this is a text layer)`},
		{"unknown style", `{text: a, style: lowerthird}`, `layers[0].style: unknown text style "lowerthird" (did you mean "lower-third"?)`},
		{"unknown position", `{text: a, position: botom}`, `layers[0].position: unknown position "botom" (did you mean "bottom"?)`},
		{"x off the frame", `{text: a, position: {x: 100%, y: 0%}}`, `layers[0].position.x: 100% puts the layer's top-left corner on the frame's edge, so it is off the frame (at most 99.9%; the corner is the layer's top-left)`},
		{"negative y", `{text: a, position: {x: 0, y: -5%}}`, `layers[0].position.y: -5% is off the frame (from 0% to 100%)`},
		{"px off the frame", `{text: a, position: {x: 1920px, y: 0}}`, `layers[0].position: x = 1920px is off the 1920x1080 frame (at most 1919px; or write a percentage)`},
		{"point without y", `{text: a, position: {x: 5%}}`, `layers[0].position: a point needs both x and y (e.g. {x: 5%, y: 80%}), y is missing`},
		{"size not a length", `{text: a, size: big}`, `layers[0].size: "big" is not a font size like 6% (of the frame's height) or 48px`},
		{"end before start", `{text: a, start: 3s, end: 2s}`, `layers[0].end: end 2s must be after start 3s`},
		{"end and duration", `{text: a, end: 3s, duration: 1s}`, `layers[0].duration: give either end or duration, not both (end at line 2)`},
		{"zero duration", `{text: a, duration: 0s}`, `layers[0].duration: must be greater than zero, found 0s`},
		{"two animations", `{text: a, in: {fade: 1s, scale: 1s}}`, `layers[0].in: an animation is one of fade, slide or scale, not fade and scale`},
		{"bad slide", `{text: a, in: {slide: sideways}}`, `layers[0].in.slide: unknown slide direction "sideways" (expected one of: left, right, up, down)`},
		{"bad easing", `{text: a, out: {fade: 1s, easing: inout}}`, `layers[0].out.easing: unknown easing "inout" (did you mean "in-out"?)`},
		{"animation word", `{text: a, in: wobble}`, `layers[0].in: expected a map like {fade: 0.4s}, {slide: left, duration: 0.5s} or {scale: 0.3s}, found the string "wobble"`},
		{"opacity", `{image: a.png, opacity: 1.5}`, `layers[0].opacity: 1.5 is out of range (0 to 1)`},
		{"bad colour", `{text: a, box: {color: notacolour}}`, `layers[0].box.color: unknown colour "notacolour" (write a name such as black, white or darkslategray, or #rrggbb; ` + "`ffmpeg -colors`" + ` lists the names)`},
		{"font with a slash, not a font", `{text: a, font: fonts/a.woff2}`, `layers[0].font: "fonts/a.woff2" is not a font file (reel reads .ttf, .otf, .ttc, .otc files); a family name has no slash`},
		{"layers a map", ``, ``},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "layers:\n  - " + tc.layer + "\n" + scene1
			want := "project.yaml:2: " + tc.want
			if tc.layer == "" {
				src, want = "layers: {text: a}\n"+scene1, `project.yaml:1: layers: expected a list of layers (each a map with text, image or video), found a map`
			}
			p, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, want)
		})
	}
}

// TestLayerFiles checks that a missing image, video or font file is named
// at its key, and that a font file is an input.
func TestLayerFiles(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions()
	opts.SkipFileChecks = false
	src := "layers:\n  - {image: logo.png}\n  - {video: pip.mp4}\n  - {text: a, font: fonts/Brand.ttf}\n" +
		"scenes:\n  - {placeholder: {text: a}, duration: 1s}\n"
	_, err := Parse([]byte(src), "project.yaml", dir, opts)
	want := "project.yaml:2: layers[0].image: file not found: logo.png (looked in " + dir + ")\n" +
		"project.yaml:3: layers[1].video: file not found: pip.mp4 (looked in " + dir + ")\n" +
		"project.yaml:4: layers[2].font: file not found: fonts/Brand.ttf (looked in " + dir + "/fonts)"
	if err == nil || err.Error() != want {
		t.Fatalf("got\n%v\nwant\n%s", err, want)
	}
	writeFiles(t, dir, "logo.png", "pip.mp4", "fonts/Brand.ttf")
	p := parseOK(t, src, dir, opts)
	if p.Layers[2].FontFile != dir+"/fonts/Brand.ttf" || p.Layers[2].Font != "" {
		t.Errorf("font file: %+v", p.Layers[2])
	}
	if n := len(p.Inputs); n != 3 || p.Inputs[2].Kind != InputFont {
		t.Errorf("inputs: %+v", p.Inputs)
	}
}
