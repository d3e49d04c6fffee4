package audio

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/fftest"
)

func TestReadSummary(t *testing.T) {
	lines := []string{
		"[Parsed_ebur128_0 @ 0x1] Summary:",
		"",
		"  Integrated loudness:",
		"    I:         -22.3 LUFS",
		"    Threshold: -34.4 LUFS",
		"",
		"  Loudness range:",
		"    LRA:        10.5 LU",
		"    Threshold: -44.4 LUFS",
		"    LRA low:   -32.3 LUFS",
		"    LRA high:  -21.8 LUFS",
		"",
		"  True peak:",
		"    Peak:      -20.6 dBFS",
	}
	m, err := ReadSummary(lines)
	if err != nil || m != (Measurement{I: -22.3, TP: -20.6}) {
		t.Fatalf("ReadSummary = %+v, %v", m, err)
	}
	if _, err := ReadSummary(lines[:6]); err == nil || !strings.Contains(err.Error(), "no loudness summary") {
		t.Errorf("summary without a true peak: %v", err)
	}
	// A hot mix: the first analysis clamps at +10 LUFS, the second, 40 dB
	// down, reads it.
	hot := func(main, lowered string) []string {
		h := append([]string{}, lines...)
		h[3] = "    I:  " + main + " LUFS"
		return append(h, "[Parsed_ebur128_2 @ 0x2] Summary:", "", "  Integrated loudness:", "    I:  "+lowered+" LUFS", "    Threshold: -33.7 LUFS")
	}
	if m, err := ReadSummary(hot("10.0", "-23.7")); err != nil || math.Abs(m.I-16.3) > 1e-9 || m.TP != -20.6 {
		t.Errorf("hot mix: %+v, %v; want I 16.3", m, err)
	}
	if m, err := ReadSummary(hot("-12.0", "-70.0")); err != nil || m.I != -12 {
		t.Errorf("a mix under -10 LUFS uses the first analysis: %+v, %v", m, err)
	}
	if _, err := ReadSummary(hot("10.0", "10.0")); !errors.Is(err, ErrTooLoud) {
		t.Errorf("beyond +50 LUFS: %v", err)
	}
	if _, err := ReadSummary(lines[3:]); err == nil || !strings.Contains(err.Error(), "no loudness summary") {
		t.Errorf("no summary: %v", err)
	}
	silent := append([]string{}, lines...)
	silent[3], silent[13] = "    I:         -70.0 LUFS", "    Peak:       -inf dBFS"
	if m, err := ReadSummary(silent); err != nil || m.I != -70 || !math.IsInf(m.TP, -1) {
		t.Errorf("silence: %+v, %v", m, err)
	}
	for _, bad := range []string{"nan", "inf", "loud"} {
		b := append([]string{}, lines...)
		b[3] = "    I:         " + bad + " LUFS"
		if _, err := ReadSummary(b); err == nil {
			t.Errorf("I %s: no error", bad)
		}
	}
}

// TestMeasureLoudnessSummary runs the measuring pass's own filters
// (MeasureLoudness) on a 1 kHz sine at amplitude 1/8 in both channels
// (-18.06 dBFS: -18.06 LUFS and dBTP, as a 1 kHz tone reads 0 LUFS at full
// scale in two channels) with several gains, and reads what they print
// with ReadSummary: quiet mixes, a hot one read by the lowered analysis
// (ebur128 clamps at +10 LUFS), and one too loud for both.
func TestMeasureLoudnessSummary(t *testing.T) {
	fftest.Require(t)
	tests := []struct {
		gain    float64
		want    float64 // LUFS and dBTP
		tooLoud bool
	}{
		{gain: 0, want: -18.06},
		{gain: -30, want: -48.06},
		{gain: 20, want: 1.94},
		{gain: 35, want: 16.94},   // the first analysis clamps: the lowered one reads it
		{gain: 75, tooLoud: true}, // beyond +50 LUFS
	}
	for _, tt := range tests {
		lines := measureSine(t, tt.gain)
		m, err := ReadSummary(lines)
		if tt.tooLoud {
			if !errors.Is(err, ErrTooLoud) {
				t.Errorf("gain %+g dB: %+v, %v; want ErrTooLoud", tt.gain, m, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("gain %+g dB: %v\n%s", tt.gain, err, strings.Join(lines, "\n"))
		}
		if math.Abs(m.I-tt.want) > 0.2 || math.Abs(m.TP-tt.want) > 0.2 {
			t.Errorf("gain %+g dB: I %.2f LUFS, TP %.2f dBTP; want both %.2f ± 0.2", tt.gain, m.I, m.TP, tt.want)
		}
	}
}

// measureSine runs MeasureLoudness's filters on 2 s of the sine with
// gainDB and no limiter, and returns the end of ffmpeg's stderr.
func measureSine(t *testing.T, gainDB float64) []string {
	t.Helper()
	g := ffmpeg.NewGraph()
	mix, peak, hot := MeasureLoudness()
	src, a, c := g.Label("sine"), g.Label("split"), g.Label("split")
	out, hotOut := g.Label("measured"), g.Label("measured")
	g.Chain(nil, []ffmpeg.Filter{ffmpeg.F("sine", "frequency", "1000", "sample_rate", "48000", "duration", "2"),
		ffmpeg.F("pan", "", "stereo|c0=c0|c1=c0"), ffmpeg.F("aformat", "sample_fmts", "fltp")}, []string{src})
	g.Chain([]string{src}, mix, []string{a, c})
	g.Chain([]string{a}, peak, []string{out})
	g.Chain([]string{c}, hot, []string{hotOut})
	fill := strings.NewReplacer("{{"+GainValue+"}}", GainString(gainDB), "{{"+LimiterValue+"}}", NoLimiter)
	args := []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-filter_complex", fill.Replace(g.String()),
		"-map", "[" + out + "]", "-f", "null", "-", "-map", "[" + hotOut + "]", "-f", "null", "-"}
	res, err := ffmpeg.Run(context.Background(), fftest.FFmpeg(), args, ffmpeg.RunOptions{StderrLines: 200})
	if err != nil {
		t.Fatalf("measuring pass: %v", err)
	}
	return res.StderrTail
}
