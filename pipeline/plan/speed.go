package plan

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/audio"
)

// A clip's speed and freeze, in frames. A clip at speed k plays its
// clip time t at scene time t/k; trims and a freeze's at count in clip
// time, a scene's duration in film time (how long the clip plays on
// screen). A freeze holds the frame showing clip time at (after the trim)
// for its duration: the clip's played frames [0, freezeAt] show as usual,
// then frame freezeAt repeats for hold frames, then the clip plays on.
// The scene is played + hold frames long.

// atSpeed says, in a message, that a length is at the clip's speed.
func atSpeed(speed float64) string {
	if speed == 1 {
		return ""
	}
	return fmt.Sprintf(" at speed %g", speed)
}

// freezeLength places the freeze of clip scene s, if any, and lengthens
// the scene by its hold.
func freezeLength(s *scene, fps frac.Rational) *config.Error {
	fr := s.cfg.Freeze
	if fr == nil {
		return nil
	}
	at := exactSeconds(fr.At, fps).Float() / s.speed()
	s.freezeAt = frac.SecondsToFrames(at, fps)
	if s.freezeAt >= s.played {
		return fr.Pos.Errorf("the freeze at %s is beyond the clip: the scene plays %.3fs of %s (after the trim)%s; freeze at most at %.3fs",
			fr.At, float64(s.played)*fps.Inv().Float()*s.speed(), s.cfg.Source, atSpeed(s.speed()), float64(s.played-1)*fps.Inv().Float()*s.speed())
	}
	s.hold = fr.Duration.Frames(fps)
	if s.hold < 1 {
		return fr.Pos.Errorf("the freeze's duration %s is shorter than one frame at %v fps", fr.Duration, fps)
	}
	s.frames = s.played + s.hold
	return nil
}

// stillTiming reports a speed or a freeze on an image: it has no time to
// play faster or to stop.
func stillTiming(s scene) *config.Error {
	cs := s.cfg
	switch {
	case s.speed() != 1:
		return cs.SpeedPos.Errorf("speed applies to a clip, but %s is an image (a still has no time to play faster; its duration sets how long it shows)", cs.Source)
	case cs.Freeze != nil:
		return cs.Freeze.Pos.Errorf("freeze applies to a clip, but %s is an image (it is still already; its duration sets how long it shows)", cs.Source)
	}
	return nil
}

// playedFrame is the clip frame (counted in played frames at the film's
// rate) shown at scene frame f.
func (s scene) playedFrame(f int64) int64 {
	switch {
	case s.hold == 0 || f <= s.freezeAt:
		return f
	case f <= s.freezeAt+s.hold:
		return s.freezeAt
	}
	return f - s.hold
}

// playedRange is the clip frames that scene frames [from, to) show:
// [pf, pt).
func (s scene) playedRange(from, to int64) (pf, pt int64) {
	return s.playedFrame(from), s.playedFrame(to-1) + 1
}

// freezeFilters turn the clip's played frames [pf, pt) (pts 0.. in
// 1/fps) into scene frames [from, to): the frames after the frozen one
// move on by the hold, and fps repeats the frozen frame into the gap.
// Nothing when the range does not hold the freeze.
func (s scene) freezeFilters(fps frac.Rational, from, to int64) []ffmpeg.Filter {
	pf, pt := s.playedRange(from, to)
	if s.hold == 0 || s.freezeAt < pf || s.freezeAt >= pt {
		return nil
	}
	k := strconv.FormatInt(s.freezeAt-pf, 10)
	return []ffmpeg.Filter{
		ffmpeg.F("setpts", "", "PTS+"+strconv.FormatInt(s.hold, 10)+"*gt(PTS,"+k+")"),
		ffmpeg.F("fps", "fps", fps.String()),
		ffmpeg.F("trim", "start_pts", strconv.FormatInt(from-pf, 10), "end_pts", strconv.FormatInt(to-pf, 10)),
		ffmpeg.F("setpts", "", "PTS-STARTPTS"),
	}
}

// tempo returns the filters that play sound at speed keeping its pitch:
// rubberband with its short window (onsets stay within 16 ms of their
// picture at half speed, 43 ms at a quarter), else a chain of atempo
// (WSOLA) factors within 0.5..2, its best range (onsets up to 54 ms early
// at half speed, 100 ms at a quarter).
func tempo(speed float64, rubberband bool) []ffmpeg.Filter {
	if speed == 1 {
		return nil
	}
	if rubberband {
		return []ffmpeg.Filter{ffmpeg.F("rubberband", "tempo", strconv.FormatFloat(speed, 'g', 6, 64), "window", "short")}
	}
	var fs []ffmpeg.Filter
	for speed > 2 {
		fs = append(fs, ffmpeg.F("atempo", "tempo", "2"))
		speed /= 2
	}
	for speed < 0.5 {
		fs = append(fs, ffmpeg.F("atempo", "tempo", "0.5"))
		speed /= 0.5
	}
	if speed != 1 {
		fs = append(fs, ffmpeg.F("atempo", "tempo", strconv.FormatFloat(speed, 'g', 6, 64)))
	}
	return fs
}

// freezeSound inserts the freeze's silence into the scene's sound at lbl
// (at its speed, from sample 0): the sound of scene frames [0, freezeAt]
// plays, then silence while the frame holds, then the rest, in sync with
// the picture. It returns the label of the result (lbl without a freeze).
func (b *builder) freezeSound(g *ffmpeg.Graph, lbl string, s scene) string {
	if s.hold == 0 {
		return lbl
	}
	cut := b.sceneSample(s.freezeAt + 1)
	gap := b.sceneSample(s.freezeAt+1+s.hold) - cut
	a, c, sil, out := g.Label("fz"), g.Label("fz"), g.Label("fz"), g.Label("fz")
	a2, c2 := g.Label("fz"), g.Label("fz")
	g.Chain([]string{lbl}, []ffmpeg.Filter{ffmpeg.F("asplit", "", "2")}, []string{a, c})
	g.Chain([]string{a}, []ffmpeg.Filter{ffmpeg.F("atrim", "end_sample", strconv.FormatInt(cut, 10))}, []string{a2})
	g.Chain([]string{c}, []ffmpeg.Filter{
		ffmpeg.F("atrim", "start_sample", strconv.FormatInt(cut, 10)),
		ffmpeg.F("asetpts", "", "PTS-STARTPTS"),
	}, []string{c2})
	g.Chain(nil, audio.Silence(gap), []string{sil})
	g.Chain([]string{a2, sil, c2}, []ffmpeg.Filter{ffmpeg.F("concat", "n", "3", "v", "0", "a", "1")}, []string{out})
	return out
}

// sceneSample is the first sample of scene-local frame f.
func (b *builder) sceneSample(f int64) int64 {
	fps := b.tl.FPS
	return frac.MulDivRound(f*audio.SampleRate, fps.Den, fps.Num)
}

// speed is the clip's playback speed: 1 when the scene has none (a
// project built in code may leave it 0).
func (s scene) speed() float64 {
	if s.cfg.Speed <= 0 {
		return 1
	}
	return s.cfg.Speed
}
