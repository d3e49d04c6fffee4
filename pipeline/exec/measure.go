package exec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/plan"
)

// measure runs the job's measuring pass (its references expanded in env)
// and returns the values of the last JSON object the pass printed on
// stderr, which fill the job's {{name}} values (loudness jobs measure with
// ebur128 instead: see loudness).
func (r *runner) measure(ctx context.Context, j *plan.Job, env plan.Env) (map[string]string, error) {
	args, err := plan.Expand(j.Measure, env)
	if err != nil {
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	lines, err := r.runMeasure(ctx, j, args)
	if err != nil {
		return nil, err
	}
	v, err := lastJSON(lines)
	if err != nil {
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	out := make(map[string]string, len(v))
	for k, x := range v {
		out[k] = fmt.Sprint(x)
	}
	return out, nil
}

// runMeasure runs the measuring pass with args and returns the last lines
// of its stderr.
func (r *runner) runMeasure(ctx context.Context, j *plan.Job, args []string) ([]string, error) {
	res, err := ffmpeg.Run(ctx, r.opts.FFmpeg, args, ffmpeg.RunOptions{WaitDelay: r.opts.Wait, StderrLines: 200, TempDir: r.plan.WorkDir})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	return res.StderrTail, nil
}

// lastJSON finds the last {...} block in lines and decodes it.
func lastJSON(lines []string) (map[string]any, error) {
	end := -1
	for i := len(lines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if end < 0 && strings.HasSuffix(t, "}") {
			end = i
		}
		if end >= 0 && strings.HasPrefix(t, "{") {
			var v map[string]any
			if err := json.Unmarshal([]byte(strings.Join(lines[i:end+1], "\n")), &v); err != nil {
				return nil, fmt.Errorf("unreadable measurement: %w", err)
			}
			return v, nil
		}
	}
	return nil, errors.New("no measurement printed")
}

// errTooLoud is a mix louder than the measuring pass reads (+50 LUFS):
// measure it again lowered.
var errTooLoud = fmt.Errorf("the mix measures louder than %+g LUFS", 10+audio.HotOffset)

// ebur128Summary reads the integrated loudness and the true peak from the
// summaries the ebur128 filters of the measuring pass print when they end:
// the one with a true peak, and the one lowered by audio.HotOffset, whose
// loudness is used for a mix louder than audio.HotFrom (ebur128 clamps at
// +10 LUFS). Silence measures -70 LUFS and a true peak of -inf, both kept.
func ebur128Summary(lines []string) (audio.Measurement, error) {
	var main, hot map[string]float64
	for i, l := range lines {
		if !strings.HasSuffix(strings.TrimSpace(l), "Summary:") {
			continue
		}
		v, err := summaryValues(lines[i+1:])
		if err != nil {
			return audio.Measurement{}, err
		}
		if _, ok := v["TP"]; ok {
			main = v
		} else {
			hot = v
		}
	}
	if main == nil {
		return audio.Measurement{}, errors.New("no loudness summary printed")
	}
	if _, ok := main["I"]; !ok {
		return audio.Measurement{}, errors.New("the loudness summary has no I")
	}
	m := audio.Measurement{I: main["I"], TP: main["TP"]}
	if h, ok := hot["I"]; ok && m.I >= audio.HotFrom {
		if h >= 9.5 { // ebur128's top bin: clamped
			return m, errTooLoud
		}
		m.I = h + audio.HotOffset
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
