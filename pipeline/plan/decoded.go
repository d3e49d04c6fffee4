package plan

import (
	"fmt"
	"math"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/probe"
)

// A clip's header can promise more than its file holds: a truncated file
// keeps its duration and frame count. The probe's scan (probe.Extent) says
// where the packets really end; a scene that needs frames beyond that end is
// an error, as the last frame would otherwise be held without a word.

// clipWindow is the part of its clip a scene plays, in seconds of clip time
// (0 is the clip's Origin, its first picture): [start, end).
func clipWindow(s scene, fps frac.Rational) (start, end float64) {
	start = s.trimStart.Float()
	return start, start + float64(s.played)*fps.Inv().Float()*s.speed()
}

// slack is how early a clip may end without a word: one frame period of
// the clip (at least an output frame), half an output frame for the rounding
// of its length to whole frames, and a millisecond for containers that keep
// milliseconds (Matroska). The last frame is held for that long, as it
// always was; a truncated file falls far shorter.
func slack(s scene, fps frac.Rational) float64 {
	out := fps.Inv().Float()
	frame := out
	if r := s.info.Video.FPS; !r.IsZero() {
		frame = math.Max(r.Inv().Float(), out)
	}
	return frame + out/2 + 0.001
}

// checkDecoded reports a clip scene whose picture stops before the scene
// ends, naming what is missing and the longest duration that would work.
func checkDecoded(s scene, fps frac.Rational) *config.Error {
	ext := s.info.Extent
	if ext == nil {
		return nil // not scanned: nothing known beyond the header
	}
	v := s.info.Video
	start, end := clipWindow(s, fps)
	stop := ext.VideoEnd - s.info.Origin()
	if ext.VideoPackets == 0 {
		stop = 0
	}
	if end-stop <= slack(s, fps) {
		return nil
	}
	cs := s.cfg
	have := max(0, frac.SecondsToFrames(stop-start, fps))
	msg := fmt.Sprintf("%s needs %.3fs of %s (%.3fs to %.3fs, %d frames) but its picture stops at %.3fs although its header promises %.3fs: %s (%.3fs) are missing",
		s.describe(), end-start, cs.Source, start, end, s.frames, stop, v.Duration, plural(s.frames-have, "frame"), end-math.Max(stop, start))
	switch {
	case have < 1:
		msg += "; the file is probably truncated: re-export it, or trim to a part that plays"
	default:
		msg += fmt.Sprintf("; the file is probably truncated: re-export it, or play only what it holds (`duration: %df`, %.3fs)", have, float64(have)*fps.Inv().Float())
	}
	return cs.SourcePos.Errorf("%s%s", msg, said(ext.Problems))
}

// said quotes the first of ffprobe's complaints, if any.
func said(problems []string) string {
	if len(problems) == 0 {
		return ""
	}
	return fmt.Sprintf(" (ffprobe: %s)", problems[0])
}

// checkStill reports an image that decodes to nothing (a truncated PNG
// probes well).
func checkStill(s scene) *config.Error {
	if ext := s.info.Extent; ext != nil && ext.VideoPackets == 0 {
		return s.cfg.SourcePos.Errorf("%s: the image %s cannot be decoded; the file is probably truncated or damaged: re-export it%s",
			s.describe(), s.cfg.Source, said(ext.Problems))
	}
	return nil
}

// decodeWarning warns about a source that plays but not in full: sound
// that stops early (audioShortWarning) or an image decoded with complaints
// (a truncated JPEG shows a grey band).
func decodeWarning(s scene, fps frac.Rational) string {
	switch s.kind {
	case srcStill:
		if ext := s.info.Extent; ext != nil && ext.VideoPackets > 0 && len(ext.Problems) > 0 {
			return fmt.Sprintf("%s: the image %s decodes with errors and may be damaged%s", s.describe(), s.cfg.Source, said(ext.Problems))
		}
	case srcClip:
		return audioShortWarning(s, fps)
	}
	return ""
}

// audioShortWarning warns about a clip scene whose sound stops before the
// scene ends although the header promised it: the rest plays as silence
// (sound shorter than its picture by the header is padded without a word,
// by design). Scenes without their own sound get no warning, nor sound whose
// length the header does not give (only the container's).
func audioShortWarning(s scene, fps frac.Rational) string {
	ext, a := s.info.Extent, s.info.Audio
	if ext == nil || !s.hasAudio() || !a.StreamDuration {
		return ""
	}
	start, end := clipWindow(s, fps)
	origin := s.info.Origin()
	stop := ext.AudioEnd - origin
	if ext.AudioPackets == 0 {
		stop = a.StartTime - origin
	}
	promised := a.StartTime - origin + a.Duration
	tol := fps.Inv().Float()
	if end-stop <= tol || promised-stop <= tol {
		return ""
	}
	return fmt.Sprintf("%s: the sound of %s stops at %.3fs although its header promises %.3fs; the last %.3fs of the scene are silent (the file is probably truncated)",
		s.describe(), s.cfg.Source, stop, promised, end-math.Max(stop, start))
}

// plural writes "1 frame" or "n frames".
func plural(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// shortSound reports a bed or voice-over file whose sound stops (its
// packets end) before end, where the part of it the track takes ends, by
// more than an output frame: a truncated file would loop with a gap or stop
// early. The fix is a trim that ends where the sound does.
func shortSound(s *config.AudioSource, info *probe.Info, end float64, fps frac.Rational) *config.Error {
	ext := info.Extent
	if ext == nil {
		return nil
	}
	// Times count from the file's Origin (its first picture, else its
	// sound), as the track's trim does.
	stop := 0.0
	if ext.AudioPackets > 0 {
		stop = ext.AudioEnd - info.Origin()
	}
	if end-stop <= fps.Inv().Float()+0.001 {
		return nil
	}
	return s.Pos.Errorf("%s: its sound stops at %.3fs although its header promises %.3fs; the file is probably truncated: re-export it, or use what it holds (`trim: {end: %.3fs}`)%s",
		s.File, stop, info.SoundAfterOrigin(), math.Floor(max(stop, 0)*1000)/1000, said(ext.Problems))
}
