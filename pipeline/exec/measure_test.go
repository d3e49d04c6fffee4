package exec

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
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
