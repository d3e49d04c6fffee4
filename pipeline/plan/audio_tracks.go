package plan

import (
	"math"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/timeline"
)

// track is a bed or a voice-over resolved against its media and the
// timeline: where its sound comes from and where it goes, in samples.
type track struct {
	src       *config.AudioSource
	trimStart float64 // seconds into the file where the used part starts
	origin    float64 // the file's time zero among its timestamps (probe.Info.Origin)
	seekBase  float64 // the origin after the container's start (probe.Info.SeekBase)
	place     audio.Placement
	duck      *config.Duck
}

// audioTracks resolves the project's beds and voice-overs. Problems only
// the media or the timeline reveal are errors at the field that causes
// them; problems with a sensible way out are warnings.
func (b *builder) audioTracks(media map[string]*probe.Info) (beds, vos []track, warns []string, errs config.Errors) {
	a := b.project.Audio
	if a == nil {
		return nil, nil, nil, nil
	}
	for i := range a.Beds {
		t, w, err := b.bedTrack(&a.Beds[i], media)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		beds, warns = append(beds, t), append(warns, w...)
	}
	for i := range a.Voiceover {
		t, w, err := b.voiceTrack(&a.Voiceover[i], media)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		vos, warns = append(vos, t), append(warns, w...)
	}
	return beds, vos, warns, errs
}

// source resolves the used part of a track's file: where it starts and
// how many samples it holds (0 for an endless synth).
func (b *builder) source(s *config.AudioSource, media map[string]*probe.Info) (start float64, n int64, err *config.Error) {
	if s.File == "" {
		return 0, 0, nil
	}
	info := media[s.File]
	if info == nil || info.Audio == nil {
		return 0, 0, s.Pos.Errorf("%s has no audio stream (use an audio file, or a video with sound)", s.File)
	}
	// A video with sound is timed by its pictures, as a scene: sound before
	// them is not part of the file's time.
	dur := info.SoundAfterOrigin()
	length := dur
	if t := s.Trim; t != nil {
		if start, length, err = trimAudio(t, dur, s.File, b.tl.FPS); err != nil {
			return 0, 0, err
		}
	}
	if err := shortSound(s, info, start+length, b.tl.FPS); err != nil {
		return 0, 0, err
	}
	n = int64(math.Floor(length * timeline.SampleRate))
	if n < 1 {
		return 0, 0, s.Pos.Errorf("%s has no sound to use (%.3fs long)", s.File, dur)
	}
	return start, n, nil
}

// fileOrigin is where the time of s's file starts among its timestamps,
// and how far that is after the container's start (zeros for a synth).
func fileOrigin(s *config.AudioSource, media map[string]*probe.Info) (origin, seekBase float64) {
	if info := media[s.File]; s.File != "" && info != nil {
		return info.Origin(), info.SeekBase()
	}
	return 0, 0
}

// trimAudio applies a trim to a file of dur seconds.
func trimAudio(t *config.Trim, dur float64, file string, fps frac.Rational) (start, length float64, err *config.Error) {
	if t.Start != nil {
		start = t.Start.Float(fps)
	}
	if start >= dur {
		return 0, 0, t.Pos.Errorf("trim starts at %s but %s is only %.3fs long", t.Start, file, dur)
	}
	end := dur
	switch {
	case t.End != nil:
		end = t.End.Float(fps)
	case t.Duration != nil:
		end = start + t.Duration.Float(fps)
	}
	if end > dur+0.001 {
		return 0, 0, t.Pos.Errorf("trim ends at %.3fs but %s is only %.3fs long", end, file, dur)
	}
	return start, min(end, dur) - start, nil
}

// at converts a timeline position to a sample: frame counts through the
// timeline's own frame-to-sample rule, seconds exactly.
func (b *builder) at(p config.AudioPos) int64 {
	var f int64
	if p.Scene != "" {
		f = b.tl.Scenes[p.SceneIndex].Start
	}
	if p.Offset.InFrames {
		return b.tl.Sample(f + p.Offset.FrameCount)
	}
	return b.tl.Sample(f) + b.samples(p.Offset)
}

// samples converts a length to samples.
func (b *builder) samples(d timecode.Duration) int64 {
	if d.InFrames {
		return b.tl.Sample(d.FrameCount)
	}
	if d.Sec.Den == 0 {
		return 0
	}
	return frac.MulDivRound(d.Sec.Num, timeline.SampleRate, d.Sec.Den)
}

// secs formats samples as seconds for messages.
func secs(n int64) float64 { return float64(n) / timeline.SampleRate }
