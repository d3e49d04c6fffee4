package pipeline_test

import (
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestSpeedExact renders clips at several speeds (fast, slow, chained
// atempo both ways, a fraction with no whole ratio), trimmed or not: the
// film has exactly the planned frames and samples (a 2s clip at speed 2 is
// 1s of both), each frame shows the clip frame of its time at that speed,
// and the tone keeps its pitch.
func TestSpeedExact(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	tests := []struct {
		name, scene string
		secs        float64 // the clip's
		frames      int     // the film's
		index       func(k int) float64
	}{
		{"2x", "speed: 2", 2, 30, func(k int) float64 { return 2 * float64(k) }},
		{"half speed", "speed: 0.5", 1, 60, func(k int) float64 { return float64(k / 2) }},
		{"3x trimmed", "speed: 3, trim: {start: 0.2s, duration: 1.5s}", 2, 15, func(k int) float64 { return 6 + 3*float64(k) }},
		{"quarter speed trimmed", "speed: 0.25, trim: {start: 0.5s, duration: 0.5s}", 1, 60, func(k int) float64 { return 15 + float64(k/4) }},
		{"1.5x for a duration in film time", "speed: 1.5, duration: 1s", 2, 30, func(k int) float64 { return 1.5 * float64(k) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: tt.secs, Pattern: "index", Audio: true, Freq: 440})
			p := render(t, dir, "outputs:\n  - {path: out.mp4, size: 160x90, fps: 30}\n  - {path: sound.wav}\naudio: {loudness: off}\nscenes:\n  - {source: a.mp4, "+tt.scene+"}\n")
			if got := fftest.FrameCount(t, p.Output); got != tt.frames || p.Timeline.Frames != int64(tt.frames) {
				t.Fatalf("%d frames (planned %d), want %d", got, p.Timeline.Frames, tt.frames)
			}
			if a := fftest.Audio(t, filepath.Join(dir, "sound.wav")); a.Samples != int64(tt.frames)*1600 {
				t.Errorf("%d samples, want %d", a.Samples, tt.frames*1600)
			}
			speed := speedOf(tt.scene)
			frames := allFrames(t, p.Output, 160, 90)
			for k := 0; k < tt.frames; k++ {
				got := fftest.FrameIndex(frames[k])
				// FFmpeg's fps filter shows the clip frame nearest the
				// film frame's time (the later of two): within half a film
				// frame, in clip frames.
				if d := math.Abs(math.Remainder(float64(got)-tt.index(k), 32)); d > max(0.5, speed/2) {
					t.Errorf("frame %d shows clip frame %d (mod 32), want %g", k, got, tt.index(k))
				}
			}
			snd := decodeMono(t, p.Output)
			secs := float64(tt.frames) / 30
			kept, shifted := shortToneDB(snd, 0.1, secs-0.1, 440), shortToneDB(snd, 0.1, secs-0.1, 440*speed)
			t.Logf("440 Hz at %.1f dB, %g Hz at %.1f dB", kept, 440*speed, shifted)
			if kept < -24 || shifted > kept-20 {
				t.Errorf("the 440 Hz tone is at %.1f dB and at its speed's pitch %.1f dB: want it kept (above -30 dB, 20 dB over the other)", kept, shifted)
			}
		})
	}
}

// shortToneDB is the median level of the freq Hz component of s over
// 50 ms windows in [from, to) seconds: a stretched tone drifts in phase,
// which a long coherent measurement would take for a weaker one.
func shortToneDB(s []float64, from, to, freq float64) float64 {
	var levels []float64
	for a := from; a+0.05 <= to; a += 0.05 {
		levels = append(levels, toneDB(s, a, a+0.05, freq))
	}
	slices.Sort(levels)
	return levels[len(levels)/2]
}

// speedOf reads the speed back from a test's scene keys.
func speedOf(scene string) float64 {
	_, rest, _ := strings.Cut(scene, "speed: ")
	v, _ := strconv.ParseFloat(strings.TrimRight(strings.Split(rest, ",")[0], "}"), 64)
	return v
}

// stretchTolerance is how far a beep may come from its flash in sound
// stretched by rubberband (the engine's FFmpeg has it): a stretched onset
// smears by part of its window. Measured: +5.5 ms at 2x, -13.5 ms at half
// speed, -45 ms at a quarter (atempo: -54 and -100 ms); 45 ms is where
// sound ahead of its picture becomes noticeable (ITU-R BT.1359).
const stretchTolerance = 0.02

// TestSpeedFreezeSync renders a clip whose flashes beep, faster, slower,
// frozen, both, and trimmed: each flash is where the speed and the hold put
// it, and its beep with it (the sound is silent while the frame holds and
// in step after).
func TestSpeedFreezeSync(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	tests := []struct {
		name, scene string
		want        []float64 // the flashes, in film seconds
		frames      int64
		tol         float64 // how far a beep may be from its flash
	}{
		{"2x", "speed: 2", []float64{14.0 / 60, 44.0 / 60}, 30, stretchTolerance},
		{"half speed", "speed: 0.5", []float64{28.0 / 30, 88.0 / 30}, 120, stretchTolerance},
		{"freeze between the flashes", "freeze: {at: 1s, duration: 0.5s}", []float64{14.0 / 30, 44.0/30 + 0.5}, 75, syncTolerance},
		{"freeze before both, trimmed", "trim: {start: 0.3s}, freeze: {at: 0.1s, duration: 10f}", []float64{0.5, 1.5}, 61, syncTolerance},
		{"quarter speed, trimmed", "speed: 0.25, trim: {start: 0.3s, duration: 0.5s}", []float64{(14.0 - 9) * 4 / 30}, 60, 0.05},
		{"half speed, frozen after the first", "speed: 0.5, freeze: {at: 0.8s, duration: 10f}", []float64{28.0 / 30, 98.0 / 30}, 130, stretchTolerance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fftest.MakeSync(t, dir, fftest.SyncClip{Name: "a.mp4", Flashes: []int{14, 44}, FlashFrames: 2})
			p := renderAudio(t, dir, "outputs:\n  - {path: out.mp4, size: 160x90, fps: 30, quality: draft}\n  - {path: sound.wav}\naudio: {loudness: off}\nscenes:\n  - {source: a.mp4, "+tt.scene+"}\n")
			if p.Timeline.Frames != tt.frames {
				t.Errorf("the film has %d frames, want %d", p.Timeline.Frames, tt.frames)
			}
			if n := fftest.FrameCount(t, p.Output); int64(n) != tt.frames {
				t.Errorf("the output has %d frames, want %d", n, tt.frames)
			}
			if a := fftest.Audio(t, filepath.Join(dir, "sound.wav")); a.Samples != tt.frames*1600 {
				t.Errorf("%d samples, want %d", a.Samples, tt.frames*1600)
			}
			v0 := fftest.Info(t, p.Output).Video.StartTime
			flashes := fftest.FlashTimes(t, p.Output)
			offs := fftest.AVOffsets(t, p.Output, len(tt.want))
			for i, off := range offs {
				t.Logf("flash %d at %.4fs, its beep %+.2f ms from it", i, flashes[i]-v0, off*1000)
				if math.Abs(flashes[i]-v0-tt.want[i]) > 0.0005 {
					t.Errorf("flash %d at %.4fs, want %.4f", i, flashes[i]-v0, tt.want[i])
				}
				if math.Abs(off) > tt.tol {
					t.Errorf("beep %d comes %+.2f ms after its flash, want within %g ms", i, off*1000, tt.tol*1000)
				}
			}
		})
	}
}

// TestFreezeHolds freezes a clip of numbered frames with a tone: the
// frozen frame repeats for exactly the hold, the clip plays on from the
// next frame, and the sound is digital silence during the hold and the
// tone either side.
func TestFreezeHolds(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 1, Pattern: "index", Audio: true})
	p := render(t, dir, "outputs:\n  - {path: out.mp4, size: 160x90, fps: 30}\n  - {path: sound.wav}\naudio: {loudness: off}\nscenes:\n  - {source: a.mp4, freeze: {at: 0.5s, duration: 0.5s}}\n")
	if n := fftest.FrameCount(t, p.Output); n != 45 {
		t.Fatalf("%d frames, want 45", n)
	}
	frames := allFrames(t, p.Output, 160, 90)
	for k := range 45 {
		want := k
		switch {
		case k > 30:
			want = k - 15
		case k >= 15:
			want = 15
		}
		if got := fftest.FrameIndex(frames[k]); got != want%32 {
			t.Errorf("frame %d shows clip frame %d, want %d", k, got, want)
		}
	}
	snd := decodeMono(t, filepath.Join(dir, "sound.wav"))
	if len(snd) != 45*1600 {
		t.Errorf("%d samples, want %d", len(snd), 45*1600)
	}
	// The hold is frames 16..30: 0.533s to 1.033s.
	var peak float64
	for _, v := range snd[int(0.54*48000):int(1.03*48000)] {
		peak = max(peak, math.Abs(v))
	}
	if peak > 1e-3 {
		t.Errorf("the hold is not silent: peak %.4f", peak)
	}
	if a, b := toneDB(snd, 0.05, 0.5, 440), toneDB(snd, 1.07, 1.45, 440); a < -30 || b < -30 {
		t.Errorf("the tone is at %.1f dB before the hold and %.1f dB after, want it (above -30 dB)", a, b)
	}
}
