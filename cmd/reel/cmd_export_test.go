package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reel-film/reel/interchange/otio"
	"github.com/reel-film/reel/internal/fftest"
)

// handoffProject is a film with what a cut carries (clips trimmed, a speed
// change, a dissolve and a wipe, a cut, a title card with a layer, a
// placeholder) and what only reel's metadata carries (the bed, the look,
// the disclosure label).
const handoffProject = `output: {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}
disclosure: {text: "AI-generated", position: bottom-right, duration: 3s}
transition: {type: fade, duration: 6f}
scenes:
  - id: title
    background: "#203040"
    duration: 20f
    layers:
      - {text: "Hand-off", style: title}
  - id: a
    source: media/a.mp4
    trim: {start: 0.5s}
    duration: 1s
    fit: contain
  - id: b
    source: media/b.mp4
    speed: 2
    transition: {type: wipeleft, duration: 4f}
  - id: c
    source: media/a.mp4
    trim: {start: 10f, duration: 12f}
    transition: cut
  - placeholder: {text: "The end"}
    duration: 15f
audio:
  beds:
    - {synth: pad, volume: -6dB}
`

// handoffDir writes handoffProject and its media into a new directory.
func handoffDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	if err := os.Mkdir(media, 0o755); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, media, fftest.Clip{Name: "a.mp4", Seconds: 2, Audio: true})
	fftest.Make(t, media, fftest.Clip{Name: "b.mp4", Seconds: 1})
	writeFile(t, dir, "project.yaml", handoffProject)
	return dir
}

// cutPlanJSON plans a project (or a cut) with reel plan --json and returns
// the plan without the name of its project file.
func cutPlanJSON(t *testing.T, dir, project string) map[string]any {
	t.Helper()
	r := reel(t, dir, nil, "plan", project, "--json", "--no-cache")
	wantExit(t, r, 0)
	var p map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("plan --json: %v\n%s", err, r.stdout)
	}
	delete(p, "project")
	return p
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExportImportSamePlan exports a project as OTIO, imports it again,
// and checks that the project imported, and the cut rendered directly,
// plan exactly the jobs of the original; that a range changed in the cut
// changes the film by those frames; and that reel render cut.otio writes
// the frames the plan says.
func TestExportImportSamePlan(t *testing.T) {
	dir := handoffDir(t)
	r := reel(t, dir, nil, "export", "project.yaml", "--format", "otio", "-o", "cut.otio")
	wantExit(t, r, 0)
	wantContains(t, "stderr", r.stderr, "wrote cut.otio (5 shots")
	checkExportedOTIO(t, filepath.Join(dir, "cut.otio"))
	r = reel(t, dir, nil, "import", "cut.otio", "-o", "imported.yaml")
	wantExit(t, r, 0)

	want := cutPlanJSON(t, dir, "project.yaml")
	for _, p := range []string{"imported.yaml", "cut.otio"} {
		if got := cutPlanJSON(t, dir, p); jsonText(t, got) != jsonText(t, want) {
			t.Errorf("the plan of %s differs from the project's:\n%s\nwant\n%s", p, jsonText(t, got["timeline"]), jsonText(t, want["timeline"]))
		}
	}

	// An editor shortens clip a by 5 frames.
	data, err := os.ReadFile(filepath.Join(dir, "cut.otio"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	video := doc["tracks"].(map[string]any)["children"].([]any)[0].(map[string]any)
	var clipA map[string]any
	for _, it := range video["children"].([]any) {
		if m := it.(map[string]any); m["name"] == "a" {
			clipA = m
		}
	}
	if clipA == nil || clipA["OTIO_SCHEMA"] != "Clip.2" {
		t.Fatalf("no Clip.2 named a in the video track")
	}
	dur := clipA["source_range"].(map[string]any)["duration"].(map[string]any)
	dur["value"] = dur["value"].(float64) - 5
	edited, _ := json.MarshalIndent(doc, "", "  ")
	writeFile(t, dir, "edited.otio", string(edited))
	got := cutPlanJSON(t, dir, "edited.otio")
	if g, w := got["frames"].(float64), want["frames"].(float64); g != w-5 {
		t.Errorf("the edited cut has %v frames, want %v", g, w-5)
	}

	// Then trims it past its clip's end: the error names the clip's line
	// in the cut and its item.
	start := clipA["source_range"].(map[string]any)["start_time"].(map[string]any)
	start["value"] = start["value"].(float64) + 100
	late, _ := json.MarshalIndent(doc, "", "  ")
	writeFile(t, dir, "late.otio", string(late))
	r = reel(t, dir, nil, "plan", "late.otio")
	wantExit(t, r, 2)
	if !regexp.MustCompile(`late\.otio:\d+: tracks\.children\[0\]\.children\[2\] \(scenes\[1\]\.trim\): trim starts at 115f`).MatchString(r.stderr) {
		t.Errorf("the error does not name the clip in the cut:\n%s", r.stderr)
	}

	r = reel(t, dir, nil, "render", "cut.otio", "--progress", "none")
	wantExit(t, r, 0)
	if n := fftest.FrameCount(t, filepath.Join(dir, "out", "film.mp4")); n != int(want["frames"].(float64)) {
		t.Errorf("reel render cut.otio wrote %d frames, the plan says %v", n, want["frames"])
	}
}

// checkExportedOTIO reads back the OTIO export of handoffProject: the
// schema names, each clip's exact source range at 30 fps (its trim,
// after the part of the transition before it that plays its head), each
// transition's offsets around its cut, the gaps where cards stand, the
// speed, the bed on an audio track and the layer as a marker.
func checkExportedOTIO(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := otio.Decode(data, "cut.otio")
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Tracks) != 2 || tl.Tracks[0].Kind != "Video" || tl.Tracks[1].Kind != "Audio" {
		t.Fatalf("tracks: %+v", tl.Tracks)
	}
	type item struct {
		schema, name        string
		start, dur, in, out float64
		speed               float64
	}
	var got []item
	for _, it := range tl.Tracks[0].Items {
		g := item{schema: fmt.Sprintf("%s.%d", it.Schema, it.Version), name: it.Name, in: it.In.Value, out: it.Out.Value}
		if r := it.SourceRange; r != nil {
			g.start, g.dur = r.Start.Value, r.Duration.Value
			if r.Start.Rate != 30 || r.Duration.Rate != 30 {
				t.Errorf("%s: rates %v, %v, want 30", it.Name, r.Start.Rate, r.Duration.Rate)
			}
		}
		for _, e := range it.Effects {
			g.speed = e.TimeScalar
		}
		got = append(got, g)
	}
	// title 20f, fade 6f (3 before the cut, 3 after), a: trim 15f, 30f,
	// fade 6f, b: 15f at speed 2, wipe 4f (2, 2), c: trim 10f, 12f, cut,
	// the placeholder 15f.
	want := []item{
		{schema: "Gap.1", name: "title", dur: 17},
		{schema: "Transition.1", name: "Dissolve", in: 3, out: 3},
		{schema: "Clip.2", name: "a", start: 18, dur: 24},
		{schema: "Transition.1", name: "Dissolve", in: 3, out: 3},
		{schema: "Clip.2", name: "b", start: 6, dur: 10, speed: 2},
		{schema: "Transition.1", name: "wipeleft", in: 2, out: 2},
		{schema: "Clip.2", name: "c", start: 12, dur: 10},
		{schema: "Gap.1", name: "The end", dur: 15},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("video track:\n%v\nwant\n%v", got, want)
	}
	if a := tl.Tracks[1].Items; len(a) != 1 || a[0].SourceRange.Duration.Value != 76 {
		t.Errorf("the bed: %+v", a)
	}
	// The title's layer, then the disclosure label over the whole film
	// (its 3 s are longer than the film's 76 frames).
	if len(tl.Markers) != 2 || tl.Markers[0].Comment != "Hand-off" || tl.Markers[0].Range.Duration.Value != 20 ||
		tl.Markers[1].Comment != "AI-generated" || tl.Markers[1].Range.Duration.Value != 76 {
		t.Errorf("markers: %+v", tl.Markers)
	}
}

// TestExportEDLRoundTrip exports a 29.97 fps film as a drop-frame EDL and
// imports it: every scene keeps its frames, its trim and the transition
// after it (the EDL holds the picture's edit only).
func TestExportEDLRoundTrip(t *testing.T) {
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 2, FPS: "30000/1001"})
	writeFile(t, dir, "project.yaml", `output: {path: out/film.mp4, size: 160x90, fps: 30000/1001, quality: draft}
scenes:
  - {id: one, source: a.mp4, trim: {start: 7f}, duration: 30f, transition: {type: fade, duration: 9f}}
  - {background: black, duration: 20f}
  - {id: two, source: a.mp4, trim: {start: 1s}, duration: 20f}
`)
	r := reel(t, dir, nil, "export", "project.yaml", "-o", "cut.edl")
	wantExit(t, r, 0)
	edl, err := os.ReadFile(filepath.Join(dir, "cut.edl"))
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, "cut.edl", string(edl), "FCM: DROP FRAME", "01:00:00;00", " D    009 ", "* FROM CLIP NAME: a.mp4", "* SOURCE FILE: ")
	want := cutPlanJSON(t, dir, "project.yaml")["timeline"].(map[string]any)
	got := cutPlanJSON(t, dir, "cut.edl")["timeline"].(map[string]any)
	strip := func(tl map[string]any) string {
		for _, s := range tl["scenes"].([]any) {
			delete(s.(map[string]any), "id")
		}
		return jsonText(t, tl)
	}
	if strip(got) != strip(want) {
		t.Errorf("the EDL's timeline:\n%s\nwant\n%s\n%s", strip(got), strip(want), edl)
	}
	r = reel(t, dir, nil, "import", "cut.edl")
	wantExit(t, r, 0)
	wantContains(t, "the imported project", r.stdout, "trim:\n        start: 7f", "start: 30f")
}

// TestExportUsage checks export's mistakes: exit 2 with what to do.
func TestExportUsage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", "output: {path: out.mp4, size: 160x90}\nscenes:\n  - {background: black, duration: 1s}\n")
	writeFile(t, dir, "bad.yaml", "output: {path: out.mp4, size: 160x90}\nscenes:\n  - {background: black, duraton: 1s}\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"export", "project.yaml"}, "name the file to write with -o"},
		{[]string{"export", "project.yaml", "-o", "cut.xml"}, `--format "xml": reel exports otio or edl`},
		{[]string{"export", "project.yaml", "--format", "edl", "-o", "cut.otio"}, "this command writes .edl files"},
		{[]string{"export", "project.yaml", "-o", "cut.edl", "--timecode", "drop"}, "drop-frame timecode needs 29.97 or 59.94 fps"},
		{[]string{"export", "bad.yaml", "-o", "cut.otio"}, "bad.yaml:3: scenes[0].duraton: unknown key"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := reel(t, dir, nil, tc.args...)
			wantExit(t, r, 2)
			wantContains(t, "stderr", r.stderr, tc.want)
		})
	}
}
