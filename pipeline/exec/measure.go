package exec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/plan"
)

// measure runs the job's measuring pass (e.g. loudnorm's analysis), reads the
// last JSON object it printed on stderr, and substitutes each {{name}} in args
// with that object's value of name.
func (r *runner) measure(ctx context.Context, j *plan.Job, args []string) ([]string, error) {
	res, err := ffmpeg.Run(ctx, r.opts.FFmpeg, j.Measure, ffmpeg.RunOptions{WaitDelay: r.opts.Wait, StderrLines: 200})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	values, err := lastJSON(res.StderrTail)
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
