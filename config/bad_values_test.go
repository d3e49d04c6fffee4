package config

import (
	"strings"
	"testing"
)

// badValues are values FFmpeg would reject (or that would overflow), each
// with the exact report validate gives (issue 10, items 6 and 7).
var badValues = []errorCase{
	{"colour too short", "transition: {type: dip, color: \"#12345\"}\n" + scene1,
		`project.yaml:1: transition.color: "#12345" is not a colour: write 6 hex digits (#rrggbb), or 8 with alpha (#rrggbbaa); found 5`},
	{"colour unknown", "transition: {type: dip, color: blurple}\n" + scene1,
		`project.yaml:1: transition.color: unknown colour "blurple" (did you mean "purple"?)`},
	{"colour random", "transition: {type: dip, color: random}\n" + scene1,
		`project.yaml:1: transition.color: "random" would give a different colour at every render; choose one, such as #3a5f8c`},
	{"colour alpha", "transition: {type: dip, color: red@2}\n" + scene1,
		`project.yaml:1: transition.color: "red@2": alpha "@2" is not a number from 0 (transparent) to 1 (opaque)`},
	{"colour 0x short", "transition: {type: dip, color: 0x1234567}\n" + scene1,
		`project.yaml:1: transition.color: "0x1234567" is not a colour: write 6 hex digits (#rrggbb), or 8 with alpha (#rrggbbaa); found 7`},
	{"placeholder colour", "scenes:\n  - placeholder: {color: \"#gg0000\"}\n    duration: 1s\n",
		`project.yaml:2: scenes[0].placeholder.color: "#gg0000" is not a colour: write 6 hex digits (#rrggbb), or 8 with alpha (#rrggbbaa)`},
	{"placeholder colour long", "scenes:\n  - placeholder: {color: " + strings.Repeat("x", 200) + "}\n    duration: 1s\n",
		`project.yaml:2: scenes[0].placeholder.color: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxx" is not a colour (write a name such as black, or #rrggbb)`},
	{"volume too loud", scene1 + "    volume: +99dB\n",
		`project.yaml:3: scenes[0].volume: +99dB is out of range (-100dB to +60dB; write mute for silence)`},
	{"volume too quiet", scene1 + "    volume: -1000dB\n",
		`project.yaml:3: scenes[0].volume: -1000dB is out of range (-100dB to +60dB; write mute for silence)`},
	{"volume overflow", scene1 + "    volume: 1" + strings.Repeat("9", 400) + "dB\n",
		`project.yaml:3: scenes[0].volume: 199999999999999999999999999999999999999…999999999999999999dB is out of range (-100dB to +60dB; write mute for silence)`},
	{"intensity nan", "grade: {intensity: .nan}\n" + scene1,
		`project.yaml:1: grade.intensity: .nan is out of range (0 to 1)`},
	{"vignette inf", "grade: {vignette: .inf}\n" + scene1,
		`project.yaml:1: grade.vignette: .inf is out of range (0 to 1)`},
	{"grain negative", "grade: {grain: -0.1}\n" + scene1,
		`project.yaml:1: grade.grain: -0.1 is out of range (0 to 1)`},
	{"fps tiny", "output: {fps: 1/1000000}\n" + scene1,
		`project.yaml:1: output.fps: frame rate 1/1000000 is out of range (1 to 240)`},
	{"fps half", "output: {fps: 0.5}\n" + scene1,
		`project.yaml:1: output.fps: frame rate 0.5 is out of range (1 to 240)`},
	{"fps huge", "output: {fps: 1e30}\n" + scene1,
		`project.yaml:1: output.fps: frame rate 1e30 is out of range (1 to 240)`},
	{"fps negative", "output: {fps: -30}\n" + scene1,
		`project.yaml:1: output.fps: frame rate -30 is out of range (1 to 240)`},
	{"size overflow", "output: {size: 99999999999999999999x720}\n" + scene1,
		`project.yaml:1: output.size: width 9999999…9999 is out of range (32..8192)`},
	{"size tiny", "output: {size: 30x30}\n" + scene1,
		"project.yaml:1: output.size: width 30 is out of range (32..8192)\n" +
			"project.yaml:1: output.size: height 30 is out of range (32..8192)"},
	{"size huge", "output: {size: 8194x720}\n" + scene1,
		`project.yaml:1: output.size: width 8194 is out of range (32..8192)`},
	{"h265 too narrow", "output: {size: 34x64, codec: hevc}\n" + scene1,
		`project.yaml:1: output.size: 34x64 is too small for h265: each side must be at least 64 (libx265 corrupts its memory and crashes on smaller frames, such as 34x64); use h264, or a larger size`},
	{"h265 too short", "output: {codec: h265, size: 1280x62}\n" + scene1,
		`project.yaml:1: output.size: 1280x62 is too small for h265: each side must be at least 64 (libx265 corrupts its memory and crashes on smaller frames, such as 34x64); use h264, or a larger size`},
	{"crf negative", "output: {crf: -1}\n" + scene1,
		`project.yaml:1: output.crf: crf -1 is out of range (0..51; lower is better quality)`},
	{"crf overflow", "output: {crf: 99999999999999999999}\n" + scene1,
		`project.yaml:1: output.crf: 99999999999999999999 is out of range (a whole number here is at most 18 digits long)`},
	{"crf in hex", "output: {crf: 0x10}\n" + scene1,
		`project.yaml:1: output.crf: 0x10: write a whole number in decimal digits (such as 16)`},
	{"crf in octal", "output: {crf: 0o17}\n" + scene1,
		`project.yaml:1: output.crf: 0o17: write a whole number in decimal digits (such as 16)`},
	{"duration overflow", scene1 + "    duration: \"999999999999h\"\n",
		`project.yaml:3: scenes[0].duration: "999999999999h" is too long: a duration is at most 24 hours`},
	{"duration bigger", scene1 + "    duration: \"99999999999999999999999999999h\"\n",
		`project.yaml:3: scenes[0].duration: "99999999999999999999999999999h" is too long: a duration is at most 24 hours`},
	{"clock minutes", scene1 + "    duration: \"00:99:00\"\n",
		`project.yaml:3: scenes[0].duration: "00:99:00": 99 minutes is not a clock time (minutes and seconds go from 00 to 59)`},
	{"clock seconds", scene1 + "    duration: \"00:00:75\"\n",
		`project.yaml:3: scenes[0].duration: "00:00:75": 75 seconds is not a clock time (minutes and seconds go from 00 to 59)`},
	{"clock hours", scene1 + "    duration: \"25:00:00\"\n",
		`project.yaml:3: scenes[0].duration: "25:00:00" is too long: a duration is at most 24 hours`},
	{"frames overflow", scene1 + "    duration: \"99999999999f\"\n",
		`project.yaml:3: scenes[0].duration: "99999999999f" is too long: at most 20736000f (24 hours at 240 fps)`},
	{"too many decimals", scene1 + "    duration: \"1.0000000001s\"\n",
		`project.yaml:3: scenes[0].duration: "1.0000000001s" has more than 9 decimals (reel counts time to the nanosecond)`},
	{"trim start clock", scene1 + "    trim: {start: \"00:60:00\"}\n",
		`project.yaml:3: scenes[0].trim.start: "00:60:00": 60 minutes is not a clock time (minutes and seconds go from 00 to 59)`},
	{"transition too long", "transition: {type: fade, duration: 86401s}\n" + scene1,
		`project.yaml:1: transition.duration: "86401s" is too long: a duration is at most 24 hours`},
	{"id too long", "scenes:\n  - {id: " + strings.Repeat("a", 65) + ", source: a.mp4}\n",
		`project.yaml:2: scenes[0].id: id "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…aaaaaaaaaaaaaaaaaaaa" is too long (at most 64 characters)`},
	{"id unicode", "scenes:\n  - {id: café, source: a.mp4}\n",
		`project.yaml:2: scenes[0].id: id "café" may only hold ASCII letters (a-z, A-Z), digits, '_', '.' and '-'`},
	{"id with space", "scenes:\n  - {id: \"my scene!\", source: a.mp4}\n",
		`project.yaml:2: scenes[0].id: id "my scene!" may only hold ASCII letters (a-z, A-Z), digits, '_', '.' and '-' (e.g. "my-scene")`},
	{"generator name unicode", "generators:\n  génération: {kind: command, run: [x, \"{prompt}\", \"{output}\"]}\n" + scene1,
		`project.yaml:2: generators.génération: generator name "génération" may only hold ASCII letters (a-z, A-Z), digits, '_', '.' and '-'`},
	{"duck amount positive", "audio:\n  beds:\n    - {synth: pad, duck: {amount: +5dB}}\n" + scene1,
		`project.yaml:3: audio.beds[0].duck.amount: the amount is a cut in dB from -60dB to below 0dB (e.g. -12dB)`},
	{"bed volume overflow", "audio:\n  beds:\n    - {synth: pad, volume: +61dB}\n" + scene1,
		`project.yaml:3: audio.beds[0].volume: +61dB is out of range (-100dB to +60dB; write mute for silence)`},
	{"loudness target", "audio:\n  loudness: {target: -99}\n" + scene1,
		`project.yaml:2: audio.loudness.target: -99 LUFS is out of range (-70 to -5 LUFS)`},
	{"generator timeout", "generators:\n  g: {kind: command, run: [x, \"{prompt}\", \"{output}\"], timeout: 25h}\n" + scene1,
		`project.yaml:2: generators.g.timeout: "25h" is too long: a duration is at most 24 hours`},
}

// TestBadValues checks the exact report for each value FFmpeg would reject.
func TestBadValues(t *testing.T) {
	for _, tc := range badValues {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
		})
	}
}

// moreBadValues are further values FFmpeg would reject or change.
var moreBadValues = []errorCase{
	{"fps FFmpeg would round", "output: {fps: 2000000/1999999}\n" + scene1,
		`project.yaml:1: output.fps: frame rate 2000000/1999999 = 2000000/1999999: FFmpeg keeps a frame rate's numerator and denominator to at most 1001000, so it would round this one (write e.g. 30000/1001)`},
	{"fps with many decimals", "output: {fps: 23.9760001}\n" + scene1,
		`project.yaml:1: output.fps: frame rate 23.9760001 = 239760001/10000000: FFmpeg keeps a frame rate's numerator and denominator to at most 1001000, so it would round this one (write e.g. 30000/1001)`},
}

// TestMoreBadValues checks the exact report for moreBadValues.
func TestMoreBadValues(t *testing.T) {
	for _, tc := range moreBadValues {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
		})
	}
}
