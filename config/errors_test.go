package config

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// errorCase is one invalid project and the exact report it must produce.
type errorCase struct {
	name, src, want string
}

// scene1 is a valid first scene, used before the scene under test.
const scene1 = "scenes:\n  - source: a.mp4\n"

var errorCases = []errorCase{
	// Unknown keys, with and without a close match.
	{"unknown scene key", scene1 + "    transiton: fade\n  - source: b.mp4\n",
		`project.yaml:3: scenes[0].transiton: unknown key (did you mean "transition"?)`},
	{"unknown top key", "colour: red\n" + scene1,
		`project.yaml:1: colour: unknown key (expected one of: fields, output, outputs, poster, thumbnails, transition, fit, generators, grade, grades, audio, fade_in, fade_out, layers, captions, disclosure, scenes)`},
	{"unknown output key", "output: {sise: 1280x720}\n" + scene1,
		`project.yaml:1: output.sise: unknown key (did you mean "size"?)`},
	{"unknown trim key", scene1 + "    trim: {strat: 1s}\n",
		`project.yaml:3: scenes[0].trim.strat: unknown key (did you mean "start"?)`},
	{"unknown transition key", "transition: {type: fade, duraton: 1s}\n" + scene1,
		`project.yaml:1: transition.duraton: unknown key (did you mean "duration"?)`},
	{"unknown placeholder key", "scenes:\n  - placeholder: {txt: hi}\n    duration: 1s\n",
		`project.yaml:2: scenes[0].placeholder.txt: unknown key (did you mean "text"?)`},
	{"key in merged map", "scenes:\n  - &s {source: a.mp4, fitt: blur}\n  - <<: *s\n",
		"project.yaml:2: scenes[0].fitt: unknown key (did you mean \"fit\"?)\n" +
			`project.yaml:2: scenes[1].fitt: unknown key (did you mean "fit"?)`},

	// Placeholder text: a card is not a novel, and holds nothing undrawable.
	{"placeholder text too long", "scenes:\n  - placeholder: {text: " + strings.Repeat("ab ", 700) + "}\n    duration: 1s\n",
		`project.yaml:2: scenes[0].placeholder.text: the text is 2099 characters long; a placeholder card holds at most 2000 (shorten it: a card shows a title or a short paragraph)`},
	{"placeholder text with a control character", "scenes:\n  - placeholder: {text: \"bell\\a here\"}\n    duration: 1s\n",
		`project.yaml:2: scenes[0].placeholder.text: the text holds the control character U+0007 at character 5 (remove it; only newlines and tabs are allowed)`},
	{"placeholder text with NUL", "scenes:\n  - placeholder: {text: \"a\\0b\"}\n    duration: 1s\n",
		`project.yaml:2: scenes[0].placeholder.text: the text holds the control character U+0000 at character 2 (remove it; only newlines and tabs are allowed)`},

	// Wrong types.
	{"output is a list", "output: [a]\n" + scene1, `project.yaml:1: output: expected a map, found a list`},
	{"scenes is a map", "scenes: {source: a.mp4}\n", `project.yaml:1: scenes: expected a list of scenes, found a map`},
	{"scene is a string", "scenes:\n  - a.mp4\n", `project.yaml:2: scenes[0]: expected a map, found the string "a.mp4"`},
	{"source is a map", "scenes:\n  - source: {path: a.mp4}\n", `project.yaml:2: scenes[0].source: expected a string, found a map`},
	{"fps is a boolean", "output: {fps: true}\n" + scene1,
		`project.yaml:1: output.fps: expected a frame rate like 30, 29.97 or 30000/1001, found the boolean true`},
	{"size is a number", "output: {size: 720}\n" + scene1, `project.yaml:1: output.size: "720" is not a size (write WIDTHxHEIGHT, e.g. 1280x720)`},
	{"crf is a string", "output: {crf: high}\n" + scene1, `project.yaml:1: output.crf: expected a whole number, found the string "high"`},
	{"trim is a string", scene1 + "    trim: 1s\n", `project.yaml:3: scenes[0].trim: expected a map, found the string "1s"`},
	{"transition is a list", "transition: [fade]\n" + scene1,
		`project.yaml:1: transition: expected a transition name or a map {type, duration, color, curve}, found a list`},
	{"fit is null", "fit:\n" + scene1, `project.yaml:1: fit: expected a string, found nothing`},
	{"volume is a list", scene1 + "    volume: [1]\n", `project.yaml:3: scenes[0].volume: expected a volume like -6dB or mute, found a list`},
	{"volume too loud", scene1 + "    volume: 999999999dB\n", `project.yaml:3: scenes[0].volume: 999999999dB is out of range (-100dB to +60dB; write mute for silence)`},
	{"top level is a list", "- source: a.mp4\n", `project.yaml:1: expected a map, found a list`},

	// Duplicate keys.
	{"duplicate key", scene1 + "    fit: cover\n    fit: blur\n",
		`project.yaml:4: scenes[0].fit: duplicate key (first defined at line 3)`},
	{"duplicate top key", scene1 + scene1,
		`project.yaml:3: scenes: duplicate key (first defined at line 1)`},

	// Durations.
	{"duration without unit", scene1 + "    duration: 3\n",
		`project.yaml:3: scenes[0].duration: "3" has no unit (write 3s, 3ms or 3f)`},
	{"unparsable duration", scene1 + "    duration: 3 secs\n",
		`project.yaml:3: scenes[0].duration: "3 secs" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f)`},
	{"negative duration", scene1 + "    duration: -1s\n",
		`project.yaml:3: scenes[0].duration: "-1s" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f)`},
	{"zero scene duration", scene1 + "    duration: 0s\n", `project.yaml:3: scenes[0].duration: must be greater than zero, found 0s`},
	{"zero frames", scene1 + "    duration: 0f\n", `project.yaml:3: scenes[0].duration: must be greater than zero, found 0f`},
	{"zero transition duration", "transition: {type: fade, duration: 0ms}\n" + scene1,
		`project.yaml:1: transition.duration: must be greater than zero, found 0ms`},
	{"bad duration on a cut", "transition: {type: cut, duration: soon}\n" + scene1,
		`project.yaml:1: transition.duration: "soon" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f)`},
	{"zero trim duration", scene1 + "    trim: {start: 0s, duration: 0s}\n",
		`project.yaml:3: scenes[0].trim.duration: must be greater than zero, found 0s`},

	// Trim.
	{"trim end before start", scene1 + "    trim: {start: 5s, end: 2s}\n",
		`project.yaml:3: scenes[0].trim.end: end 2s must be after start 5s`},
	{"trim end equals start in frames", "output: {fps: 25}\n" + scene1 + "    trim: {start: 1s, end: 25f}\n",
		`project.yaml:4: scenes[0].trim.end: end 25f must be after start 1s`},
	{"trim end and duration", scene1 + "    trim:\n      end: 3s\n      duration: 2s\n",
		`project.yaml:5: scenes[0].trim: give either end or duration, not both (end at line 4)`},
	{"trim on placeholder", "scenes:\n  - placeholder: {}\n    duration: 1s\n    trim: {start: 1s}\n",
		`project.yaml:4: scenes[0].trim: trim applies to a source clip, not to a placeholder`},
	{"deinterlace on placeholder", "scenes:\n  - placeholder: {}\n    duration: 1s\n    deinterlace: on\n",
		`project.yaml:4: scenes[0].deinterlace: deinterlace applies to a source clip, not to a placeholder`},

	// Source and placeholder.
	{"source and placeholder", scene1 + "    placeholder: {text: x}\n    duration: 1s\n",
		`project.yaml:3: scenes[0]: a scene has either a source or a placeholder, not both (source at line 2)`},
	{"neither source nor placeholder", "scenes:\n  - duration: 2s\n",
		`project.yaml:2: scenes[0]: a scene needs a source (a video or image file, or an http(s) URL), a placeholder, a prompt, or a background (a title card)`},
	{"placeholder without duration", "scenes:\n  - placeholder: {text: hi}\n",
		`project.yaml:2: scenes[0]: a placeholder needs a duration (e.g. duration: 3s)`},
	{"empty source", "scenes:\n  - source: \"\"\n", `project.yaml:2: scenes[0].source: must not be empty`},

	// Enumerations.
	{"unknown fit", "fit: cver\n" + scene1, `project.yaml:1: fit: unknown fit "cver" (did you mean "cover"?)`},
	{"unknown scene fit", scene1 + "    fit: zoom\n",
		`project.yaml:3: scenes[0].fit: unknown fit "zoom" (expected one of: cover, contain, blur, stretch)`},
	{"unknown deinterlace", scene1 + "    deinterlace: auot\n",
		`project.yaml:3: scenes[0].deinterlace: unknown deinterlace mode "auot" (did you mean "auto"?)`},
	{"deinterlace yes", scene1 + "    deinterlace: yes\n",
		`project.yaml:3: scenes[0].deinterlace: unknown deinterlace mode "yes" (expected one of: auto, on, off)`},
	{"unknown codec", "output: {codec: h246}\n" + scene1, `project.yaml:1: output.codec: unknown codec "h246" (did you mean "h264"?)`},
	{"unknown quality", "output: {quality: hihg}\n" + scene1, `project.yaml:1: output.quality: unknown quality "hihg" (did you mean "high"?)`},
	{"unknown preset", "output: {preset: veryfst}\n" + scene1, `project.yaml:1: output.preset: unknown preset "veryfst" (did you mean "veryfast"?)`},

	// Output format.
	{"bad size", "output: {size: 1280*720}\n" + scene1,
		`project.yaml:1: output.size: "1280*720" is not a size (write WIDTHxHEIGHT, e.g. 1280x720)`},
	{"odd size", "output: {size: 1281x721}\n" + scene1,
		"project.yaml:1: output.size: width 1281 is odd (H.264/H.265 in yuv420p need even sizes)\n" +
			"project.yaml:1: output.size: height 721 is odd (H.264/H.265 in yuv420p need even sizes)"},
	{"tiny size", "output: {size: 8x9000}\n" + scene1,
		"project.yaml:1: output.size: width 8 is out of range (32..8192)\n" +
			"project.yaml:1: output.size: height 9000 is out of range (32..8192)"},
	{"fps too high", "output: {fps: 300}\n" + scene1, `project.yaml:1: output.fps: frame rate 300 is out of range (1 to 240)`},
	{"fps zero", "output: {fps: 0}\n" + scene1, `project.yaml:1: output.fps: frame rate 0 is out of range (1 to 240)`},
	{"fps not a number", "output: {fps: fast}\n" + scene1, `project.yaml:1: output.fps: "fast" is not a number like 30 or 30000/1001`},
	{"crf out of range", "output: {crf: 52}\n" + scene1, `project.yaml:1: output.crf: crf 52 is out of range (0..51; lower is better quality)`},
	{"bad extension", "output: {path: film.avi}\n" + scene1,
		`project.yaml:1: output.path: unsupported extension ".avi" (expected a video file: .mp4, .mov, .mkv, .webm, .gif; or sound only: .m4a, .mp3, .wav, .opus, .flac)`},
	{"typo extension", "output: {path: film.mp5}\n" + scene1,
		`project.yaml:1: output.path: unsupported extension ".mp5" (did you mean ".mp4"?)`},

	// Scene ids and the scenes list.
	{"duplicate ids", "scenes:\n  - {id: a, source: a.mp4}\n  - source: b.mp4\n    id: a\n",
		`project.yaml:4: scenes[1].id: duplicate scene id "a" (scenes[0] has it too, line 2)`},
	{"id clashes with a default", "scenes:\n  - {id: scene-2, source: a.mp4}\n  - source: b.mp4\n",
		`project.yaml:3: scenes[1]: duplicate scene id "scene-2" (scenes[0] has it too, line 2)`},
	{"bad id", "scenes:\n  - {id: my scene, source: a.mp4}\n",
		`project.yaml:2: scenes[0].id: id "my scene" may only hold ASCII letters (a-z, A-Z), digits, '_', '.' and '-' (e.g. "my-scene")`},
	{"empty scenes", "scenes: []\n", `project.yaml:1: scenes: the list is empty (a film needs at least one scene)`},
	{"missing scenes", "fit: cover\n", `project.yaml:1: missing key "scenes" (a project needs a list of scenes)`},

	// Transitions and curves.
	{"unknown transition type", "transition: {type: wipelfet}\n" + scene1,
		`project.yaml:1: transition.type: unknown transition "wipelfet" (did you mean "wipeleft"?)`},
	{"unknown transition name", scene1 + "    transition: disolve\n  - source: b.mp4\n",
		`project.yaml:3: scenes[0].transition: unknown transition "disolve" (did you mean "dissolve"?)`},
	{"transition type on its own line", "transition:\n  duration: 1s\n  type: fdae\n" + scene1,
		`project.yaml:3: transition.type: unknown transition "fdae" (did you mean "fade"?)`},
	{"transition without type", "transition: {duration: 1s}\n" + scene1,
		`project.yaml:1: transition: missing key "type" (e.g. type: dissolve)`},
	{"unknown curve", "transition: {type: fade, curve: qsn}\n" + scene1,
		`project.yaml:1: transition.curve: unknown audio curve "qsn" (did you mean "qsin"?)`},

	// Film fades.
	{"fade without unit", "fade_in: 1\n" + scene1,
		`project.yaml:1: fade_in: "1" has no unit (write 1s, 1ms or 1f)`},
	{"zero fade", "fade_out: 0s\n" + scene1,
		`project.yaml:1: fade_out: must be greater than zero, found 0s`},
	{"fade is a list", "fade_in: [1s]\n" + scene1,
		`project.yaml:1: fade_in: expected a duration (e.g. 1s) or a map {duration, color, curve}, found a list`},
	{"fade map without duration", "fade_out: {color: white}\n" + scene1,
		`project.yaml:1: fade_out: missing key "duration" (e.g. duration: 1s)`},
	{"unknown fade key", "fade_out: {duration: 1s, colour: white}\n" + scene1,
		`project.yaml:1: fade_out.colour: unknown key (did you mean "color"?)`},
	{"unknown fade curve", "fade_in: {duration: 1s, curve: qsn}\n" + scene1,
		`project.yaml:1: fade_in.curve: unknown audio curve "qsn" (did you mean "qsin"?)`},
	{"unknown fade colour", "fade_out: {duration: 1s, color: blurple}\n" + scene1,
		`project.yaml:1: fade_out.color: unknown colour "blurple" (did you mean "purple"?)`},
	{"fade colour too short", "fade_in: {duration: 1s, color: \"#12345\"}\n" + scene1,
		`project.yaml:1: fade_in.color: "#12345" is not a colour: write 6 hex digits (#rrggbb), or 8 with alpha (#rrggbbaa); found 5`},
	{"negative fade", "fade_in: -1s\n" + scene1,
		`project.yaml:1: fade_in: "-1s" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f)`},

	// Volume.
	{"volume without unit", scene1 + "    volume: -6\n",
		`project.yaml:3: scenes[0].volume: "-6" is not a volume (write a gain in dB like -6dB, +3dB or 0dB, or mute)`},
	{"volume word", scene1 + "    volume: loud\n",
		`project.yaml:3: scenes[0].volume: "loud" is not a volume (write a gain in dB like -6dB, +3dB or 0dB, or mute)`},

	// The file as a whole.
	// yaml.v3 names the line of the enclosing block (2), not the stray key (3).
	{"syntax error", "scenes:\n  - source: a.mp4\n fit: blur\n", `project.yaml:2: invalid YAML: did not find expected key`},
	{"unclosed flow", "scenes: [\n", `project.yaml:1: invalid YAML: did not find expected node content`},
	{"empty file", "", `project.yaml: the project file is empty (it needs at least a scenes list)`},
	{"only comments", "# nothing yet\n", `project.yaml: the project file is empty (it needs at least a scenes list)`},
	{"two documents", scene1 + "---\n" + scene1,
		`project.yaml:3: a project file holds one YAML document; found a second one (remove the ---)`},
}

// TestErrors checks the exact report for each rule.
func TestErrors(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
		})
	}
}

// checkErrors asserts that Parse failed with exactly want.
func checkErrors(t *testing.T, p *Project, err error, want string) {
	t.Helper()
	if p != nil {
		t.Errorf("got a project along with the error")
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("got %v (%T), want Errors", err, err)
	}
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
}

// TestSourceFileErrors checks missing and unusable source files.
func TestSourceFileErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "clips/a.mp4", "clips/locked.mp4")
	if err := os.Mkdir(dir+"/clips/dir.mp4", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/clips/empty.mp4", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	src := "scenes:\n  - source: clips/a.mp4\n  - source: clips/missing.mp4\n  - source: clips/dir.mp4\n  - source: " + dir + "/nope/b.mp4\n" +
		"  - source: clips/empty.mp4\naudio:\n  beds:\n    - source: clips/empty.mp4\n"
	want := "project.yaml:3: scenes[1].source: file not found: clips/missing.mp4 (looked in $DIR/clips)\n" +
		"project.yaml:4: scenes[2].source: clips/dir.mp4 is a directory, not a video, image or audio file\n" +
		"project.yaml:5: scenes[3].source: file not found: $DIR/nope/b.mp4 (looked in $DIR/nope)\n" +
		"project.yaml:6: scenes[4].source: clips/empty.mp4 is empty (0 bytes), not a video, image or audio file\n" +
		"project.yaml:9: audio.beds[0].source: clips/empty.mp4 is empty (0 bytes), not a video, image or audio file"
	p, err := Parse([]byte(src), "project.yaml", dir, Options{})
	checkErrors(t, p, err, strings.ReplaceAll(want, "$DIR", dir))

	opts := Options{SkipFileChecks: true}
	parseOK(t, src, dir, opts)

	if os.Geteuid() == 0 {
		t.Skip("root reads any file; cannot test an unreadable source")
	}
	if err := os.Chmod(dir+"/clips/locked.mp4", 0); err != nil {
		t.Fatal(err)
	}
	p, err = Parse([]byte("scenes:\n  - source: clips/locked.mp4\n"), "project.yaml", dir, Options{})
	checkErrors(t, p, err, "project.yaml:2: scenes[0].source: cannot read clips/locked.mp4: permission denied")
}

// TestManyErrors checks that every problem is reported at once, by line.
func TestManyErrors(t *testing.T) {
	src := `scenes:
  - source: a.mp4
    duration: 3
    fitt: blur
  - placeholder: {text: x}
  - source: b.mp4
    transition: {type: wipelfet, duration: 0s}
output:
  size: 1279x720
  codec: h256
fit: streth
`
	want := `project.yaml:3: scenes[0].duration: "3" has no unit (write 3s, 3ms or 3f)
project.yaml:4: scenes[0].fitt: unknown key (did you mean "fit"?)
project.yaml:5: scenes[1]: a placeholder needs a duration (e.g. duration: 3s)
project.yaml:7: scenes[2].transition.type: unknown transition "wipelfet" (did you mean "wipeleft"?)
project.yaml:7: scenes[2].transition.duration: must be greater than zero, found 0s
project.yaml:9: output.size: width 1279 is odd (H.264/H.265 in yuv420p need even sizes)
project.yaml:10: output.codec: unknown codec "h256" (did you mean "h265"?)
project.yaml:11: fit: unknown fit "streth" (did you mean "stretch"?)`
	p, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
	checkErrors(t, p, err, want)
}

// TestSuggestions checks that typos of keys and values get a did-you-mean hint.
func TestSuggestions(t *testing.T) {
	typos := map[string]string{
		"outptu: {}\n" + scene1:                              `"output"`,
		"transitoin: fade\n" + scene1:                        `"transition"`,
		"scnes:\n  - source: a.mp4\n":                        `"scenes"`,
		"output: {qualty: high}\n" + scene1:                  `"quality"`,
		"output: {codec: hvec}\n" + scene1:                   `"hevc"`,
		"output: {quality: draf}\n" + scene1:                 `"draft"`,
		"output: {preset: slwo}\n" + scene1:                  `"slow"`,
		scene1 + "    fti: blur\n":                           `"fit"`,
		scene1 + "    fit: contian\n":                        `"contain"`,
		scene1 + "    soruce: b.mp4\n":                       `"source"`,
		scene1 + "    volumne: mute\n":                       `"volume"`,
		scene1 + "    trim: {ned: 2s}\n":                     `"end"`,
		scene1 + "    placehodler: {}\n":                     `"placeholder"`,
		"transition: {type: fade, colour: white}\n" + scene1: `"color"`,
		"transition: {type: fade, curve: expp}\n" + scene1:   `"exp"`,
		"transition: dissolev\n" + scene1:                    `"dissolve"`,
	}
	for src, want := range typos {
		_, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
		if err == nil || !strings.Contains(err.Error(), "(did you mean "+want+"?)") {
			t.Errorf("%q: got %v, want a hint for %s", src, err, want)
		}
	}
}
