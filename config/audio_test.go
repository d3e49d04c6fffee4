package config

import (
	"strings"
	"testing"
)

// audioProject is a two-scene project with the given audio section.
func audioProject(audio string) string {
	return "scenes:\n  - {id: intro, placeholder: {text: a}, duration: 2s}\n  - {id: end, placeholder: {text: b}, duration: 2s}\naudio:\n" + audio
}

func TestAudioDecodes(t *testing.T) {
	p, err := Parse([]byte(audioProject(`
  beds:
    - {source: bed.m4a, start: {scene: end, offset: 10f}, end: 3.5s, volume: -12dB, loop: true,
       trim: {start: 1s, duration: 4s}, fade_in: 1s, fade_out: 2s, duck: {amount: -9dB, attack: 5ms}}
    - {synth: pad, duck: true}
  voiceover:
    - {synth: voice, at: 0.5s, duration: 3s, volume: +2dB}
  loudness: broadcast
`)), "p.yaml", "/proj", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	a := p.Audio
	b := a.Beds[0]
	if b.File != "/proj/bed.m4a" || b.Start.Scene != "end" || b.Start.SceneIndex != 1 || b.Start.Offset.FrameCount != 10 ||
		b.End == nil || b.End.Offset.String() != "3.5s" || b.Volume != -12 || !b.Loop || b.Trim == nil ||
		b.FadeIn.String() != "1s" || b.FadeOut.String() != "2s" || b.Duck.AmountDB != -9 || b.Duck.Attack.String() != "5ms" || b.Duck.Release.String() != "300ms" {
		t.Errorf("bed = %+v", b)
	}
	if s := a.Beds[1]; s.Synth != "pad" || s.Duck == nil || s.Duck.AmountDB != -12 || s.End != nil {
		t.Errorf("synth bed = %+v", s)
	}
	if v := a.Voiceover[0]; v.Synth != "voice" || v.At.Offset.String() != "0.5s" || v.Duration.String() != "3s" || v.Volume != 2 {
		t.Errorf("voice-over = %+v", v)
	}
	if a.Loudness.Target != -23 || a.Loudness.TruePeak != -1 || a.Loudness.Off {
		t.Errorf("loudness = %+v", a.Loudness)
	}
	if files := a.Files(); len(files) != 1 || files[0].Path != "/proj/bed.m4a" || files[0].Pos.Line != 7 {
		t.Errorf("files = %+v", files)
	}
}

func TestAudioLoudness(t *testing.T) {
	for _, tc := range []struct {
		yaml         string
		off          bool
		target, peak float64
	}{
		{"", false, -14, -1},
		{"loudness: off", true, -14, -1},
		{"loudness: default", false, -14, -1},
		{"loudness: {target: -16, true_peak: -2}", false, -16, -2},
		{`loudness: {target: "-23 LUFS", true_peak: -1dBTP}`, false, -23, -1},
	} {
		p, err := Parse([]byte(audioProject("  "+tc.yaml+"\n")), "p.yaml", "/proj", testOptions())
		if err != nil {
			t.Fatalf("%s: %v", tc.yaml, err)
		}
		if l := p.Audio.Loudness; l.Off != tc.off || l.Target != tc.target || l.TruePeak != tc.peak {
			t.Errorf("%s: loudness = %+v", tc.yaml, l)
		}
	}
}

func TestAudioErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"  bed: []", `p.yaml:5: audio.bed: unknown key (did you mean "beds"?)`},
		{"  beds: [{source: a.wav, synth: pad}]", "p.yaml:5: audio.beds[0]: give either a source or a synth, not both"},
		{"  beds: [{volume: -3dB}]", "p.yaml:5: audio.beds[0]: needs a source (an audio file, or a video with sound) or a synth (pad, voice)"},
		{"  beds: [{synth: pda}]", `p.yaml:5: audio.beds[0].synth: unknown synth "pda" (did you mean "pad"?)`},
		{"  beds: [{synth: pad, trim: {start: 1s}}]", "p.yaml:5: audio.beds[0].trim: trim applies to a source file, not to a synth"},
		{"  beds: [{synth: pad, volume: mute}]", "p.yaml:5: audio.beds[0].volume: mute is for scenes"},
		{"  beds: [{synth: pad, loop: yes}]", `p.yaml:5: audio.beds[0].loop: expected true or false, found the string "yes"`},
		{"  beds: [{synth: pad, duck: {amount: 6dB}}]", "p.yaml:5: audio.beds[0].duck.amount: the amount is a cut in dB"},
		{"  beds: [{synth: pad, duck: {release: 10s}}]", "p.yaml:5: audio.beds[0].duck.release: must be from 0.01ms to 2000ms"},
		{"  beds: [{synth: pad, start: {offset: 1s}}]", `p.yaml:5: audio.beds[0].start: missing key "scene"`},
		{"  voiceover: [{synth: voice}]", "p.yaml:5: audio.voiceover[0]: a synth voice-over needs a duration"},
		{"  voiceover: [{synth: voice, duration: 1s, at: {scene: ned}}]", `audio.voiceover[0].at.scene: no scene has the id "ned" (did you mean "end"?)`},
		{"  loudness: loud", `p.yaml:5: audio.loudness: unknown loudness "loud"`},
		{"  loudness: {true_peak: 1}", "p.yaml:5: audio.loudness.true_peak: 1 dBTP is out of range (-9 to 0 dBTP)"},
		{"  loudness: {target: -80}", "p.yaml:5: audio.loudness.target: -80 LUFS is out of range (-70 to -5 LUFS)"},
		{"  loudness: {target: -4.9 LUFS}", "p.yaml:5: audio.loudness.target: -4.9 LUFS is out of range (-70 to -5 LUFS)"},
		{"  loudness: {target: +23}", "p.yaml:5: audio.loudness.target: 23 LUFS is out of range (-70 to -5 LUFS)"},
		{"  loudness: {target: -14 dBTP}", "p.yaml:5: audio.loudness.target: -14 dBTP is in dBTP, but this level is in LUFS (write e.g. -14 LUFS)"},
		{"  loudness: {target: -14dB}", "p.yaml:5: audio.loudness.target: -14dB is in dB, but this level is in LUFS (write e.g. -14 LUFS)"},
		{"  loudness: {true_peak: -1 LUFS}", "p.yaml:5: audio.loudness.true_peak: -1 LUFS is in LUFS, but this level is in dBTP (write e.g. -1 dBTP)"},
		{"  loudness: {true_peak: -9.5}", "p.yaml:5: audio.loudness.true_peak: -9.5 dBTP is out of range (-9 to 0 dBTP)"},
		{"  loudness: {target: .nan}", "p.yaml:5: audio.loudness.target: expected a level in LUFS like -14"},
		{"  loudness: {target: 1e3}", "p.yaml:5: audio.loudness.target: expected a level in LUFS like -14"},
		{"  beds: [{synth: pad, volume: +61dB}]", "p.yaml:5: audio.beds[0].volume: +61dB is out of range (-100dB to +60dB; write mute for silence)"},
		{"  voiceover: [{synth: voice, duration: 1s, volume: -101dB}]", "p.yaml:5: audio.voiceover[0].volume: -101dB is out of range (-100dB to +60dB; write mute for silence)"},
	} {
		_, err := Parse([]byte(audioProject(tc.yaml+"\n")), "p.yaml", "/proj", testOptions())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n  err  = %v\n  want %s", tc.yaml, err, tc.want)
		}
	}
}
