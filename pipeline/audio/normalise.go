package audio

import (
	"fmt"
	"math"
)

// Loudness normalisation limits.
const (
	// Silent is ebur128's absolute gate: a mix measuring at or under it has
	// nothing to normalise (digital silence measures -70 LUFS, its true
	// peak -inf).
	Silent = -70.0
	// MaxGain is the most a quiet mix is raised: a mix quieter than the
	// target by more (under -54 LUFS for -14) is mostly noise floor, and
	// raising it further would make the noise the film's sound.
	MaxGain = 40.0
	// MaxMakeUp is the most the gain is raised beyond target - measured to
	// make up for the loudness the limiter takes off with the peaks.
	MaxMakeUp = 6.0
	// Tolerance is how close to the target a limited mix must measure
	// before the make-up search stops (LU).
	Tolerance = 0.2
	// limiterPasses is how many measurements of the limited mix the
	// make-up search may make.
	limiterPasses = 3
)

// Target is the loudness a mix is normalised to.
type Target struct {
	I        float64 `json:"i"`         // integrated loudness, LUFS
	TruePeak float64 `json:"true_peak"` // the ceiling, dBTP
}

// Measurement is what the measuring pass found.
type Measurement struct {
	I  float64 // integrated loudness, LUFS (-70 or -inf for silence)
	TP float64 // true peak, dBTP (-inf for digital silence)
}

// Gain is what the second pass applies: one linear gain and, when Limit is
// set, a true-peak limiter at LimitDB.
type Gain struct {
	DB       float64
	Limit    bool
	LimitDB  float64
	Warnings []string
}

// Limit is the level the limiter holds the true peak at: the ceiling less
// the codec's headroom.
func (t Target) Limit() float64 { return t.TruePeak - CodecHeadroom }

// Normalise computes the second pass from the measurement m: the gain that
// brings the mix to the target, as one linear gain whatever the input's
// level, and a true-peak limiter only when that gain would push the peaks
// over the ceiling. With the limiter on, the limiter takes some loudness
// off with the peaks; measure(gain, limitDB) measures the limited mix, and
// the gain is raised (by at most MaxMakeUp) until it lands within
// Tolerance of the target. Silence gets no gain; a very quiet mix at most
// MaxGain. Each of these is said in a warning.
func (t Target) Normalise(m Measurement, measure func(gainDB, limitDB float64) (Measurement, error)) (Gain, error) {
	var g Gain
	if math.IsNaN(m.I) || m.I <= Silent {
		g.Warnings = append(g.Warnings, fmt.Sprintf("loudness: the mix is silent (under %g LUFS, where loudness is not measured): it is not normalised", Silent))
	} else {
		g.DB = t.I - m.I
		if g.DB > MaxGain {
			g.DB = MaxGain
			g.Warnings = append(g.Warnings, fmt.Sprintf("loudness: the mix measures %.1f LUFS, too quiet to raise to %g LUFS: it is raised by at most %g dB, to %.1f LUFS",
				m.I, t.I, MaxGain, m.I+MaxGain))
		}
	}
	if math.IsInf(m.TP, -1) || m.TP+g.DB <= t.Limit() {
		return g, nil
	}
	g.Limit, g.LimitDB = true, t.Limit()
	landed, err := t.makeUp(&g, m, measure)
	if err != nil {
		return g, err
	}
	over := m.TP + g.DB - g.LimitDB
	w := fmt.Sprintf("loudness: after a gain of %+.1f dB the mix would peak at %+.1f dBTP, over the %g dBTP ceiling (%g less %g dB for the AAC encoder): a true-peak limiter lowers those peaks by up to %.1f dB",
		g.DB, m.TP+g.DB, g.LimitDB, t.TruePeak, CodecHeadroom, over)
	if g.DB < MaxGain && math.Abs(landed-t.I) > 2*Tolerance {
		w += fmt.Sprintf("; the limited mix measures %.1f LUFS, not %g", landed, t.I)
	}
	g.Warnings = append(g.Warnings, w)
	return g, nil
}

// makeUp raises g.DB until the limited mix measures within Tolerance of
// the target (secant steps on the measured loudness), within MaxMakeUp and
// MaxGain, and returns the loudness it expects at the final gain. A mix
// made only of peaks (clicks in silence) gets no louder under a limiter:
// the search then keeps the least gain that reached the loudest
// measurement.
func (t Target) makeUp(g *Gain, m Measurement, measure func(gainDB, limitDB float64) (Measurement, error)) (float64, error) {
	if g.DB >= MaxGain || m.I <= Silent {
		return m.I + g.DB, nil
	}
	hi := min(g.DB+MaxMakeUp, MaxGain)
	type point struct{ gain, i float64 }
	var pts []point
	for pass := range limiterPasses {
		got, err := measure(g.DB, g.LimitDB)
		if err != nil {
			return 0, err
		}
		pts = append(pts, point{g.DB, got.I})
		if got.I >= t.I-Tolerance {
			return got.I, nil
		}
		slope := 1.0
		if n := len(pts); n > 1 {
			slope = (got.I - pts[n-2].i) / (g.DB - pts[n-2].gain)
		}
		if slope < 0.1 {
			break // more gain buys no loudness
		}
		next := min(g.DB+(t.I-got.I)/min(slope, 1), hi)
		if next <= g.DB+0.01 {
			break // at the bound
		}
		if pass == limiterPasses-1 {
			g.DB = next // the best estimate, not measured
			return got.I + min(slope, 1)*(next-pts[len(pts)-1].gain), nil
		}
		g.DB = next
	}
	loudest := pts[0].i
	for _, p := range pts {
		loudest = max(loudest, p.i)
	}
	for _, p := range pts {
		if p.i >= loudest-0.1 {
			g.DB = p.gain
			return p.i, nil
		}
	}
	return loudest, nil
}

// dbToLinear converts a level in dB to an amplitude ratio.
func dbToLinear(db float64) float64 { return math.Pow(10, db/20) }
