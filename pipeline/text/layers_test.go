package text

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

var canvas = Canvas{W: 320, H: 180, FPS: frac.New(30, 1), PxScale: 1}

func dur(t *testing.T, s string) timecode.Duration {
	t.Helper()
	d, err := timecode.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var event = regexp.MustCompile(`(?m)^Dialogue: (\d+),(\d+):(\d\d):(\d\d)\.(\d\d),(\d+):(\d\d):(\d\d)\.(\d\d),(\w+),,0,0,0,,(.*)$`)

// byFrame lists, for every film frame, the events a script shows on it
// (layer, style and text).
func byFrame(t *testing.T, script string) map[int][]string {
	t.Helper()
	cs := func(m []string) int { // the number m[0]
		n, _ := strconv.Atoi(m[0])
		return n
	}
	out := map[int][]string{}
	for _, m := range event.FindAllStringSubmatch(script, -1) {
		st := ((cs(m[2:3])*60+cs(m[3:4]))*60+cs(m[4:5]))*100 + cs(m[5:6])
		en := ((cs(m[6:7])*60+cs(m[7:8]))*60+cs(m[8:9]))*100 + cs(m[9:10])
		if st%10 != 5 || en%10 != 5 {
			t.Fatalf("event %q is not timed half a frame before a frame", m[0])
		}
		for f := (st - 5) / 10; f < (en-5)/10; f++ {
			out[f] = append(out[f], m[1]+" "+m[10]+" "+m[11])
		}
	}
	return out
}

// TestLayerScriptSegments cuts a film of animated layers into segments at
// many places: on every frame, the segment's script shows exactly what the
// whole film's script shows there, so animations run on across joins, and
// a segment's script holds no event outside its frames.
func TestLayerScriptSegments(t *testing.T) {
	in := &config.Animation{Kind: "slide", Direction: "up", Duration: dur(t, "9f"), Easing: "in-out"}
	out := &config.Animation{Kind: "fade", Duration: dur(t, "0.5s")}
	grow := &config.Animation{Kind: "scale", Duration: dur(t, "5f")}
	ls := []Placed{
		{Layer: &config.Layer{Text: "Ada Lovelace\nMathematician", Style: "lower-third", In: in, Out: out}, From: 5, To: 70},
		{Layer: &config.Layer{Text: "Chapter 1", Style: "title", In: grow}, From: 0, To: 30},
		{Layer: &config.Layer{Text: "one frame", Style: "caption", Out: out}, From: 40, To: 41},
	}
	whole := byFrame(t, LayerScript(ls, 0, 80, canvas, nil))
	if len(whole[5]) != 3 || len(whole[4]) != 1 || len(whole[70]) != 0 || len(whole[69]) != 2 || len(whole[40]) != 3 { // the lower third is a box and its text
		t.Fatalf("frames 4, 5, 40, 69, 70 show %d, %d, %d, %d, %d events", len(whole[4]), len(whole[5]), len(whole[40]), len(whole[69]), len(whole[70]))
	}
	for _, cuts := range [][]int64{{0, 80}, {0, 7, 8, 14, 40, 41, 80}, {0, 3, 29, 30, 55, 66, 79, 80}} {
		for i := 0; i+1 < len(cuts); i++ {
			from, to := cuts[i], cuts[i+1]
			seg := byFrame(t, LayerScript(ls, from, to-from, canvas, nil))
			for f := range seg {
				if int64(f) < from || int64(f) >= to {
					t.Errorf("segment [%d,%d) shows an event on frame %d", from, to, f)
				}
			}
			for f := from; f < to; f++ {
				if got, want := strings.Join(seg[int(f)], "|"), strings.Join(whole[int(f)], "|"); got != want {
					t.Errorf("segment [%d,%d), frame %d:\n got %s\nwant %s", from, to, f, got, want)
				}
			}
		}
	}
}

// TestPlaceNamed puts a short text at every named position: its anchor is
// inside the safe margins, on the side the name says.
func TestPlaceNamed(t *testing.T) {
	mx, my := Margins(canvas.W, canvas.H)
	for _, name := range config.Positions {
		l := &config.Layer{Text: "Hi", Position: config.Position{Named: name}}
		k := lookOf(l, canvas, "DejaVu Sans")
		p := place(l, k, nil, canvas)
		if p.x < float64(mx) || p.x > float64(canvas.W-mx) || p.y < float64(my) || p.y > float64(canvas.H-my) {
			t.Errorf("%s: anchored at (%v, %v), outside the safe margins", name, p.x, p.y)
		}
		col, r := (p.an-1)%3, (p.an-1)/3 // 0 left/bottom .. 2 right/top
		wantCol := map[string]int{"left": 0, "center": 1, "right": 2}[column(config.Position{Named: name})]
		wantRow := map[string]int{"bottom": 0, "middle": 1, "top": 2}[row(config.Position{Named: name})]
		if col != wantCol || r != wantRow {
			t.Errorf("%s: \\an%d", name, p.an)
		}
	}
}

// TestLookOverrides: a style's preset fills the keys a layer leaves out;
// the layer's own win; pixel lengths scale with the film frame (a half
// size preview), percentages with its size.
func TestLookOverrides(t *testing.T) {
	half := Canvas{W: 160, H: 90, FPS: canvas.FPS, PxScale: 0.5}
	lt := lookOf(&config.Layer{Style: "lower-third"}, half, "F")
	if lt.size != 4.5 || !lt.box || lt.pos.Named != "bottom-left" || lt.align != "left" || lt.width != 96 {
		t.Errorf("lower-third: %+v", lt)
	}
	own := lookOf(&config.Layer{Style: "lower-third", Size: &config.Length{Value: 20}, Color: "#ff000080",
		Box: &config.Box{Color: "blue", Padding: 10}, Position: config.Position{Named: "top-right"},
		Outline: &config.Outline{Width: 4}}, half, "F")
	if own.size != 10 || own.pad != 5 || own.boxC.B != 255 || own.color.A != 0x80 || own.pos.Named != "top-right" ||
		own.align != "right" || own.outline != 2 || own.outlineC.A != 255 {
		t.Errorf("lower-third with its own keys: %+v", own)
	}
	if k := lookOf(&config.Layer{Style: "title", Align: "left", Opacity: 0.5, Set: []string{"opacity"}}, half, "F"); !k.bold || k.align != "left" || k.opacity != 0.5 {
		t.Errorf("title aligned left, half opaque: %+v", k)
	}
	if k := lookOf(&config.Layer{}, half, "F"); k.opacity != 1 || k.pos.Named != "center" || k.align != "center" {
		t.Errorf("no style: %+v", k)
	}
}

// TestPresetsAreTheStyles: every style the project file accepts has a
// preset, and every preset is a style it accepts.
func TestPresetsAreTheStyles(t *testing.T) {
	if got, want := strings.Join(StyleNames(), ","), strings.Join(sortedCopy(config.TextStyles), ","); got != want {
		t.Errorf("presets %s, styles %s", got, want)
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

// TestPlaceInsideFrame: a short text stays inside the frame wherever it is
// put, however aligned, whatever its width: named positions and points
// across the frame, each alignment, no width, a narrow one and the whole
// frame's.
func TestPlaceInsideFrame(t *testing.T) {
	var positions []config.Position
	for _, n := range config.Positions {
		positions = append(positions, config.Position{Named: n})
	}
	for _, x := range []float64{0, 30, 50, 80} {
		positions = append(positions, point(x, 40))
	}
	for _, pos := range positions {
		for _, align := range []string{"", "left", "center", "right"} {
			for _, w := range []*config.Length{nil, {Value: 30, Percent: true}, {Value: 100, Percent: true}} {
				l := &config.Layer{Text: "Hello there", Position: pos, Align: align, Width: w, Box: &config.Box{Padding: 4}}
				k := lookOf(l, canvas, "F")
				p := place(l, k, nil, canvas)
				if p.left < -0.5 || p.left+p.outW > float64(canvas.W)+0.5 {
					t.Errorf("%+v, align %q, width %v: the text covers x %.1f..%.1f of %d", pos, align, w, p.left, p.left+p.outW, canvas.W)
				}
			}
		}
	}
}

// TestPresetPortrait: a style's size follows the frame's shorter side, so
// a portrait frame's title is as wide a share of the frame as a
// landscape one's.
func TestPresetPortrait(t *testing.T) {
	land := lookOf(&config.Layer{Style: "title"}, Canvas{W: 1920, H: 1080}, "F")
	port := lookOf(&config.Layer{Style: "title"}, Canvas{W: 1080, H: 1920}, "F")
	if land.size != 108 || port.size != 108 {
		t.Errorf("title sizes %v (landscape), %v (portrait), want 108", land.size, port.size)
	}
	if own := lookOf(&config.Layer{Style: "title", Size: &config.Length{Value: 5, Percent: true}}, Canvas{W: 1080, H: 1920}, "F"); own.size != 96 {
		t.Errorf("size: 5%% of a 1920-line frame is %v, want 96", own.size)
	}
}
