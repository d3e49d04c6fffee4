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
