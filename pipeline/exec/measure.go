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
	"github.com/reel-film/reel/pipeline/plan"
)

// measure runs the job's measuring pass (e.g. loudnorm's analysis), reads the
// last JSON object it printed on stderr, and substitutes each {{name}} in args
// with that object's value of name.
func (r *runner) measure(ctx context.Context, j *plan.Job, args []string) ([]string, error) {
	res, err := ffmpeg.Run(ctx, r.opts.FFmpeg, j.Measure, ffmpeg.RunOptions{WaitDelay: r.opts.Wait, StderrLines: 200, TempDir: r.plan.WorkDir})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	var values map[string]any
	if j.MeasureFormat == "ebur128" {
		values, err = ebur128Summary(res.StderrTail)
	} else {
		values, err = lastJSON(res.StderrTail)
	}
	if err != nil {
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	var pairs []string
	for k, v := range values {
		pairs = append(pairs, "{{"+k+"}}", fmt.Sprint(v))
	}
	rep := strings.NewReplacer(pairs...)
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = rep.Replace(a)
		if strings.Contains(out[i], "{{") {
			return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass gave no value for %s", out[i])}
		}
	}
	return out, nil
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

// ebur128Summary reads the summary the ebur128 filter prints when it ends:
// integrated loudness and its gating threshold, loudness range and true
// peak, under the names loudnorm's own analysis uses.
func ebur128Summary(lines []string) (map[string]any, error) {
	start := -1
	for i, l := range lines {
		if strings.HasSuffix(strings.TrimSpace(l), "Summary:") {
			start = i
		}
	}
	if start < 0 {
		return nil, errors.New("no loudness summary printed")
	}
	out := map[string]any{}
	section := ""
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		fields := strings.Fields(val)
		if len(fields) == 0 {
			section = key
			continue
		}
		name := map[string]string{
			"Integrated loudness/I": "input_i", "Integrated loudness/Threshold": "input_thresh",
			"Loudness range/LRA": "input_lra", "True peak/Peak": "input_tp",
		}[section+"/"+key]
		if name == "" {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, fmt.Errorf("unusable %s %q in the loudness summary", key, fields[0])
		}
		out[name] = strconv.FormatFloat(v, 'f', 2, 64)
	}
	for _, k := range []string{"input_i", "input_thresh", "input_lra", "input_tp"} {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("the loudness summary has no %s", k)
		}
	}
	return out, nil
}
