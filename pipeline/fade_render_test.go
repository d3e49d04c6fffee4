package pipeline_test

import (
	"math"
	osexec "os/exec"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// frameLumas decodes every frame of path to full-range grey and returns
// the mean level (0..255) of each, in order.
func frameLumas(t *testing.T, path string, w, h int) []float64 {
	t.Helper()
	out, err := osexec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0",
		"-fps_mode", "passthrough", "-pix_fmt", "gray", "-f", "rawvideo", "-").Output()
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	size := w * h
	var lumas []float64
	for i := 0; i+size <= len(out); i += size {
		var sum float64
		for _, v := range out[i : i+size] {
			sum += float64(v)
		}
		lumas = append(lumas, sum/float64(size))
	}
	return lumas
}

// rmsSamplesDB is the RMS level in dBFS of s[from:to] (in samples).
func rmsSamplesDB(s []float64, from, to int) float64 {
	var sum float64
	for _, x := range s[from:to] {
		sum += x * x
	}
	return 10 * math.Log10(sum/float64(to-from)+1e-20)
}

// TestFilmFades renders films of grey clips with fades that span scene
// boundaries and transition windows: the frame count is unchanged, every
// frame's level follows the fade on the film's timeline (the first frame
// of a fade in is the colour, as is the last of a fade out), and the sound
// rises from and falls to silence, sample-exact.
func TestFilmFades(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "g.mp4", Seconds: 1.2, Audio: true, Color: "#808080"})
	fftest.Make(t, dir, fftest.Clip{Name: "g.png", Color: "#808080"})
	tests := []struct {
		name, yaml string
		frames     int
		fps        float64
		fadeIn     [2]int // film frames [from, to) of the fade in; to = 0 for none
		fadeOut    [2]int
		outColor   float64 // grey level of the fade-out colour
	}{{
		// a: frames [0,12), fades into b over [6,12); b: [6,26); c: [26,56).
		// fade_in 20f covers a's body, the transition and part of b's
		// body; fade_out 10f (white) the end of c's body.
		name: "in across a transition, out to white", frames: 56, fps: 30,
		fadeIn: [2]int{0, 20}, fadeOut: [2]int{46, 56}, outColor: 255,
		yaml: `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
fade_in: 20f
fade_out: {duration: 10f, color: white}
audio: {loudness: off}
scenes:
  - {id: a, source: g.mp4, duration: 12f, transition: {type: fade, duration: 6f}}
  - {id: b, source: g.mp4, duration: 20f}
  - {id: c, source: g.mp4, duration: 30f}
`}, {
		// a: [0,30); b (a still): [30,50), wipes into c over [42,50); c:
		// [42,58). fade_out 28f starts at b's first frame and covers b's
		// body, the wipe and c's body; fade_in 1f blacks the first frame.
		name: "out across a boundary and a transition, ntsc", frames: 58, fps: 30000.0 / 1001,
		fadeIn: [2]int{0, 1}, fadeOut: [2]int{30, 58},
		yaml: `
output: {path: out.mp4, size: 160x90, fps: 29.97, quality: high}
fade_in: 1f
fade_out: 28f
audio: {loudness: off}
scenes:
  - {id: a, source: g.mp4, duration: 30f}
  - {id: b, source: g.png, duration: 20f, transition: {type: wipeleft, duration: 8f}}
  - {id: c, source: g.mp4, duration: 16f}
`}, {
		// a: [0,30) dips into b through the clips' own grey over [20,30);
		// b: [20,50). fade_out 30f covers the dip and b's body: the dip's
		// second half is joined by concat, whose microsecond times must
		// not pair a frame with its neighbour's fade level.
		name: "out across a dip", frames: 50, fps: 30,
		fadeOut: [2]int{20, 50},
		yaml: `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
fade_out: 30f
audio: {loudness: off}
scenes:
  - {id: a, source: g.mp4, duration: 30f, transition: {type: dip, duration: 10f, color: "#808080"}}
  - {id: b, source: g.mp4, duration: 30f}
`}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := renderAudio(t, dir, tc.yaml)
			if p.Frames != int64(tc.frames) {
				t.Fatalf("planned %d frames, want %d", p.Frames, tc.frames)
			}
			if n := fftest.FrameCount(t, p.Output); n != tc.frames {
				t.Errorf("output has %d frames, want %d", n, tc.frames)
			}
			lumas := frameLumas(t, p.Output, 160, 90)
			if len(lumas) != tc.frames {
				t.Fatalf("decoded %d frames, want %d", len(lumas), tc.frames)
			}
			t.Logf("levels %.0f", lumas)
			base := lumas[(tc.fadeIn[1]+tc.fadeOut[0])/2] // full strength, touched by no fade
			if base < 110 || base > 145 {
				t.Fatalf("unfaded grey reads %.1f", base)
			}
			for f, got := range lumas {
				want := base
				if n := tc.fadeIn[1]; f < n {
					want = base * float64(f) / float64(n)
				}
				if from, to := tc.fadeOut[0], tc.fadeOut[1]; f >= from {
					want = base + (tc.outColor-base)*float64(f-from+1)/float64(to-from)
				}
				if math.Abs(got-want) > 3 {
					t.Errorf("frame %d: level %.1f, want %.1f", f, got, want)
				}
			}
			if last := lumas[len(lumas)-1]; tc.fadeIn[1] > 0 && lumas[0] > 1 || math.Abs(last-tc.outColor) > 1 {
				t.Errorf("first frame %.1f (want black), last %.1f (want %.0f)", lumas[0], last, tc.outColor)
			}
			checkFadedSound(t, p.Output, p.Samples, tc.fps, tc.fadeIn, tc.fadeOut)
		})
	}
}

// checkFadedSound checks the film's sound against its fades: near silence
// in the first and last millisecond, full level just outside the fades,
// and the linear curve's level three quarters into a long fade in.
func checkFadedSound(t *testing.T, path string, samples int64, fps float64, in, out [2]int) {
	t.Helper()
	s := decodeMono(t, path)
	if d := int64(len(s)) - samples; d < -1024 || d > 1024 {
		t.Fatalf("audio has %d samples, the film %d", len(s), samples)
	}
	at := func(frame int) int { return int(math.Round(float64(frame) * 48000 / fps)) }
	n := int(samples)
	full := rmsSamplesDB(s, at(in[1])+1000, at(out[0])-1000)
	first, last := rmsSamplesDB(s, 0, 48), rmsSamplesDB(s, n-48, n)
	t.Logf("full %.1f dB, first ms %.1f dB, last ms %.1f dB", full, first, last)
	if full < -24 || full > -18 {
		t.Errorf("full level %.1f dB, want about -21", full)
	}
	// A linear fade over ns samples reaches at most 48/ns of the full level
	// in its first (or last) millisecond; allow 10 dB for the sine's phase
	// over so short a span and the AAC coder's noise.
	edge := func(from, to int) float64 { return full + 20*math.Log10(48/float64(at(to)-at(from))) + 10 }
	faded := in[1] > 0 && (first > edge(in[0], in[1]) || first > full-20)
	if faded || last > edge(out[0], out[1]) || last > full-20 {
		t.Errorf("first ms %.1f dB, last ms %.1f dB: not near silence (full %.1f)", first, last, full)
	}
	if a, b := rmsSamplesDB(s, at(in[1])+48, at(in[1])+1000), rmsSamplesDB(s, at(out[0])-1000, at(out[0])); math.Abs(a-full) > 0.5 || math.Abs(b-full) > 0.5 {
		t.Errorf("level just after the fade in %.1f dB, just before the fade out %.1f dB, want %.1f", a, b, full)
	}
	if in[1] >= 20 {
		m := at(in[1] * 3 / 4)
		if mid, want := rmsSamplesDB(s, m-480, m+480), full+20*math.Log10(0.75); math.Abs(mid-want) > 1 {
			t.Errorf("three quarters into the fade in: %.1f dB, want %.1f", mid, want)
		}
	}
}
