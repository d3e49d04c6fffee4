package plan_test

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan/plantest"
)

// TestShortAndIgnoredWarnings checks the warnings for what a film would
// otherwise drop without a word: a transition or a fade shorter than a
// frame, a transition clamped to nothing, a transition on the last scene,
// a fade longer than the film and fades that overlap. Each names the file,
// line and scene, and the plan still builds. No FFmpeg: the scenes are
// placeholders.
func TestShortAndIgnoredWarnings(t *testing.T) {
	const head = "output: {path: out.mp4, size: 160x90, fps: FPS}\n"
	tests := []struct {
		name, fps, body string
		want            []string
		frames          int64 // the film's length: nothing warned about changes it
	}{
		{"transition under a frame", "30", `scenes:
  - {id: opening, placeholder: {}, duration: 1s, transition: {type: fade, duration: 10ms}}
  - {id: city, placeholder: {}, duration: 1s}
`, []string{"project.yaml:3: scenes[0].transition: transition opening → city: fade of 10ms rounds to 0 frames at 30 fps, so it is a cut; a transition needs at least one frame (1f = 33.333ms)"}, 60},
		{"default transition under a frame, ntsc", "29.97", `transition: {type: dissolve, duration: 0.015s}
scenes:
  - {id: a, placeholder: {}, duration: 1s}
  - {id: b, placeholder: {}, duration: 1s}
  - {id: c, placeholder: {}, duration: 1s, transition: cut}
  - {id: d, placeholder: {}, duration: 1s}
`, []string{
			"project.yaml:2: transition: transition a → b: dissolve of 0.015s rounds to 0 frames at 30000/1001 fps, so it is a cut; a transition needs at least one frame (1f = 33.367ms)",
			"project.yaml:2: transition: transition b → c: dissolve of 0.015s rounds to 0 frames at 30000/1001 fps, so it is a cut; a transition needs at least one frame (1f = 33.367ms)",
		}, 120},
		{"half a frame rounds up", "30", `scenes:
  - {id: a, placeholder: {}, duration: 1s, transition: {type: fade, duration: 17ms}}
  - {id: b, placeholder: {}, duration: 1s}
`, nil, 59},
		{"clamped to a cut", "30", `scenes:
  - {id: a, placeholder: {}, duration: 1f, transition: {type: fade, duration: 5f}}
  - {id: b, placeholder: {}, duration: 1s}
`, []string{"project.yaml:3: scenes[0].transition: transition a → b: fade of 5 frames clamped to 0 frames (at most half of either scene: a has 1 frame, b 30 frames), so it is a cut"}, 31},
		{"default transition clamped, 240 fps", "240", `transition: {type: dip, duration: 3f}
scenes:
  - {id: a, placeholder: {}, duration: 2f}
  - {id: b, placeholder: {}, duration: 4f, transition: {type: wipeleft, duration: 1s}}
  - {id: c, placeholder: {}, duration: 2f}
`, []string{
			"project.yaml:2: transition: transition a → b: dip of 3 frames clamped to 1 frame (at most half of either scene: a has 2 frames, b 4 frames)",
			"project.yaml:5: scenes[1].transition: transition b → c: wipeleft of 240 frames clamped to 1 frame (at most half of either scene: b has 4 frames, c 2 frames)",
		}, 6},
		{"transition on the last scene", "30", `scenes:
  - {id: a, placeholder: {}, duration: 1s}
  - {id: b, placeholder: {}, duration: 1s, transition: {type: fadeblack, duration: 1s}}
`, []string{"project.yaml:4: scenes[1].transition: the last scene has no next scene, so its transition (fadeblack) is ignored; to fade the film out, use the top-level fade_out (e.g. fade_out: 1s)"}, 60},
		{"fades under a frame", "25", `fade_in: 10ms
fade_out: {duration: 0.019s, color: white}
scenes:
  - {id: a, placeholder: {}, duration: 1s}
`, []string{
			"project.yaml:2: fade_in: 10ms rounds to 0 frames at 25 fps, so the film does not fade; a fade needs at least one frame (1f = 40.000ms)",
			"project.yaml:3: fade_out: 0.019s rounds to 0 frames at 25 fps, so the film does not fade; a fade needs at least one frame (1f = 40.000ms)",
		}, 25},
		{"fade longer than the film", "30", `fade_out: 3s
scenes:
  - {id: a, placeholder: {}, duration: 1s}
  - {id: b, placeholder: {}, duration: 1s}
`, []string{"project.yaml:2: fade_out: 3s (90 frames) is longer than the film (60 frames); the fade is shortened to the whole film"}, 60},
		{"fades overlap", "30", `fade_in: 40f
fade_out: 30f
scenes:
  - {id: a, placeholder: {}, duration: 2s}
`, []string{"project.yaml:3: fade_out: fade_in (40 frames) and fade_out (30 frames) overlap by 10 of the film's 60 frames: the picture never shows at full strength"}, 60},
		{"fades that meet", "30", `fade_in: 1s
fade_out: 1s
scenes:
  - {id: a, placeholder: {}, duration: 2s}
`, nil, 60},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(head, "FPS", tc.fps, 1) + tc.body
			p, err := plantest.Build([]byte(src), nil, nil)
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			if p.Frames != tc.frames {
				t.Errorf("the film has %d frames, want %d", p.Frames, tc.frames)
			}
			got := strings.Join(p.Warnings, "\n")
			if want := strings.Join(tc.want, "\n"); got != want {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
