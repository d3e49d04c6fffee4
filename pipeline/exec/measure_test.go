package exec

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/plan"
)

func TestLastJSON(t *testing.T) {
	lines := []string{
		"[Parsed_loudnorm_0 @ 0x1] ",
		"{",
		`	"input_i" : "-23.05",`,
		`	"input_tp" : "-5.10"`,
		"}",
		"trailing noise",
	}
	v, err := lastJSON(lines)
	if err != nil || v["input_i"] != "-23.05" || v["input_tp"] != "-5.10" {
		t.Fatalf("lastJSON = %v, %v", v, err)
	}
	if _, err := lastJSON([]string{"no json here"}); err == nil {
		t.Error("no JSON: no error")
	}
	if _, err := lastJSON([]string{"{", "broken", "}"}); err == nil {
		t.Error("broken JSON: no error")
	}
}

// TestMeasuringPass runs a loudnorm analysis, then a second pass that must
// receive the measured values in place of its {{name}} placeholders.
func TestMeasuringPass(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.wav")
	tone := []string{"-hide_banner", "-nostdin", "-f", "lavfi", "-i", "sine=f=440:d=1"}
	p := &plan.Plan{WorkDir: filepath.Join(dir, "work"), Output: filepath.Join(dir, "final.wav"), TempOutput: out,
		Jobs: []plan.Job{{
			ID: "loud", Kind: plan.KindAudio, Seconds: 1,
			Measure: append(append([]string{}, tone...), "-af", "loudnorm=print_format=json", "-f", "null", "-"),
			Args: append(append([]string{}, tone...), "-af",
				"loudnorm=linear=true:measured_I={{input_i}}:measured_TP={{input_tp}}:measured_LRA={{input_lra}}:measured_thresh={{input_thresh}}",
				"-y", "-f", "wav", out),
			Outputs: []string{out},
		}}}
	if _, err := Run(context.Background(), p, Options{FFmpeg: fftest.FFmpeg()}); err != nil {
		t.Fatal(err)
	}
	if a := fftest.Audio(t, p.Output); a.Samples < 40000 {
		t.Errorf("second pass wrote %d samples", a.Samples)
	}
	p.Jobs[0].Args = []string{"-f", "lavfi", "-i", "sine", "-af", "volume={{nope}}", "-f", "null", "-"}
	_, err := Run(context.Background(), p, Options{FFmpeg: fftest.FFmpeg()})
	if err == nil || !strings.Contains(err.Error(), "no value for") {
		t.Errorf("unknown placeholder: err = %v", err)
	}
}

func TestEBUR128Summary(t *testing.T) {
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
	m, err := ebur128Summary(lines)
	if err != nil || m != (audio.Measurement{I: -22.3, TP: -20.6}) {
		t.Fatalf("ebur128Summary = %+v, %v", m, err)
	}
	if _, err := ebur128Summary(lines[:6]); err == nil || !strings.Contains(err.Error(), "no loudness summary") {
		t.Errorf("summary without a true peak: %v", err)
	}
	// A hot mix: the first analysis clamps at +10 LUFS, the second, 40 dB
	// down, reads it.
	hot := func(main, lowered string) []string {
		h := append([]string{}, lines...)
		h[3] = "    I:  " + main + " LUFS"
		return append(h, "[Parsed_ebur128_2 @ 0x2] Summary:", "", "  Integrated loudness:", "    I:  "+lowered+" LUFS", "    Threshold: -33.7 LUFS")
	}
	if m, err := ebur128Summary(hot("10.0", "-23.7")); err != nil || math.Abs(m.I-16.3) > 1e-9 || m.TP != -20.6 {
		t.Errorf("hot mix: %+v, %v; want I 16.3", m, err)
	}
	if m, err := ebur128Summary(hot("-12.0", "-70.0")); err != nil || m.I != -12 {
		t.Errorf("a mix under -10 LUFS uses the first analysis: %+v, %v", m, err)
	}
	if _, err := ebur128Summary(hot("10.0", "10.0")); !errors.Is(err, errTooLoud) {
		t.Errorf("beyond +50 LUFS: %v", err)
	}
	if _, err := ebur128Summary(lines[3:]); err == nil || !strings.Contains(err.Error(), "no loudness summary") {
		t.Errorf("no summary: %v", err)
	}
	silent := append([]string{}, lines...)
	silent[3], silent[13] = "    I:         -70.0 LUFS", "    Peak:       -inf dBFS"
	if m, err := ebur128Summary(silent); err != nil || m.I != -70 || !math.IsInf(m.TP, -1) {
		t.Errorf("silence: %+v, %v", m, err)
	}
	for _, bad := range []string{"nan", "inf", "loud"} {
		b := append([]string{}, lines...)
		b[3] = "    I:         " + bad + " LUFS"
		if _, err := ebur128Summary(b); err == nil {
			t.Errorf("I %s: no error", bad)
		}
	}
}
