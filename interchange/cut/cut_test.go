package cut

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/interchange/edl"
	"github.com/reel-film/reel/interchange/otio"
	"github.com/reel-film/reel/internal/frac"
)

// view is a shot as reel renders it: its frames with the handles its
// transitions play, where it starts in its media, and the transition
// after it.
type view struct {
	gap    bool
	media  string
	frames int64
	start  int64 // in frames of the film
	next   int64
	speed  float64
}

// reelView lays the cut out as reel's scenes.
func reelView(c *Cut) []view {
	var out []view
	for i, s := range c.Shots {
		var in, outF, next int64
		if i > 0 && c.Shots[i-1].Next != nil {
			in = c.Shots[i-1].Next.In
		}
		if s.Next != nil {
			outF, next = s.Next.Out, s.Next.Frames()
		}
		v := view{gap: s.Gap, media: s.Media, frames: s.Frames + in + outF, next: next, speed: s.Speed}
		if !s.Gap {
			v.start = int64(math.Round(s.Start.Seconds()*c.FPS.Float() - float64(in)*s.Speed))
		}
		out = append(out, v)
	}
	return out
}

// testCut is a cut with clips, a gap, dissolves split both ways around
// their cuts, and a clip at another speed.
func testCut(fps frac.Rational) *Cut {
	r := fps.Float()
	return &Cut{Name: "test", File: "test", FPS: fps, Shots: []*Shot{
		{Name: "a", Media: "/m/a.mov", Start: SourceTime{10, r}, Frames: 40, Speed: 1, Next: &Transition{In: 5, Out: 4}},
		{Name: "b", Media: "/m/b.mov", Start: SourceTime{1000, r}, Frames: 2000, Speed: 1},
		{Name: "black", Gap: true, Frames: 12, Speed: 1, Next: &Transition{In: 3, Out: 3}},
		{Name: "c", Media: "/m/c.mov", Start: SourceTime{60, r}, Frames: 30, Speed: 2},
	}}
}

// TestOTIOExportReadBack writes a cut as OTIO and reads it back: the
// schema names, each range and transition offset, the speed.
func TestOTIOExportReadBack(t *testing.T) {
	for _, fps := range []frac.Rational{frac.New(25, 1), frac.New(30000, 1001)} {
		t.Run(fps.String(), func(t *testing.T) {
			c := testCut(fps)
			c.Sounds = []*Sound{{Name: "music", Media: "/m/bed.wav", At: 0, Frames: 80}, {Name: "vo", Media: "/m/vo.wav", At: 20, Frames: 10}}
			c.Markers = []Marker{{Name: "layer: text", Comment: "Title", Color: "PURPLE", At: 0, Frames: 25}}
			data, err := otio.Encode(ToOTIO(c))
			if err != nil {
				t.Fatal(err)
			}
			tl, err := otio.Decode(data, "cut.otio")
			if err != nil {
				t.Fatal(err)
			}
			if len(tl.Tracks) != 3 || tl.Tracks[0].Kind != "Video" || tl.Tracks[1].Kind != "Audio" || tl.Tracks[2].Kind != "Audio" {
				t.Fatalf("tracks: %d (two sounds overlap: two audio tracks)", len(tl.Tracks))
			}
			var schemas []string
			for _, it := range tl.Tracks[0].Items {
				schemas = append(schemas, fmt.Sprintf("%s.%d", it.Schema, it.Version))
			}
			if got := strings.Join(schemas, " "); got != "Clip.2 Transition.1 Clip.2 Gap.1 Transition.1 Clip.2" {
				t.Errorf("items: %s", got)
			}
			items := tl.Tracks[0].Items
			r := fps.Float()
			if rg := items[0].SourceRange; rg.Start != (otio.Time{Value: 10, Rate: r}) || rg.Duration != (otio.Time{Value: 40, Rate: r}) {
				t.Errorf("first range %+v", rg)
			}
			if tr := items[1]; tr.In != (otio.Time{Value: 5, Rate: r}) || tr.Out != (otio.Time{Value: 4, Rate: r}) || tr.TransitionType != "SMPTE_Dissolve" {
				t.Errorf("transition %+v", tr)
			}
			if e := items[5].Effects; len(e) != 1 || e[0].TimeScalar != 2 {
				t.Errorf("speed effects %+v", e)
			}
			if len(tl.Markers) != 1 || tl.Markers[0].Comment != "Title" {
				t.Errorf("markers %+v", tl.Markers)
			}
			back, err := FromOTIO(tl)
			if err != nil {
				t.Fatal(err)
			}
			if back.FPS != fps {
				t.Errorf("fps %v, want %v", back.FPS, fps)
			}
			want, got := reelView(c), reelView(back)
			if fmt.Sprint(want) != fmt.Sprint(got) {
				t.Errorf("read back:\n%v\nwant\n%v", got, want)
			}
		})
	}
}

// TestEDLRoundTrip writes cuts as EDLs, drop-frame at 29.97 and 59.94,
// and reads them back: every shot has its frames, its source start, and
// the dissolve after it, as reel renders them.
func TestEDLRoundTrip(t *testing.T) {
	tests := []struct {
		fps  frac.Rational
		drop bool
	}{
		{frac.New(25, 1), false},
		{frac.New(24, 1), false},
		{frac.New(30000, 1001), true},
		{frac.New(30000, 1001), false},
		{frac.New(60000, 1001), true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v drop %v", tc.fps, tc.drop), func(t *testing.T) {
			c := testCut(tc.fps)
			l, err := ToEDL(c, tc.drop)
			if err != nil {
				t.Fatal(err)
			}
			text := string(edl.Write(l))
			if want := map[bool]string{true: "FCM: DROP FRAME", false: "FCM: NON-DROP FRAME"}[tc.drop]; !strings.Contains(text, want) {
				t.Errorf("no %q:\n%s", want, text)
			}
			if !strings.Contains(text, " D    009 ") || !strings.Contains(text, "* FROM CLIP NAME: a.mov") || !strings.Contains(text, "* SOURCE FILE: /m/b.mov") {
				t.Errorf("the dissolve or the comments are missing:\n%s", text)
			}
			parsed, err := edl.Parse([]byte(text), "cut.edl")
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			back, err := FromEDL(parsed, frac.Rational{})
			if err != nil {
				t.Fatal(err)
			}
			if back.FPS != tc.fps {
				t.Errorf("fps %v, want %v", back.FPS, tc.fps)
			}
			if back.Frames() != c.Frames() {
				t.Errorf("%d frames, want %d", back.Frames(), c.Frames())
			}
			want, got := reelView(c), reelView(back)
			if fmt.Sprint(want) != fmt.Sprint(got) {
				t.Errorf("read back:\n%v\nwant\n%v\n%s", got, want, text)
			}
		})
	}
}

// TestOTIOImportErrors checks that what reel cannot read is refused with
// the file, the line and the item.
func TestOTIOImportErrors(t *testing.T) {
	track := func(items string) string {
		return `{"OTIO_SCHEMA": "Timeline.1", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [
{"OTIO_SCHEMA": "Track.1", "kind": "Video", "children": [
` + items + `]}]}}`
	}
	rng := `"source_range": {"start_time": {"value": 0, "rate": 24}, "duration": {"value": 24, "rate": 24}}`
	tests := []struct {
		name, doc, want string
	}{
		{"nested stack", track(`{"OTIO_SCHEMA": "Gap.1", ` + rng + `},
{"OTIO_SCHEMA": "Stack.1", "name": "inner", "children": []}`), `cut.otio:4: tracks.children[0].children[1]: nested Stack.1 "inner"`},
		{"no length", track(`{"OTIO_SCHEMA": "Clip.1", "name": "a"}`), `cut.otio:3: tracks.children[0].children[0]: Clip "a" has no source_range`},
		{"unknown item", track(`{"OTIO_SCHEMA": "Widget.1", "name": "w"}`), `Widget "w" is not an item reel reads`},
		{"no video", `{"OTIO_SCHEMA": "Timeline.1", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": []}}`, "no video track"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read([]byte(tc.doc), "cut.otio", frac.Rational{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestRemap checks that the converted project's problems name the cut's
// lines and items.
func TestRemap(t *testing.T) {
	dir := samplesDir(t)
	cv, err := Convert(dir+"/transition.otio", Options{})
	if err != nil {
		t.Fatal(err)
	}
	name := dir + "/transition.otio"
	err = cv.Remap(config.Errors{
		{File: name, Line: 12, Path: "scenes[2].trim", Msg: "past the end"},
		{File: name, Line: 3, Path: "output.size", Msg: "odd"},
		{File: "other.yaml", Line: 5, Path: "scenes[0]", Msg: "kept"},
	})
	want := []string{
		name + ":124: tracks.children[0].children[3] (scenes[2].trim): past the end",
		name + ": output.size: odd",
		"other.yaml:5: scenes[0]: kept",
	}
	errs, _ := err.(config.Errors)
	for i, w := range want {
		if i >= len(errs) || errs[i].Error() != w {
			t.Errorf("error %d = %v, want %s", i, errs, w)
		}
	}
	if got := cv.RemapText(name + ":30: scenes[0].transition: clamped"); got != name+":28: tracks.children[0].children[0] (scenes[0].transition): clamped" {
		t.Errorf("RemapText = %s", got)
	}
	if got := cv.RemapText("elsewhere: x"); got != "elsewhere: x" {
		t.Errorf("RemapText changed %s", got)
	}
}

// TestEditedReelCut imports a cut reel exported after an editor copied a
// clip and lengthened another: the copy gets an id of its own, the
// lengthened shot its new length with the rest of its scene, the others
// their scenes as written.
func TestEditedReelCut(t *testing.T) {
	fps := frac.New(24, 1)
	c := &Cut{Name: "x", File: "x.otio", FPS: fps, Project: map[string]any{"output": map[string]any{"path": "out.mp4", "size": "160x90", "fps": int64(24)}},
		Shots: []*Shot{
			{Name: "a", Gap: true, Frames: 24, Speed: 1, Scene: map[string]any{"id": "a", "placeholder": map[string]any{"text": "A"}, "duration": "1s"}},
			{Name: "b", Gap: true, Frames: 12, Speed: 1, Scene: map[string]any{"id": "b", "background": "red", "duration": "0.5s", "fit": "contain"}},
		}}
	tl := ToOTIO(c)
	items := tl.Tracks[0].Items
	items[1].SourceRange.Duration.Value = 30
	tl.Tracks[0].Items = []*otio.Item{items[0], items[0], items[1]}
	data, err := otio.Encode(tl)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Read(data, "x.otio", frac.Rational{})
	if err != nil {
		t.Fatal(err)
	}
	text, _, err := Project(back, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := config.Parse(text, "x.yaml", t.TempDir(), config.Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	var got []string
	for _, s := range p.Scenes {
		got = append(got, fmt.Sprintf("%s %df", s.ID, s.Duration.Frames(fps)))
	}
	if want := "a 24f a-2 24f b 30f"; strings.Join(got, " ") != want {
		t.Errorf("scenes %s, want %s\n%s", strings.Join(got, " "), want, text)
	}
	if !strings.Contains(string(text), "duration: 1s") || !strings.Contains(string(text), "background: red") {
		t.Errorf("the scenes as written are not kept:\n%s", text)
	}
}

// TestReelCutOfflineMedia imports a cut reel exported on another machine:
// an unchanged shot whose media is not there is a placeholder card with a
// warning, and --media-dir relinks it, its scene as written.
func TestReelCutOfflineMedia(t *testing.T) {
	c := &Cut{Name: "x", File: "x.otio", FPS: frac.New(24, 1), Project: map[string]any{},
		Shots: []*Shot{{Name: "a", Media: "file:///elsewhere/a.mp4", Frames: 24, Speed: 1,
			Scene: map[string]any{"id": "a", "source": "clips/a.mp4", "duration": "1s", "fit": "contain"}}}}
	data, err := otio.Encode(ToOTIO(c))
	if err != nil {
		t.Fatal(err)
	}
	back, err := Read(data, "x.otio", frac.Rational{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	text, warnings, err := Project(back, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "text: a") || len(warnings) != 1 || !strings.Contains(warnings[0].Msg, `clip "a" is offline`) {
		t.Errorf("no placeholder for the offline clip:\n%s%v", text, warnings)
	}
	media := t.TempDir()
	if err := os.WriteFile(filepath.Join(media, "a.mp4"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	back, _ = Read(data, "x.otio", frac.Rational{})
	text, warnings, err = Project(back, Options{Dir: dir, MediaDirs: []string{media}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "source: " + filepath.Join(media, "a.mp4") + "\n      duration: 1s\n      fit: contain"; !strings.Contains(string(text), want) || len(warnings) != 0 {
		t.Errorf("not relinked as written (%q):\n%s%v", want, text, warnings)
	}
}

// TestProjectDirWarning checks the warning for a reel cut imported away
// from its project's directory, and its absence at home (the directory
// recorded relative to the cut, as export --relative does).
func TestProjectDirWarning(t *testing.T) {
	home := t.TempDir()
	c := &Cut{Name: "x", File: "x.otio", FPS: frac.New(24, 1), Project: map[string]any{}, ProjectDir: ".",
		Shots: []*Shot{{Name: "a", Gap: true, Frames: 24, Speed: 1, Scene: map[string]any{"id": "a", "background": "red", "duration": "1s"}}}}
	data, err := otio.Encode(ToOTIO(c))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		warn bool
	}{{home, false}, {filepath.Join(home, "sub"), true}} {
		back, err := Read(data, "x.otio", frac.Rational{})
		if err != nil {
			t.Fatal(err)
		}
		_, warnings, err := Project(back, Options{Dir: tc.dir, Base: home})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(warnings) == 1 && warnings[0].Path == "metadata.reel.dir"; got != tc.warn || !tc.warn && len(warnings) > 0 {
			t.Errorf("in %s: warnings %v, want one: %v", tc.dir, warnings, tc.warn)
		}
	}
}
