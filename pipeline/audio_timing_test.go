package pipeline_test

import (
	"math"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestAudioBedLoops loops a 5 s bed across a 20 s film: no gap anywhere,
// the same level in every second.
func TestAudioBedLoops(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "bed.m4a", Seconds: 5, Freq: 1000})
	p := renderAudio(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 10, quality: draft}
scenes:
  - {placeholder: {text: long}, duration: 20s}
audio:
  beds: [{source: bed.m4a, loop: true}]
  loudness: off
`)
	s := decodeMono(t, p.Output)
	if d := int64(len(s)) - p.Samples; d < -1024 || d > 1024 {
		t.Fatalf("audio has %d samples, the film %d", len(s), p.Samples)
	}
	run, worst := 0, 0
	for _, x := range s[:p.Samples-1024] {
		if math.Abs(x) < 2e-3 {
			run++
			worst = max(worst, run)
		} else {
			run = 0
		}
	}
	if worst > 3 {
		t.Errorf("a gap of %d near-silent samples in the looped bed", worst)
	}
	first := toneDB(s, 0.5, 1.5, 1000)
	for sec := 1.0; sec < 19.5; sec++ {
		if l := toneDB(s, sec, sec+0.5, 1000); math.Abs(l-first) > 0.5 {
			t.Errorf("bed level at %gs is %.1f dB, at 0.5s %.1f dB", sec, l, first)
		}
	}
}

// TestAudioVoiceoverStartsOnItsSample places a voice-over 0.25 s into the
// second scene at 30000/1001 fps: it must start on the planned sample
// (the scene's first frame converted by the timeline, plus 12000), within
// 1 ms.
func TestAudioVoiceoverStartsOnItsSample(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "vo.wav", Seconds: 0.5, Freq: 1000})
	p := renderAudio(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30000/1001, quality: draft}
scenes:
  - {placeholder: {text: one}, duration: 30f}
  - {id: two, placeholder: {text: two}, duration: 30f}
audio:
  voiceover: [{source: vo.wav, at: {scene: two, offset: 0.25s}}]
  loudness: off
`)
	planned := p.Timeline.Sample(p.Timeline.Scenes[1].Start) + 12000
	if planned != 60048 {
		t.Fatalf("planned start %d, want 60048", planned)
	}
	s := decodeMono(t, p.Output)
	onset := -1
	for i, x := range s {
		if math.Abs(x) > 0.02 {
			onset = i
			break
		}
	}
	// A 1 kHz sine of amplitude 1/8 first passes 0.02 on its sample 2.
	err := float64(onset-2-int(planned)) / 48
	t.Logf("voice-over starts at sample %d, planned %d: %.2f ms off", onset, planned, err)
	if math.Abs(err) > 1 {
		t.Errorf("voice-over starts at sample %d, planned %d (%.2f ms off)", onset, planned, err)
	}
}

// TestAudioBedLoopSeam loops a bed that was not cut to loop: a 1000.5 Hz
// tone over 0.5 s ends a quarter period short, so an exact loop jumps from
// near the crest to zero at every seam (a click). loop_crossfade blends each
// end into the next start: no step larger than the tone's own, and the
// repetitions come every 0.5 s minus the crossfade.
func TestAudioBedLoopSeam(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	tests := []struct {
		name      string
		bed       string
		wantClick bool
		period    int // samples between repetitions
	}{
		{"exact loop clicks", "{source: bed.wav, loop: true}", true, 24000},
		{"crossfaded loop is smooth", "{source: bed.wav, loop: true, loop_crossfade: 50ms}", false, 24000 - 2400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fftest.Make(t, dir, fftest.Clip{Name: "bed.wav", Seconds: 0.5, Freq: 1000.5})
			p := renderAudio(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 10, quality: draft}
scenes:
  - {placeholder: {text: long}, duration: 3s}
audio:
  beds: [`+tt.bed+`]
  loudness: off
`)
			s := decodeMono(t, p.Output)
			if int64(len(s)) < p.Samples-1024 {
				t.Fatalf("audio has %d samples, the film %d", len(s), p.Samples)
			}
			// The tone's largest step between samples, from a stretch
			// well inside the first repetition.
			step := func(from, to int) float64 {
				m := 0.0
				for i := from + 1; i < to; i++ {
					m = max(m, math.Abs(s[i]-s[i-1]))
				}
				return m
			}
			own := step(4800, 19200)
			worst := step(1000, int(p.Samples)-2048)
			click := worst > 2*own
			t.Logf("largest step %.4f, the tone's own %.4f (%.1fx)", worst, own, worst/own)
			if click != tt.wantClick {
				t.Errorf("largest step %.4f against the tone's own %.4f: click %v, want %v", worst, own, click, tt.wantClick)
			}
			// The second and third repetitions are the same samples.
			var diff, level float64
			for i := tt.period + 3000; i < tt.period+12000; i++ {
				diff += math.Abs(s[i+tt.period] - s[i])
				level += math.Abs(s[i])
			}
			if diff > 0.05*level {
				t.Errorf("repetitions %d samples apart differ by %.1f%% of the level", tt.period, 100*diff/level)
			}
			// Every second of the loop holds the tone at about one level.
			first := toneDB(s, 0.1, 0.4, 1000.5)
			for sec := 0.5; sec < 2.8; sec += 0.25 {
				if l := toneDB(s, sec, sec+0.2, 1000.5); math.Abs(l-first) > 3.5 {
					t.Errorf("bed level at %gs is %.1f dB, at 0.1s %.1f dB", sec, l, first)
				}
			}
		})
	}
}
