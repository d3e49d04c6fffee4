package plan_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/pipeline/probe"
)

// a: [0,60) fades into b over [50,60); b: [50,110); cut to c: [110,170).
const threeScenes = film30 + `scenes:
  - {id: a, source: a.mp4, transition: {type: fade, duration: 10f}}
  - {id: b, source: b.mp4}
  - {id: c, source: c.mp4}
`

// dur parses a duration for a test.
func dur(t *testing.T, s string) *timecode.Duration {
	t.Helper()
	d, err := timecode.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

// textLayer is a text layer from start to end (frames, 30 fps).
func textLayer(t *testing.T, txt string, start, end int) config.Layer {
	return config.Layer{Kind: config.LayerText, Text: txt, Style: "lower-third", Start: *dur(t, strconv.Itoa(start)+"f"), End: dur(t, strconv.Itoa(end)+"f"), Opacity: 1}
}

// layeredPlan plans threeScenes with the film's and scenes' layers set by
// set, keyed; it returns the plan and the key of every part by job and
// part name.
func layeredPlan(t *testing.T, set func(p *config.Project)) (*plan.Plan, map[string]string) {
	t.Helper()
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 2), "b.mp4": clip(fps30, 2), "c.mp4": clip(fps30, 2)}
	sp, err := plantest.Spec([]byte(threeScenes), media, nil)
	if err != nil {
		t.Fatal(err)
	}
	set(sp.Film)
	p, err := plan.Build(plan.Input{Spec: sp, WorkDir: "/work"})
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p)
	fk := map[string]string{}
	for _, n := range []string{"a.mp4", "b.mp4", "c.mp4"} {
		fk[plantest.Dir+"/"+n] = "k" + n
	}
	if err := p.ApplyCache(plan.Cache{Dir: "/cache", FFmpegVersion: "5.1", FileKeys: fk}); err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, j := range p.Jobs {
		for _, pt := range j.Parts {
			keys[j.ID+" "+pt.Name] = pt.Key
		}
	}
	return p, keys
}

// TestTextLayerKeys: a segment's key holds only the layers over it, so
// changing one film layer's text changes the keys of the segments under
// it and no other; a layer touching no segment's frames changes nothing
// (the raw frames the transitions read never hold layers).
func TestTextLayerKeys(t *testing.T) {
	films := func(one, two string) func(p *config.Project) {
		return func(p *config.Project) {
			p.Layers = []config.Layer{textLayer(t, one, 0, 20), textLayer(t, two, 45, 75)}
		}
	}
	_, base := layeredPlan(t, films("One", "Two"))
	_, none := layeredPlan(t, func(*config.Project) {})
	tests := []struct {
		name    string
		set     func(p *config.Project)
		changed []string
	}{
		{"the first layer's text", films("Uno", "Two"), []string{"s01-a body film"}},
		{"the second layer's text (a body, the transition, b body)", films("One", "Dos"),
			[]string{"s01-a body film", "s02-b body film", "t-fade-a-b "}},
		{"both", films("Uno", "Dos"), []string{"s01-a body film", "s02-b body film", "t-fade-a-b "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := layeredPlan(t, tt.set)
			var changed []string
			for k, v := range got {
				if base[k] != v {
					changed = append(changed, k)
				}
			}
			if strings.Join(sorted(changed), ",") != strings.Join(tt.changed, ",") {
				t.Errorf("changed %v, want %v", sorted(changed), tt.changed)
			}
		})
	}
	for k, v := range base {
		under := strings.HasPrefix(k, "s01-a body") || strings.HasPrefix(k, "s02-b body") || strings.HasPrefix(k, "t-fade")
		if (none[k] != v) != under {
			t.Errorf("%s: key with layers %s, without %s", k, v, none[k])
		}
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

var dialogue = regexp.MustCompile(`(?m)^Dialogue: (\d+),(\d+):(\d\d):(\d\d)\.(\d\d),(\d+):(\d\d):(\d\d)\.(\d\d),(\w+),`)

// eventFrames lists the film frames [from, to) of every event of an ASS
// script timed as text.FrameRate says (frame F at (F+1)*100 ms, events
// from half a frame before).
func eventFrames(t *testing.T, script string) [][2]int {
	t.Helper()
	var out [][2]int
	ms := func(h, m, s, cs string) int {
		a, _ := strconv.Atoi(h)
		b, _ := strconv.Atoi(m)
		c, _ := strconv.Atoi(s)
		d, _ := strconv.Atoi(cs)
		return ((a*60+b)*60+c)*1000 + d*10
	}
	for _, m := range dialogue.FindAllStringSubmatch(script, -1) {
		st, en := ms(m[2], m[3], m[4], m[5]), ms(m[6], m[7], m[8], m[9])
		if st%100 != 50 || en%100 != 50 {
			t.Errorf("event %s is not timed half a frame before a frame", m[0])
		}
		out = append(out, [2]int{(st - 50) / 100, (en - 50) / 100})
	}
	return out
}

// scripts are the text scripts of a plan's jobs by job id.
func scripts(p *plan.Plan) map[string]string {
	out := map[string]string{}
	for _, j := range p.Jobs {
		for _, f := range j.Files {
			if strings.Contains(f.Path, "text-") {
				out[j.ID] += f.Content
			}
		}
	}
	return out
}

// TestSceneLayerTiming: a scene's layer is timed from the scene's first
// frame and cut at its last; its events carry film frames, and each
// segment's script holds only the frames of that segment. An animated
// layer has one event per animated frame, on consecutive frames.
func TestSceneLayerTiming(t *testing.T) {
	p, _ := layeredPlan(t, func(p *config.Project) {
		l := textLayer(t, "Chapter", 15, 0)
		l.End, l.Duration = nil, dur(t, "5s") // past b's end: cut there
		l.In = &config.Animation{Kind: "fade", Duration: *dur(t, "4f")}
		p.Scenes[1].Layers = []config.Layer{l}
	})
	sc := scripts(p)
	if _, ok := sc["s03-c"]; ok {
		t.Errorf("scene c's job draws b's layer:\n%s", sc["s03-c"])
	}
	if _, ok := sc["s01-a"]; ok {
		t.Errorf("scene a's job draws b's layer")
	}
	// b starts at film frame 50: the layer covers [65, 110), its fade the
	// frames 65..68; b's body is [60, 110).
	var text [][2]int
	for _, e := range eventFrames(t, sc["s02-b"]) {
		text = append(text, e)
	}
	want := [][2]int{{69, 110}, {69, 110}, {65, 66}, {65, 66}, {66, 67}, {66, 67}, {67, 68}, {67, 68}, {68, 69}, {68, 69}}
	if len(text) != len(want) {
		t.Fatalf("events %v, want %v", text, want)
	}
	for i := range want {
		if text[i] != want[i] {
			t.Errorf("event %d on frames %v, want %v", i, text[i], want[i])
		}
	}
	if sc["t-fade-a-b"] != "" {
		t.Errorf("the transition [50,60) draws a layer starting at 65")
	}
}

// TestTextLayerWarnings: a word wider than its layer's width and text
// taller than the frame are warnings naming the layer, once each, however
// many segments the layer spans.
func TestTextLayerWarnings(t *testing.T) {
	p, _ := layeredPlan(t, func(p *config.Project) {
		long := textLayer(t, "Supercalifragilisticexpialidocious", 0, 100)
		long.Width, long.Pos = &config.Length{Value: 20, Percent: true}, config.Pos{File: "project.yaml", Line: 4, Path: "layers[0]"}
		tall := textLayer(t, strings.TrimSpace(strings.Repeat("line\n", 30)), 0, 10)
		tall.Pos = config.Pos{File: "project.yaml", Line: 5, Path: "layers[1]"}
		fine := textLayer(t, "fine", 0, 170)
		// Three places: text at one place over another is its own warning.
		tall.Position, fine.Position = config.Position{Named: "top"}, config.Position{Named: "right"}
		p.Layers = []config.Layer{long, tall, fine}
	})
	w := strings.Join(p.Warnings, "\n")
	if strings.Count(w, "layers[0]: the word \"Supercalifragilisticexpi…\" is wider") != 1 ||
		strings.Count(w, "layers[1]: the text's 30 lines") != 1 || len(p.Warnings) != 2 {
		t.Errorf("warnings:\n%s", w)
	}
}
