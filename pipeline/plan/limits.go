package plan

import (
	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

// maxFrames is the most frames a scene or the film may have at fps: 24
// hours (timecode.MaxSeconds), the longest duration reel accepts. It keeps
// every frame and sample count far inside int64, whatever a file's header
// claims.
func maxFrames(fps frac.Rational) int64 {
	return frac.MulDivFloor(timecode.MaxSeconds, fps.Num, fps.Den)
}

// checkLengths reports a scene, or a film, longer than maxFrames.
func checkLengths(p *config.Project, scenes []scene) config.Errors {
	limit := maxFrames(p.Output.FPS)
	var errs config.Errors
	var total int64
	for _, s := range scenes {
		if s.frames > limit {
			errs = append(errs, s.cfg.Pos.Errorf("%s lasts more than 24 hours, the longest a scene or film may be (trim it, or set a duration)", s.describe()))
			continue
		}
		total += s.frames
	}
	if len(errs) == 0 && total > limit {
		errs = append(errs, &config.Error{File: p.Name, Msg: "the scenes add up to more than 24 hours, the longest film reel makes (split it into several projects)"})
	}
	return errs
}
