package plan_test

import (
	"math"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestAudioBedLoops loops a 5 s bed across a 20 s film: no gap anywhere,
// the same level in every second.
func TestAudioBedLoops(t *testing.T) {
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
