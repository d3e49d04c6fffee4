// Package timeline lays scenes and transitions on the output's frame grid.
// It is pure: all timing is integer frames at the output frame rate, and audio
// positions are integer samples derived from frame positions, so video and
// audio can never drift apart.
package timeline

import (
	"fmt"

	"github.com/reel-film/reel/internal/frac"
)

// SampleRate is the audio rate of every timeline.
const SampleRate = 48000

// Scene is one scene's place on the timeline.
type Scene struct {
	ID     string `json:"id"`
	Frames int64  `json:"frames"` // the scene's own length
	Start  int64  `json:"start"`  // first frame on the output timeline
	In     int64  `json:"in"`     // frames shared with the previous scene (its transition)
	Out    int64  `json:"out"`    // frames shared with the next scene
}

// Body returns the scene-local frame range [from, to) that no transition
// touches; it may be empty when transitions take the whole scene.
func (s Scene) Body() (from, to int64) { return s.In, s.Frames - s.Out }

// Transition is the window where scene From gives way to scene From+1.
type Transition struct {
	From      int   `json:"from"`
	Frames    int64 `json:"frames"`    // 0 for a cut
	Requested int64 `json:"requested"` // before clamping
	Start     int64 `json:"start"`     // first frame of the window on the output timeline
}

// Timeline is the whole film's timing.
type Timeline struct {
	FPS         frac.Rational `json:"fps"`
	Scenes      []Scene       `json:"scenes"`
	Transitions []Transition  `json:"transitions"` // len(Scenes)-1, in order
	Frames      int64         `json:"frames"`      // sum of scene frames - sum of transition frames
}

// Build places scenes of the given lengths (frames) with the requested
// transition lengths between them (len(scenes)-1 values, 0 for cuts).
// A transition is clamped to at most half of either neighbouring scene; each
// clamp is reported as a warning.
func Build(fps frac.Rational, ids []string, frames, transitions []int64) (Timeline, []string, error) {
	if len(ids) != len(frames) || (len(frames) > 0 && len(transitions) != len(frames)-1) {
		return Timeline{}, nil, fmt.Errorf("timeline: %d ids, %d scenes and %d transitions do not match", len(ids), len(frames), len(transitions))
	}
	if fps.Num <= 0 || fps.Den <= 0 {
		return Timeline{}, nil, fmt.Errorf("timeline: frame rate %v is not positive", fps)
	}
	tl := Timeline{FPS: fps}
	var warnings []string
	for i, f := range frames {
		if f <= 0 {
			return Timeline{}, nil, fmt.Errorf("timeline: scene %q has %d frames; a scene needs at least one", ids[i], f)
		}
		tl.Scenes = append(tl.Scenes, Scene{ID: ids[i], Frames: f})
	}
	for i, req := range transitions {
		t := min(req, frames[i]/2, frames[i+1]/2)
		if t < 0 {
			t = 0
		}
		if t != req {
			w := fmt.Sprintf("transition %s → %s: %d frames clamped to %d (at most half of either scene)", ids[i], ids[i+1], req, t)
			if t == 0 {
				w += ", so it is a cut"
			}
			warnings = append(warnings, w)
		}
		tl.Transitions = append(tl.Transitions, Transition{From: i, Frames: t, Requested: req})
		tl.Scenes[i].Out = t
		tl.Scenes[i+1].In = t
	}
	var pos int64
	for i := range tl.Scenes {
		if i > 0 {
			pos -= tl.Scenes[i].In
			tl.Transitions[i-1].Start = pos
		}
		tl.Scenes[i].Start = pos
		pos += tl.Scenes[i].Frames
	}
	tl.Frames = pos
	return tl, warnings, nil
}

// Sample returns the audio sample at which output frame f starts.
func (t Timeline) Sample(f int64) int64 {
	return frac.MulDivRound(f, SampleRate*t.FPS.Den, t.FPS.Num)
}

// Samples returns the length of the whole timeline in audio samples.
func (t Timeline) Samples() int64 { return t.Sample(t.Frames) }

// SceneSamples returns scene i's audio span [from, to) in timeline samples.
func (t Timeline) SceneSamples(i int) (from, to int64) {
	s := t.Scenes[i]
	return t.Sample(s.Start), t.Sample(s.Start + s.Frames)
}

// Seconds converts a frame count to seconds.
func (t Timeline) Seconds(frames int64) float64 {
	return float64(frames) * float64(t.FPS.Den) / float64(t.FPS.Num)
}
