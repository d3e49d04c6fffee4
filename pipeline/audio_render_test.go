package pipeline_test

import (
	"math"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestAudioDuckFadeLoudness renders a bed under a clip that speaks: the bed
// fades in from silence, ducks under the clip, and the mix meets the
// loudness target.
func TestAudioDuckFadeLoudness(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "talk.mp4", Seconds: 1, Audio: true, Freq: 300})
	fftest.Make(t, dir, fftest.Clip{Name: "bed.wav", Seconds: 4, Freq: 1000})
	for _, tc := range []struct {
		loudness string
		target   float64
		peak     float64
	}{
		{"{target: -14, true_peak: -1}", -14, -1},
		{"broadcast", -23, -1},
	} {
		t.Run(tc.loudness, func(t *testing.T) {
			p := renderAudio(t, t.TempDir(), `
output: {path: `+dir+`/out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: quiet}, duration: 1s}
  - {source: `+dir+`/talk.mp4}
  - {placeholder: {text: quiet}, duration: 1s}
audio:
  beds:
    - {source: `+dir+`/bed.wav, volume: -6dB, fade_in: 0.2s, duck: {amount: -12dB, attack: 20ms, release: 100ms}}
  loudness: `+tc.loudness+`
`)
			s := decodeMono(t, p.Output)
			if int64(len(s)) < p.Samples-1024 || int64(len(s)) > p.Samples+1024 {
				t.Errorf("audio has %d samples, the film %d", len(s), p.Samples)
			}
			free, under := toneDB(s, 0.4, 0.95, 1000), toneDB(s, 1.3, 1.95, 1000)
			t.Logf("bed %.1f dB alone, %.1f dB under the clip: ducked %.1f dB", free, under, free-under)
			if free-under < 8 {
				t.Errorf("bed ducked %.1f dB under the clip, want at least 8", free-under)
			}
			// A linear 0.2 s fade: the first millisecond is under 0.5% of
			// the bed, the first 20 ms average about 5% (-26 dB).
			head, steady := peakOf(s[:48]), peakOf(s[19200:43200])
			if first := toneDB(s, 0, 0.02, 1000); head > 0.02*steady || first > free-15 {
				t.Errorf("the fade-in does not start from silence: first 1 ms peaks at %.4f (bed %.4f), first 20 ms at %.1f dB", head, steady, first)
			}
			lufs, tp := loudness(t, p.Output)
			t.Logf("integrated %.1f LUFS (target %g), true peak %.1f dBTP (limit %g)", lufs, tc.target, tp, tc.peak)
			if math.Abs(lufs-tc.target) > 1 || tp > tc.peak {
				t.Errorf("loudness %.1f LUFS / %.1f dBTP, want %g±1 LUFS, at most %g dBTP", lufs, tp, tc.target, tc.peak)
			}
		})
	}
}

// peakOf is the largest magnitude in s.
func peakOf(s []float64) float64 {
	var m float64
	for _, x := range s {
		m = max(m, math.Abs(x))
	}
	return m
}
