package cut

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/interchange/otio"
	"github.com/reel-film/reel/internal/frac"
)

// samplesDir is the OpenTimelineIO project's sample timelines (Apache-2.0,
// copied from ../shared/otio-samples into testdata with their licence), or
// REEL_OTIO_SAMPLES to try another set.
func samplesDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("REEL_OTIO_SAMPLES"); d != "" {
		return d
	}
	return filepath.Join("testdata", "otio-samples")
}

// filmFrames loads a project and returns its film's frames: the sum of its
// scenes' durations less its transitions' (every one written in frames).
func filmFrames(t *testing.T, data []byte, dir string) (int64, *config.Project) {
	t.Helper()
	p, err := config.Parse(data, "project.yaml", dir, config.Options{})
	if err != nil {
		t.Fatalf("the project does not load: %v\n%s", err, data)
	}
	var n int64
	for i, s := range p.Scenes {
		if s.Duration == nil {
			t.Fatalf("scene %s has no duration\n%s", s.ID, data)
		}
		n += s.Duration.Frames(p.Output.FPS)
		if i < len(p.Scenes)-1 && s.Transition != nil && s.Transition.Type != "cut" {
			tr := s.Transition.Duration.Frames(p.Output.FPS)
			n -= tr
			// reel clamps a transition to half of either scene: a cut
			// must not need it, or the film would be longer.
			if a, b := s.Duration.Frames(p.Output.FPS), p.Scenes[i+1].Duration.Frames(p.Output.FPS); tr > a/2 || tr > b/2 {
				t.Errorf("transition %s: %d frames, more than half of %d or %d", s.ID, tr, a, b)
			}
		}
	}
	return n, p
}

// TestSharedSamplesImport imports every sample timeline of the
// OpenTimelineIO project: each gives a project that loads, whose film
// lasts the frames the timeline says (its longest track), with a
// placeholder card for each offline clip; the nested one is refused with
// an error naming the nested item.
func TestSharedSamplesImport(t *testing.T) {
	dir := samplesDir(t)
	tests := []struct {
		file   string
		frames int64 // the timeline's length at its rate
		fps    frac.Rational
		scenes int
		err    string
	}{
		{file: "simple_cut.otio", frames: 3 + 6 + 4 + 6, fps: frac.New(24, 1), scenes: 4},
		{file: "transition.otio", frames: 3 + 6 + 4 + 6, fps: frac.New(24, 1), scenes: 4},
		{file: "transition_test.otio", frames: 150, fps: frac.New(24, 1), scenes: 3},
		{file: "clip_example.otio", frames: 8 + 3 + 8, fps: frac.New(24, 1), scenes: 3},
		{file: "multitrack.otio", frames: 3282, fps: frac.New(24, 1), scenes: 6},
		{file: "screening_example.otio", frames: 1049, fps: frac.New(24, 1), scenes: 9},
		{file: "premiere_example.otio", frames: 1271, fps: frac.New(30, 1), scenes: 3},
		{file: "nested_example.otio", err: `tracks.children[0].children[1]: nested Stack.1 "Nested Stack 1"`},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			out := t.TempDir()
			data, warnings, err := Load(filepath.Join(dir, tc.file), Options{Dir: out, Size: "160x90"})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one with %q", err, tc.err)
				}
				if !strings.Contains(err.Error(), tc.file+":") {
					t.Errorf("error %q does not name the file and line", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			n, p := filmFrames(t, data, out)
			if n != tc.frames {
				t.Errorf("film of %d frames, the timeline has %d\n%s", n, tc.frames, data)
			}
			if p.Output.FPS != tc.fps {
				t.Errorf("fps %v, want %v", p.Output.FPS, tc.fps)
			}
			if len(p.Scenes) != tc.scenes {
				t.Errorf("%d scenes, want %d\n%s", len(p.Scenes), tc.scenes, data)
			}
			offline := 0
			for _, s := range p.Scenes {
				if s.Placeholder != nil {
					offline++
				}
			}
			warned := 0
			for _, w := range warnings {
				if strings.Contains(w.Msg, "is offline") {
					warned++
					if w.Line == 0 || !strings.Contains(w.String(), tc.file+":") {
						t.Errorf("warning %q names no line", w)
					}
				}
			}
			if offline == 0 || warned != offline {
				t.Errorf("%d placeholder cards, %d offline warnings: want one per offline clip\n%v", offline, warned, warnings)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".otio") && !seen[e.Name()] {
			t.Errorf("sample %s is not tested", e.Name())
		}
	}
}

// TestMediaDirRelinks checks that --media-dir finds an offline clip by its
// file name, and that a file:// URL with a Windows drive is read.
func TestMediaDirRelinks(t *testing.T) {
	dir := samplesDir(t)
	media := t.TempDir()
	if err := os.WriteFile(filepath.Join(media, "sc01_sh010_anim.mov"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	data, _, err := Load(filepath.Join(dir, "premiere_example.otio"), Options{Dir: out, MediaDirs: []string{media}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "source: "+filepath.Join(media, "sc01_sh010_anim.mov")) {
		t.Errorf("the clip is not relinked:\n%s", data)
	}
	if got := otio.URLPath("file://localhost/D%3a/media/a.mov"); got != "D:/media/a.mov" {
		t.Errorf("URLPath = %q", got)
	}
}
