package audio

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// limited models a limiter's effect on loudness: each dB of gain over the
// point where the peaks reach the limit adds only slope dB of loudness.
func limited(m Measurement, limitDB, slope float64) func(gainDB, limit float64) (Measurement, error) {
	return func(gainDB, limit float64) (Measurement, error) {
		over := max(m.TP+gainDB-limitDB, 0)
		return Measurement{I: m.I + gainDB - over*(1-slope), TP: min(m.TP+gainDB, limitDB)}, nil
	}
}

func TestNormalise(t *testing.T) {
	streaming := Target{I: -14, TruePeak: -1}
	noMeasure := func(float64, float64) (Measurement, error) {
		t.Error("measured again without a limiter")
		return Measurement{}, nil
	}
	for _, tc := range []struct {
		name    string
		m       Measurement
		slope   float64 // the limited loudness per dB of gain past the limit
		gain    float64
		limit   bool
		warning string
	}{
		{"hot mix: one negative gain", Measurement{I: 23, TP: 26}, 0, -37, false, ""},
		{"measured_I above loudnorm's range", Measurement{I: 4.2, TP: 9.9}, 0, -18.2, false, ""},
		{"quiet mix: one positive gain", Measurement{I: -50, TP: -40}, 0, 36, false, ""},
		{"too quiet: capped", Measurement{I: -60, TP: -50}, 0, MaxGain, false, "too quiet to raise to -14 LUFS: it is raised by at most 40 dB, to -20.0 LUFS"},
		{"silence (ebur128's -70)", Measurement{I: -70, TP: math.Inf(-1)}, 0, 0, false, "the mix is silent"},
		{"silence (-inf)", Measurement{I: math.Inf(-1), TP: math.Inf(-1)}, 0, 0, false, "the mix is silent"},
		{"peaks just under the limit", Measurement{I: -20, TP: -7.5}, 0, 6, false, ""},
		{"peaks over: limited, made up", Measurement{I: -20, TP: -4}, 0.5, 9.5, true, "after a gain of +9.5 dB the mix would peak at +5.5 dBTP, over the -1.5 dBTP ceiling (-1 less 0.5 dB for the AAC encoder): a true-peak limiter lowers those peaks by up to 7.0 dB"},
		{"clicks in silence: no loudness to gain", Measurement{I: -20, TP: -4}, 0, 6, true, "by up to 3.5 dB; the limited mix measures -17.5 LUFS, not -14"},
		{"a lone click under the gate", Measurement{I: -70, TP: 0}, 0, 0, true, "the mix is silent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			measure := noMeasure
			if tc.limit {
				measure = limited(tc.m, streaming.Limit(), tc.slope)
			}
			g, err := streaming.Normalise(tc.m, measure)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(g.DB-tc.gain) > 0.05 || g.Limit != tc.limit {
				t.Errorf("gain %.2f dB, limit %v; want %.2f dB, %v", g.DB, g.Limit, tc.gain, tc.limit)
			}
			if g.Limit && g.LimitDB != -1.5 {
				t.Errorf("limit at %g dBTP, want -1.5", g.LimitDB)
			}
			all := strings.Join(g.Warnings, "\n")
			if (tc.warning == "") != (all == "") || !strings.Contains(all, tc.warning) {
				t.Errorf("warnings %q, want %q", g.Warnings, tc.warning)
			}
		})
	}
}

// TestNormaliseMeasureFails passes the measuring pass's error on.
func TestNormaliseMeasureFails(t *testing.T) {
	boom := errors.New("boom")
	_, err := Target{I: -14, TruePeak: -1}.Normalise(Measurement{I: -20, TP: 0},
		func(float64, float64) (Measurement, error) { return Measurement{}, boom })
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
}
