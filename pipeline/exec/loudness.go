package exec

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/plan"
)

// tooLoudOffset is how far a mix too loud for the measuring pass is lowered
// for a second measurement.
const tooLoudOffset = 60.0

// loudness measures a loudness job's mix, computes its gain and limiter
// (audio.Target.Normalise, which may measure the limited mix again),
// reports its warnings and returns the values of {{gain}} and {{limiter}}.
func (r *runner) loudness(ctx context.Context, j *plan.Job, env plan.Env) (map[string]string, error) {
	first, err := r.measureLoudness(ctx, j, j.Measure, env, 0, audio.NoLimiter)
	if errors.Is(err, audio.ErrTooLoud) {
		// Louder than +50 LUFS (a full-scale clip at +60 dB): read lowered.
		first, err = r.measureLoudness(ctx, j, j.Measure, env, -tooLoudOffset, audio.NoLimiter)
		first.I, first.TP = first.I+tooLoudOffset, first.TP+tooLoudOffset
	}
	if err != nil {
		return nil, err
	}
	g, err := j.Loudness.Normalise(first, func(gainDB, limitDB float64) (audio.Measurement, error) {
		return r.measureLoudness(ctx, j, j.Measure, env, gainDB, audio.Limiter(limitDB))
	})
	if err != nil {
		return nil, err
	}
	for _, w := range g.Warnings {
		r.warn(j, w)
	}
	limiter := audio.NoLimiter
	if g.Limit {
		limiter = audio.Limiter(g.LimitDB)
	}
	return map[string]string{audio.GainValue: audio.GainString(g.DB), audio.LimiterValue: limiter}, nil
}

// checkPeak is the check run after an audio job's encode: it measures
// the true peak of each encoded stream it wrote (outs) and warns when it is over the ceiling: the encoder's overshoot past its
// headroom for a loudness job, clipping for a mix not normalised
// (loudness: off) whose volumes put it over full scale. (Encoding again
// with a lower limit was tried: on full-band noise bursts the harder
// limiting made the encoder overshoot differently, and cost loudness.)
func (r *runner) checkPeak(ctx context.Context, j *plan.Job, outs []string) error {
	for _, out := range outs {
		m, err := r.measureLoudness(ctx, j, []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
			"-i", plan.In(0), "-map", "0:a:0", "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"}, plan.Env{Inputs: []string{out}}, 0, "")
		if err != nil {
			return err
		}
		switch l := j.Loudness; {
		case l == nil && m.TP > 0.05:
			r.warn(j, fmt.Sprintf("loudness is off and the mix peaks at %+.1f dBTP, over full scale: it will clip when played; lower the volumes or turn loudness on", m.TP))
		case l != nil && m.TP-l.TruePeak > 0.05:
			r.warn(j, fmt.Sprintf("loudness: the encoded sound peaks at %+.1f dBTP, %.1f dB over the %g dBTP ceiling: the %s encoder overshot the limited peaks by more than its %g dB of headroom (full-band transients do this)",
				m.TP, m.TP-l.TruePeak, l.TruePeak, codecName(out), audio.CodecHeadroom))
		}
	}
	return nil
}

// codecName names the encoder of an audio stream by its file's extension.
func codecName(path string) string {
	switch filepath.Ext(path) {
	case ".ogg":
		return "Opus"
	case ".mp3":
		return "MP3"
	case ".wav":
		return "PCM"
	}
	return "AAC"
}

// measureLoudness runs the measuring pass args with the given gain and
// limiter filled in and reads ebur128's summary.
func (r *runner) measureLoudness(ctx context.Context, j *plan.Job, args []string, env plan.Env, gainDB float64, limiter string) (audio.Measurement, error) {
	env.Values = map[string]string{audio.GainValue: audio.GainString(gainDB), audio.LimiterValue: limiter}
	args, err := plan.Expand(args, env)
	if err != nil {
		return audio.Measurement{}, &JobError{Job: j, Err: err}
	}
	lines, err := r.runMeasure(ctx, j, args)
	if err != nil {
		return audio.Measurement{}, err
	}
	m, err := audio.ReadSummary(lines)
	if err != nil {
		return audio.Measurement{}, &JobError{Job: j, Err: fmt.Errorf("measuring pass: %w", err)}
	}
	return m, nil
}
