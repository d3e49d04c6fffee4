package pipeline_test

import (
	"math"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
)

// bursts is one second of percussion: four noise bursts a quarter second
// apart, each decaying from full level (a true peak some 16 dB over its
// loudness, so that -14 LUFS needs a limiter under a -1 dBTP ceiling).
// makeSound low-passes it at 5 kHz, as drums are: full-band white noise
// loses loudness in the AAC encoder's low-pass and overshoots its peaks.
const bursts = "0.5*(2*random(0)-1)*exp(-40*mod(t,0.25))"

// makeSound writes seconds of the aevalsrc expression expr (one per
// channel, "|"-separated) to path: a WAV, or an MP4 clip with a grey
// picture when path ends in .mp4.
func makeSound(t *testing.T, path, expr string, seconds float64) string {
	t.Helper()
	d := ftoa(seconds)
	args := []string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "aevalsrc=exprs='" + expr + "':s=48000:d=" + d}
	if strings.HasSuffix(path, ".mp4") {
		args = append(args, "-f", "lavfi", "-i", "color=c=gray:s=160x90:r=30:d="+d,
			"-map", "1:v", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", "-shortest")
	} else {
		args = append(args, "-c:a", "pcm_f32le")
	}
	args = append(args, "-af", "lowpass=f=5000:p=2,lowpass=f=5000:p=2")
	if out, err := osexec.Command(fftest.FFmpeg(), append(args, path)...).CombinedOutput(); err != nil {
		t.Fatalf("making %s: %v\n%s", path, err, out)
	}
	return path
}

// renderWarn renders project yaml in dir (with the cache at cache, or
// none when empty) and returns the plan and the render's statistics.
func renderWarn(t *testing.T, dir, yaml, cache string) (*plan.Plan, *exec.Stats) {
	t.Helper()
	res := renderWith(t, dir, yaml, pipeline.Cache{Off: cache == "", Dir: cache})
	return res.Plan, res.Stats
}

// rmsDB is the RMS level in dB of s[from:to] seconds.
func rmsDB(s []float64, from, to float64) float64 {
	a, b := int(from*48000), min(int(to*48000), len(s))
	var sum float64
	for _, x := range s[a:b] {
		sum += x * x
	}
	return 10 * math.Log10(sum/float64(b-a)+1e-30)
}

// TestLoudnessHotMix renders mixes far over full scale (a clip or a bed at
// +23 dB: loudnorm's measured_I range ends at 0 LUFS): each comes out at
// the target by one gain, a limiter only where that gain would push the
// true peak over the ceiling, with a warning saying by how much.
func TestLoudnessHotMix(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	drums := bursts + "+0.05*sin(2*PI*220*t)" // percussion over a drone
	percClip := makeSound(t, filepath.Join(dir, "perc.mp4"), drums+"|"+drums, 2)
	sineClip := makeSound(t, filepath.Join(dir, "sine.mp4"), "0.5*sin(2*PI*440*t)|0.5*sin(2*PI*440*t)", 1)
	monoBed := makeSound(t, filepath.Join(dir, "mono.wav"), bursts, 1)
	for _, tc := range []struct {
		name, scenes, audio string
		target, ceiling     float64
		limited             bool
	}{
		{"percussive clip at +23 dB", "  - {source: " + percClip + ", volume: +23dB}\n", "", -14, -1, true},
		{"sine clip at +23 dB", "  - {source: " + sineClip + ", volume: +23dB}\n", "", -14, -1, false},
		{"sine clip at +60 dB (over +50 LUFS: measured again lowered)", "  - {source: " + sineClip + ", volume: +60dB}\n", "", -14, -1, false},
		{"mono percussive bed at +23 dB to -23 LUFS and -3 dBTP", "  - {placeholder: {text: a}, duration: 1s}\n",
			"audio:\n  beds: [{source: " + monoBed + ", volume: +23dB, loop: true}]\n  loudness: {target: -23, true_peak: -3}\n", -23, -3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			p, st := renderWarn(t, out, "output: {path: "+out+"/out.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n"+tc.scenes+tc.audio, "")
			lufs, tp := loudness(t, p.Output)
			t.Logf("%.1f LUFS, %.1f dBTP; warnings %q", lufs, tp, st.Warnings)
			if math.Abs(lufs-tc.target) > 0.5 || tp > tc.ceiling+0.1 {
				t.Errorf("%.1f LUFS, %.1f dBTP; want %g±0.5 LUFS and at most %g dBTP", lufs, tp, tc.target, tc.ceiling)
			}
			warned := strings.Contains(strings.Join(st.Warnings, "\n"), "a true-peak limiter lowers those peaks by up to")
			if warned != tc.limited {
				t.Errorf("limiter warning %v, want %v: %q", warned, tc.limited, st.Warnings)
			}
			if job := p.Job("audio"); job.Loudness == nil || job.Loudness.I != tc.target || job.Loudness.TruePeak != tc.ceiling {
				t.Errorf("audio job loudness %+v", job.Loudness)
			}
		})
	}
}

// TestLoudnessLoopedBedEven loops a one-second percussive bed four times:
// one gain and a limiter that treats every repetition alike give each the
// same level (loudnorm's dynamic fallback made the first 3.3 dB louder).
// The cached render reports the limiter's warning again.
func TestLoudnessLoopedBedEven(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	bed := makeSound(t, filepath.Join(dir, "perc.wav"), bursts+"|"+bursts, 1)
	cache := filepath.Join(dir, "cache")
	yaml := "output: {path: " + dir + "/out.mp4, size: 160x90, fps: 30, quality: draft}\n" +
		"scenes:\n  - {placeholder: {text: a}, duration: 4s}\n" +
		"audio:\n  beds: [{source: " + bed + ", loop: true}]\n"
	p, st := renderWarn(t, dir, yaml, cache)
	s := decodeMono(t, p.Output)
	var levels []float64
	for k := range 4 {
		levels = append(levels, rmsDB(s, float64(k), float64(k+1)))
	}
	t.Logf("repetitions at %.2f dB; warnings %q", levels, st.Warnings)
	for k, l := range levels {
		if math.Abs(l-levels[1]) > 0.5 {
			t.Errorf("repetition %d at %.2f dB, repetition 2 at %.2f dB: want within 0.5 dB", k+1, l, levels[1])
		}
	}
	lufs, tp := loudness(t, p.Output)
	if math.Abs(lufs+14) > 0.5 || tp > -0.9 {
		t.Errorf("%.1f LUFS, %.1f dBTP; want -14±0.5 LUFS, at most -1 dBTP", lufs, tp)
	}
	if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "a true-peak limiter lowers those peaks by up to") {
		t.Fatalf("warnings %q, want one about the limiter", st.Warnings)
	}
	os.Remove(p.Output)
	_, again := renderWarn(t, dir, yaml, cache)
	if again.Cached == 0 || len(again.Warnings) != 1 || again.Warnings[0] != st.Warnings[0] {
		t.Errorf("cached render: %d jobs from the cache, warnings %q; want the audio's warning %q", again.Cached, again.Warnings, st.Warnings[0])
	}
}

// TestLoudnessQuietLinear raises quiet mixes by one gain: every part of the
// film is scaled by the same ratio (a level step of 10 dB stays 10 dB),
// up to MaxGain (40 dB) with a warning for a mix too quiet to reach the
// target.
func TestLoudnessQuietLinear(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	for _, tc := range []struct {
		name   string
		amp    float64 // of the first second's tone; the next two are -10 dB and +6 dB
		gain   float64 // expected, dB
		warned string
	}{
		{"-50 LUFS", 0.0036, 0, ""},
		{"-62 LUFS: at most +40 dB", 0.0009, 40, "too quiet to raise to -14 LUFS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			a := ftoa(tc.amp)
			expr := "if(lt(t,1)," + a + ",if(lt(t,2)," + a + "/3.1623," + a + "*1.9953))*sin(2*PI*1000*t)"
			clip := makeSound(t, filepath.Join(dir, "quiet.wav"), expr+"|"+expr, 3)
			in := decodeMono(t, clip)
			p, st := renderWarn(t, dir, "output: {path: "+dir+"/out.mp4, size: 160x90, fps: 30, quality: draft}\n"+
				"scenes:\n  - {placeholder: {text: a}, duration: 3s}\naudio:\n  beds: [{source: "+clip+"}]\n", "")
			out := decodeMono(t, p.Output)
			var gains []float64
			for k := range 3 {
				from, to := float64(k)+0.1, float64(k)+0.9
				gains = append(gains, toneDB(out, from, to, 1000)-toneDB(in, from, to, 1000))
			}
			inLUFS, _ := loudness(t, clip)
			lufs, _ := loudness(t, p.Output)
			t.Logf("input %.1f LUFS, output %.1f LUFS; gain per second %.2f dB; warnings %q", inLUFS, lufs, gains, st.Warnings)
			want := tc.gain
			if want == 0 {
				want = -14 - inLUFS
			}
			for k, g := range gains {
				if math.Abs(g-want) > 0.25 {
					t.Errorf("second %d raised by %.2f dB, want %.2f (one gain throughout)", k+1, g, want)
				}
			}
			all := strings.Join(st.Warnings, "\n")
			if (tc.warned == "") != (all == "") || !strings.Contains(all, tc.warned) {
				t.Errorf("warnings %q, want %q", st.Warnings, tc.warned)
			}
		})
	}
}

// TestLoudnessSilence renders films whose sound is all digital silence (a
// clip with a silent track, a silent bed): they stay silent, with a
// warning, where -inf LUFS once could not reach the second pass.
func TestLoudnessSilence(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clip := makeSound(t, filepath.Join(dir, "silent.mp4"), "0|0", 1)
	bed := makeSound(t, filepath.Join(dir, "silent.wav"), "0", 1)
	for name, body := range map[string]string{
		"silent clip": "scenes:\n  - {source: " + clip + "}\n",
		"silent bed":  "scenes:\n  - {placeholder: {text: a}, duration: 1s}\naudio:\n  beds: [{source: " + bed + "}]\n",
	} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			p, st := renderWarn(t, out, "output: {path: "+out+"/out.mp4, size: 160x90, fps: 30, quality: draft}\n"+body, "")
			if pk := peakOf(decodeMono(t, p.Output)); pk > 1e-6 {
				t.Errorf("silence came out with a peak of %g", pk)
			}
			if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "the mix is silent") {
				t.Errorf("warnings %q, want one saying the mix is silent", st.Warnings)
			}
		})
	}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestLoudnessOffWarnsOfClipping renders with loudness off: a clip at
// +23 dB goes over full scale and the render says it will clip; the same
// clip at its own level renders without a word.
func TestLoudnessOffWarnsOfClipping(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clip := makeSound(t, filepath.Join(dir, "sine.mp4"), "0.5*sin(2*PI*440*t)|0.5*sin(2*PI*440*t)", 1)
	for _, tc := range []struct {
		volume string
		clips  bool
	}{{"+23dB", true}, {"0dB", false}} {
		t.Run(tc.volume, func(t *testing.T) {
			out := t.TempDir()
			p, st := renderWarn(t, out, "output: {path: "+out+"/out.mp4, size: 160x90, fps: 30, quality: draft}\n"+
				"scenes:\n  - {source: "+clip+", volume: "+tc.volume+"}\naudio:\n  loudness: off\n", "")
			_, tp := loudness(t, p.Output)
			warned := strings.Contains(strings.Join(st.Warnings, "\n"), "loudness is off and the mix peaks at")
			t.Logf("true peak %.1f dBTP; warnings %q", tp, st.Warnings)
			if warned != tc.clips || (tp > 0) != tc.clips {
				t.Errorf("true peak %.1f dBTP, clipping warning %v; want clipping %v", tp, warned, tc.clips)
			}
		})
	}
}
