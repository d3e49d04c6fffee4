package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// otioSamples is the OpenTimelineIO project's sample timelines, kept with
// their licence in interchange/cut/testdata, or REEL_OTIO_SAMPLES.
func otioSamples(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("REEL_OTIO_SAMPLES"); d != "" {
		return d
	}
	d, err := filepath.Abs(filepath.Join("..", "..", "interchange", "cut", "testdata", "otio-samples"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestImportSharedSamples imports every sample timeline of the
// OpenTimelineIO project with reel import: each gives a project whose plan
// lasts the frames the timeline says, offline clips placeholder cards with
// a warning naming the clip's line; two short ones, with transitions at
// the start, between gaps and at the end, and Premiere's export are
// rendered and their frames counted (the others are planned only, to keep
// the test short). The nested one is refused, exit 2, naming the item.
func TestImportSharedSamples(t *testing.T) {
	samples := otioSamples(t)
	tests := []struct {
		file   string
		frames int
		render bool
		err    string
	}{
		{file: "simple_cut.otio", frames: 19},
		{file: "transition.otio", frames: 19}, // rendered by TestRenderForeignCut
		{file: "clip_example.otio", frames: 19, render: true},
		{file: "transition_test.otio", frames: 150, render: true},
		{file: "screening_example.otio", frames: 1049},
		{file: "multitrack.otio", frames: 3282},
		{file: "premiere_example.otio", frames: 1271, render: true},
		{file: "nested_example.otio", err: `nested_example.otio:\d+: tracks.children\[0\].children\[1\]: nested Stack.1 "Nested Stack 1"`},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			dir := t.TempDir()
			r := reel(t, dir, nil, "import", filepath.Join(samples, tc.file), "-o", "project.yaml", "--size", "160x90")
			if tc.err != "" {
				wantExit(t, r, 2)
				if !regexp.MustCompile(tc.err).MatchString(r.stderr) {
					t.Errorf("stderr lacks %s:\n%s", tc.err, r.stderr)
				}
				return
			}
			wantExit(t, r, 0)
			if !regexp.MustCompile(`reel: warning: .*` + regexp.QuoteMeta(tc.file) + `:\d+: tracks.children\[\d+\].children\[\d+\]: clip ".*" is offline`).MatchString(r.stderr) {
				t.Errorf("no offline warning with a line:\n%s", r.stderr)
			}
			p := planOf(t, dir, "project.yaml")
			if p.Frames != int64(tc.frames) {
				t.Errorf("the plan has %d frames, the timeline %d", p.Frames, tc.frames)
			}
			if !tc.render {
				return
			}
			r = reel(t, dir, nil, "render", "project.yaml", "--no-cache", "--progress", "none", "-o", "film.mp4")
			wantExit(t, r, 0)
			if n := fftest.FrameCount(t, filepath.Join(dir, "film.mp4")); n != tc.frames {
				t.Errorf("rendered %d frames, the timeline has %d", n, tc.frames)
			}
		})
	}
	entries, _ := os.ReadDir(samples)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".otio") && !seen[e.Name()] {
			t.Errorf("sample %s is not tested", e.Name())
		}
	}
}

// TestRenderForeignCut renders a sample timeline directly (reel render
// CUT.otio), relinking one clip with --media-dir: the film has the
// timeline's frames.
func TestRenderForeignCut(t *testing.T) {
	samples := otioSamples(t)
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(samples, "transition.otio"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "cut.otio", string(data))
	media := filepath.Join(dir, "footage")
	if err := os.Mkdir(media, 0o755); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, media, fftest.Clip{Name: "wind-up.mov", FPS: "24", Seconds: 1})
	r := reel(t, dir, nil, "render", "cut.otio", "--media-dir", "footage", "--no-cache", "--progress", "none", "-o", "film.mp4")
	wantExit(t, r, 0)
	wantContains(t, "stderr", r.stderr, `clip "Clip-001" is offline`)
	if strings.Contains(r.stderr, `clip "Clip-002" is offline`) {
		t.Errorf("wind-up.mov is not relinked:\n%s", r.stderr)
	}
	if n := fftest.FrameCount(t, filepath.Join(dir, "film.mp4")); n != 19 {
		t.Errorf("rendered %d frames, the timeline has 19", n)
	}
}

// TestImportErrors checks that import and render refuse a broken cut with
// exit 2, the file, the line and the place in it.
func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "syntax.otio", "{\n  \"OTIO_SCHEMA\": \"Timeline.1\",\n  \"name\": oops\n}\n")
	writeFile(t, dir, "norange.otio", `{"OTIO_SCHEMA": "Timeline.1", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [
  {"OTIO_SCHEMA": "Track.1", "kind": "Video", "children": [
    {"OTIO_SCHEMA": "Clip.1", "name": "a"}]}]}}`)
	writeFile(t, dir, "bad.edl", "TITLE: x\nFCM: NON-DROP FRAME\n\n001  AX  V  C  00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:99\n")
	writeFile(t, dir, "df.edl", "TITLE: x\nFCM: DROP FRAME\n\n001  AX  V  C  00:00:00;00 00:00:01;00 01:01:00;00 01:01:01;00\n")
	writeFile(t, dir, "cut.txt", "x")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"import", "syntax.otio"}, "syntax.otio:3: not OpenTimelineIO JSON: unexpected 'o'"},
		{[]string{"render", "syntax.otio"}, "syntax.otio:3: not OpenTimelineIO JSON"},
		{[]string{"import", "norange.otio"}, `norange.otio:3: tracks.children[0].children[0]: Clip "a" has no source_range`},
		{[]string{"plan", "norange.otio"}, `norange.otio:3: tracks.children[0].children[0]: Clip "a" has no source_range`},
		{[]string{"import", "bad.edl", "--fps", "25"}, "bad.edl:4: event 001: 01:00:01:99: frame 99 at 25 fps"},
		{[]string{"import", "df.edl"}, "df.edl:4: event 001: 01:01:00;00 does not exist in drop-frame timecode"},
		{[]string{"import", "df.edl", "--fps", "25"}, "FCM: DROP FRAME at 25 fps"},
		{[]string{"import", "cut.txt"}, "reel imports .otio and .edl files"},
		{[]string{"import", "missing.otio"}, "missing.otio: no such file"},
		{[]string{"import", "syntax.otio", "--media-dir", "nowhere"}, "--media-dir nowhere is not a directory"},
		{[]string{"import", "bad.edl", "--fps", "fast"}, `--fps "fast" is not a frame rate`},
		{[]string{"import", "bad.edl", "--size", "big"}, `--size "big" is not a size`},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := reel(t, dir, nil, tc.args...)
			wantExit(t, r, 2)
			wantContains(t, "stderr", r.stderr, tc.want)
		})
	}
}

// TestHandoffSample checks that samples/handoff's cut.otio plans exactly
// as its project, and its cut.edl lays out the same timeline: the
// exported files are up to date (reel export ... --relative rewrites them).
func TestHandoffSample(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "samples", "handoff"))
	if err != nil {
		t.Fatal(err)
	}
	want := cutPlanJSON(t, dir, "project.yaml")
	if got := cutPlanJSON(t, dir, "cut.otio"); jsonText(t, got) != jsonText(t, want) {
		t.Errorf("cut.otio plans otherwise than project.yaml: re-export it\n%s\nwant\n%s", jsonText(t, got["timeline"]), jsonText(t, want["timeline"]))
	}
	frames := func(p map[string]any) string {
		var out []string
		for _, s := range p["timeline"].(map[string]any)["scenes"].([]any) {
			m := s.(map[string]any)
			out = append(out, jsonText(t, []any{m["frames"], m["in"], m["out"]}))
		}
		return strings.Join(out, " ")
	}
	if got := cutPlanJSON(t, dir, "cut.edl"); frames(got) != frames(want) {
		t.Errorf("cut.edl's timeline %s, the project's %s: re-export it", frames(got), frames(want))
	}
}
