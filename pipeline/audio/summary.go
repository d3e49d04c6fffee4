package audio

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrTooLoud is a mix louder than the measuring pass reads (+50 LUFS):
// measure it again lowered.
var ErrTooLoud = fmt.Errorf("the mix measures louder than %+g LUFS", 10+HotOffset)

// ReadSummary reads the integrated loudness and the true peak from the
// summaries that the ebur128 filters of MeasureLoudness print on stderr
// when they end (lines is the end of that stderr): the one with a true
// peak, and the one lowered by HotOffset, whose loudness is used for a mix
// louder than HotFrom (ebur128 clamps at +10 LUFS). Silence measures -70
// LUFS and a true peak of -inf, both kept.
func ReadSummary(lines []string) (Measurement, error) {
	var main, hot map[string]float64
	for i, l := range lines {
		if !strings.HasSuffix(strings.TrimSpace(l), "Summary:") {
			continue
		}
		v, err := summaryValues(lines[i+1:])
		if err != nil {
			return Measurement{}, err
		}
		if _, ok := v["TP"]; ok {
			main = v
		} else {
			hot = v
		}
	}
	if main == nil {
		return Measurement{}, errors.New("no loudness summary printed")
	}
	if _, ok := main["I"]; !ok {
		return Measurement{}, errors.New("the loudness summary has no I")
	}
	m := Measurement{I: main["I"], TP: main["TP"]}
	if h, ok := hot["I"]; ok && m.I >= HotFrom {
		if h >= 9.5 { // ebur128's top bin: clamped
			return m, ErrTooLoud
		}
		m.I = h + HotOffset
	}
	return m, nil
}

// summaryValues reads one ebur128 summary (the lines after "Summary:") up
// to the next: I and, when printed, the true peak TP.
func summaryValues(lines []string) (map[string]float64, error) {
	out := map[string]float64{}
	section := ""
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasSuffix(t, "Summary:") {
			break
		}
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		fields := strings.Fields(val)
		if len(fields) == 0 {
			section = key
			continue
		}
		name := map[string]string{"Integrated loudness/I": "I", "True peak/Peak": "TP"}[section+"/"+key]
		if name == "" {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 1) {
			return nil, fmt.Errorf("unusable %s %q in the loudness summary", key, fields[0])
		}
		out[name] = v
	}
	return out, nil
}
