package plan

import (
	"fmt"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline/probe"
)

// sourceKind says where a scene's pictures come from.
type sourceKind int

const (
	srcClip        sourceKind = iota // a video file
	srcStill                         // an image file, held for the scene's duration
	srcPlaceholder                   // a generated card
	srcCard                          // a title card: a background and no source (card_scene.go)
)

// scene is a config scene resolved against its probed media.
type scene struct {
	cfg       *config.Scene
	kind      sourceKind
	info      *probe.Info   // nil for placeholders
	trimStart frac.Rational // seconds into the clip where the scene starts
	frames    int64         // length at the output frame rate
	// A clip's speed and freeze (speed.go): played is how many frames
	// of the clip play (at its speed), hold how many repeat its frame
	// freezeAt (scene-local) after it; frames = played + hold.
	played, hold, freezeAt int64
	bg                     *probe.Info // a card's background image
	neighbour              *scene      // the scene a card blurs
}

// hasAudio reports whether the scene contributes its own sound.
func (s scene) hasAudio() bool {
	return s.kind == srcClip && s.info.Audio != nil && !s.cfg.Volume.Mute
}

// resolveScenes decides each scene's kind, start and length. Problems are
// reported against the field that causes them, all at once.
func resolveScenes(p *config.Project, media map[string]*probe.Info) ([]scene, config.Errors) {
	var out []scene
	var errs config.Errors
	fps := p.Output.FPS
	for i := range p.Scenes {
		cs := &p.Scenes[i]
		s := scene{cfg: cs}
		var err *config.Error
		switch {
		case cs.Placeholder != nil:
			s.kind = srcPlaceholder
			s.frames, err = fixedLength(cs, fps, "a placeholder")
		case cs.IsCard():
			s.kind = srcCard
			if err = cardMedia(&s, media); err == nil {
				s.frames, err = fixedLength(cs, fps, "a card")
			}
		default:
			s.info = media[cs.Source]
			if s.info == nil || s.info.Video == nil {
				errs = append(errs, cs.SourcePos.Errorf("%s has no video stream (reel needs a video or an image)", cs.Source))
				continue
			}
			if s.info.Video.Still {
				s.kind = srcStill
				if err = checkStill(s); err == nil {
					err = stillTiming(s)
				}
				if err == nil {
					s.frames, err = fixedLength(cs, fps, "an image")
				}
			} else {
				s.kind = srcClip
				if err = clipLength(&s, fps); err == nil {
					err = checkDecoded(s, fps)
				}
			}
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, linkCards(out)
}

// fixedLength is the length of a scene with no clip to measure.
func fixedLength(cs *config.Scene, fps frac.Rational, what string) (int64, *config.Error) {
	if cs.Duration == nil {
		return 0, cs.Pos.Errorf("%s needs a duration (add e.g. `duration: 3s`)", what)
	}
	n := cs.Duration.Frames(fps)
	if n < 1 {
		return 0, cs.DurationPos.Errorf("%s is shorter than one frame at %v fps", cs.Duration, fps)
	}
	return n, nil
}

// clipLength applies trim and duration to a video clip.
func clipLength(s *scene, fps frac.Rational) *config.Error {
	cs := s.cfg
	clip := s.info.Video.Duration
	if clip <= 0 {
		clip = s.info.Duration
	}
	halfFrame := 0.5 / fps.Float()
	start, length := 0.0, clip
	s.trimStart = frac.New(0, 1)
	if t := cs.Trim; t != nil {
		if t.Start != nil {
			s.trimStart = exactSeconds(*t.Start, fps)
			start = s.trimStart.Float()
			if start >= clip {
				return t.Pos.Errorf("trim starts at %s but %s is only %.3fs long", t.Start, cs.Source, clip)
			}
		}
		length = clip - start
		switch {
		case t.End != nil:
			end := t.End.Float(fps)
			if end > clip+halfFrame {
				return t.Pos.Errorf("trim ends at %s but %s is only %.3fs long", t.End, cs.Source, clip)
			}
			length = min(end, clip) - start
		case t.Duration != nil:
			d := t.Duration.Float(fps)
			if start+d > clip+halfFrame {
				return t.Pos.Errorf("trim takes %s from %.3fs but %s is only %.3fs long", t.Duration, start, cs.Source, clip)
			}
			length = min(d, clip-start)
		}
	}
	// length is clip time; duration is film time (the clip at its speed).
	speed := s.speed()
	if cs.Duration != nil {
		d := cs.Duration.Float(fps)
		if d*speed > length+halfFrame*speed {
			return cs.DurationPos.Errorf("%s is longer than the %.3fs of %s that remain after trimming%s (shorten it or trim less)", cs.Duration, length/speed, cs.Source, atSpeed(speed))
		}
		length = d * speed
	}
	s.played = frac.SecondsToFrames(length/speed, fps)
	if s.played < 1 {
		return cs.Pos.Errorf("%s gives less than one frame at %v fps", cs.Source, fps)
	}
	s.frames = s.played
	return freezeLength(s, fps)
}

// exactSeconds returns d as exact seconds, converting frame counts at fps.
func exactSeconds(d timecode.Duration, fps frac.Rational) frac.Rational {
	if d.InFrames {
		return frac.New(d.FrameCount*fps.Den, fps.Num)
	}
	return d.Sec
}

// sceneIDs lists the ids of scenes, for messages.
func sceneIDs(ss ...scene) []string {
	ids := make([]string, len(ss))
	for i, s := range ss {
		ids[i] = s.cfg.ID
	}
	return ids
}

// describe names a scene for messages: `scene "opening" (scenes[0])`.
func (s scene) describe() string {
	return fmt.Sprintf("scene %q (%s)", s.cfg.ID, s.cfg.Pos.Path)
}
