package config

import (
	"github.com/reel-film/reel/internal/timecode"
)

// Loudness targets and their limits (the EBU R128 range FFmpeg's loudnorm
// accepts, kept when loudnorm was replaced by a gain and a limiter).
const (
	DefaultLoudness   = -14.0 // LUFS integrated, the common streaming target
	BroadcastLoudness = -23.0 // LUFS integrated, EBU R128 broadcast
	DefaultTruePeak   = -1.0  // dBTP
	MinLoudness       = -70.0
	MaxLoudness       = -5.0
	MinTruePeak       = -9.0
	MaxTruePeak       = 0.0
)

// Synths are the built-in sound generators a bed or a voice-over may use
// instead of a file: "pad", a looping music bed, and "voice", a speech-like
// tone that stands in for narration.
var Synths = []string{"pad", "voice"}

// Audio is the project's audio section: music beds, voice-over and the
// loudness of the final mix.
type Audio struct {
	Beds      []Bed
	Voiceover []Voiceover
	Loudness  Loudness
	Pos       Pos
}

// AudioSource is where a bed or a voice-over's sound comes from: a file
// (audio, or a video whose first audio stream is taken) or a built-in synth.
type AudioSource struct {
	File    string // absolute path; "" for a synth
	Synth   string // one of Synths when File is ""
	Pos     Pos    // of the source or synth key
	Trim    *Trim  // the part of the file used (nil: all of it)
	Volume  float64
	VolPos  Pos
	ItemPos Pos // the whole bed or voice-over, e.g. audio.beds[0]
}

// AudioPos is a place on the timeline: Offset after the start of scene
// Scene, or after the start of the film when Scene is "".
type AudioPos struct {
	Scene      string
	SceneIndex int // index of Scene in Project.Scenes
	Offset     timecode.Duration
	Pos        Pos
}

// Bed is a music or ambience track under the whole film or part of it.
type Bed struct {
	AudioSource
	Start AudioPos  // where it begins on the timeline (default: the film's start)
	End   *AudioPos // where it stops; nil: with the video (or where the file ends)
	Loop  bool      // repeat the (trimmed) file to fill its span
	// LoopCrossfade blends the file's end into its start at every
	// repetition over this long (zero: an exact, sample-accurate loop);
	// LoopPos locates it.
	LoopCrossfade timecode.Duration
	LoopPos       Pos
	FadeIn        timecode.Duration
	FadeOut       timecode.Duration
	FadePos       Pos
	Duck          *Duck // nil: never ducks
}

// Duck lowers a bed while scene audio or voice-over sounds (sidechain
// compression keyed by them).
type Duck struct {
	AmountDB float64           // the gain under speech, negative (default -12)
	Attack   timecode.Duration // default 20ms
	Release  timecode.Duration // default 300ms
	Pos      Pos
}

// Voiceover is a narration track placed on the timeline.
type Voiceover struct {
	AudioSource
	At       AudioPos
	Duration *timecode.Duration // a synth's length (required), or a cut of the file
}

// Loudness is the target of the two-pass EBU R128 normalisation of the mix.
type Loudness struct {
	Off      bool
	Target   float64 // LUFS integrated
	TruePeak float64 // dBTP
	Pos      Pos
}

// DefaultAudioLoudness is the loudness of a project that sets none.
func DefaultAudioLoudness() Loudness {
	return Loudness{Target: DefaultLoudness, TruePeak: DefaultTruePeak}
}

// AudioFile is a file the audio section reads, with where it is written.
type AudioFile struct {
	Path string
	Pos  Pos
}

// Files lists the files the audio section reads, in file order; a nil
// section reads none.
func (a *Audio) Files() []AudioFile {
	if a == nil {
		return nil
	}
	var out []AudioFile
	for _, b := range a.Beds {
		if b.File != "" {
			out = append(out, AudioFile{b.File, b.Pos})
		}
	}
	for _, v := range a.Voiceover {
		if v.File != "" {
			out = append(out, AudioFile{v.File, v.Pos})
		}
	}
	return out
}
