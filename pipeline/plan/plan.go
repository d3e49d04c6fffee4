// Package plan compiles a validated project into a render plan: a small DAG
// of pure ffmpeg jobs (scene bodies, transition windows, the audio mix and the
// final join). Building a plan never runs anything; the executor only runs
// what the plan says, so `reel plan` shows exactly what `reel render` does.
package plan

import (
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/timeline"
)

// Job kinds.
const (
	KindVideo = "video" // one segment of the picture: a scene body or a transition window
	KindAudio = "audio" // the whole timeline's audio, mixed and encoded once
	KindMux   = "mux"   // the stream-copy join of the segments with the audio
)

// File is a small text file the executor writes before running a job (the
// concat list of segments).
type File struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

// Job is one ffmpeg invocation.
type Job struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Scenes []string `json:"scenes,omitempty"` // the scene ids it renders, for messages
	Args   []string `json:"args"`             // ffmpeg's arguments (without the program name)
	// Measure, when set, is a first ffmpeg pass (e.g. the loudness
	// analysis) whose results on stderr fill the {{name}} values in Args.
	// MeasureFormat says how to read them: "json" (the last JSON object, as
	// loudnorm prints it; the default) or "ebur128" (the ebur128 summaries
	// of a loudness job: see Loudness).
	Measure       []string `json:"measure,omitempty"`
	MeasureFormat string   `json:"measure_format,omitempty"`
	Inputs        []string `json:"inputs"`  // files read
	Outputs       []string `json:"outputs"` // files written
	// RawArgs, when set, are Args without what changes only the first
	// output (a film fade on a scene's body). The content keys of the
	// other outputs (the raw head and tail that transitions read) come from
	// them, so a changed fade does not redo the transitions beside it.
	RawArgs []string `json:"raw_args,omitempty"`
	Files   []File   `json:"files,omitempty"`  // written by the executor before the job runs
	Deps    []string `json:"deps,omitempty"`   // ids of jobs that must finish first
	Frames  int64    `json:"frames,omitempty"` // video frames of the first output (what ffmpeg's progress counts)
	Seconds float64  `json:"seconds"`          // media seconds written (progress)
	// Cost estimates the job's work in pixels decoded and encoded (audio
	// counted at a calibrated equivalent). The executor starts the job on
	// the longest remaining path first; only ratios matter.
	Cost float64 `json:"cost"`
	// Key is the job's content key and CacheDir the cache entry holding its
	// outputs; both are empty when the plan is not cached (and for the mux).
	Key      string `json:"key,omitempty"`
	CacheDir string `json:"cache_dir,omitempty"`
	// Loudness, when set, is the target of the loudness normalisation: the
	// executor measures the mix (Measure, with {{gain}} 0 and {{limiter}}
	// anull), computes one linear gain and, where that gain would push the
	// true peak over the ceiling, a limiter (audio.Target.Normalise), and
	// fills {{gain}} and {{limiter}} into Args and its measurements.
	Loudness *audio.Target `json:"loudness,omitempty"`
}

// Plan is everything a render does.
type Plan struct {
	Project    string            `json:"project"`
	Output     string            `json:"output"`      // the final path
	TempOutput string            `json:"temp_output"` // written by the mux job, renamed to Output on success
	WorkDir    string            `json:"work_dir"`    // segments and the audio mix
	Width      int               `json:"width"`
	Height     int               `json:"height"`
	FPS        frac.Rational     `json:"fps"`
	Frames     int64             `json:"frames"`
	Samples    int64             `json:"samples"` // audio samples at 48 kHz
	Seconds    float64           `json:"seconds"`
	Timeline   timeline.Timeline `json:"timeline"`
	Segments   []Segment         `json:"segments"` // the picture's pieces in film order, joined by the mux job
	Jobs       []Job             `json:"jobs"`
	Warnings   []string          `json:"warnings,omitempty"`
}

// Job returns the job with the given id, or nil.
func (p *Plan) Job(id string) *Job {
	for i := range p.Jobs {
		if p.Jobs[i].ID == id {
			return &p.Jobs[i]
		}
	}
	return nil
}
