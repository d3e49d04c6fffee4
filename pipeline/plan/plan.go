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
	KindMux   = "mux"   // the stream-copy join of a rendition's segments with its audio
)

// File is a small text file the executor writes before running a job (the
// concat list of segments). Its Path may be a reference to one of the
// job's outputs ({{outN}}): the file is then that output, written wherever
// the output goes (a cache entry's partial directory), as the thumbnails'
// WebVTT index is.
type File struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

// Job is one ffmpeg invocation.
type Job struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Scenes []string `json:"scenes,omitempty"` // the scene ids it renders, for messages
	// Args are ffmpeg's arguments (without the program name), with
	// references to the job's files and threads (see Expand).
	Args []string `json:"args"`
	// Measure, when set, is a first ffmpeg pass (e.g. the loudness
	// analysis) whose results on stderr fill the {{name}} values in Args.
	// MeasureFormat says how to read them: "json" (the last JSON object, as
	// loudnorm prints it; the default) or "ebur128" (the ebur128 summaries
	// of a loudness job: see Loudness).
	Measure       []string `json:"measure,omitempty"`
	MeasureFormat string   `json:"measure_format,omitempty"`
	Inputs        []string `json:"inputs"`  // files read
	Outputs       []string `json:"outputs"` // files written
	// Parts group the outputs into what is cached together, each under its
	// own content key (see Part). Empty before ApplyCache for a job of one
	// part; ApplyCache gives every job but a mux at least one.
	Parts []Part `json:"parts,omitempty"`
	// Groups are arguments that write several parts (not all) together,
	// for the sets of parts that are often missing together: a scene's
	// bodies in every encoding, whose raw frames a film fade does not
	// change.
	Groups  []Group  `json:"groups,omitempty"`
	Files   []File   `json:"files,omitempty"`  // written by the executor before the job runs
	Deps    []string `json:"deps,omitempty"`   // ids of jobs that must finish first
	Frames  int64    `json:"frames,omitempty"` // video frames of the first output (what ffmpeg's progress counts)
	Seconds float64  `json:"seconds"`          // media seconds written (progress)
	// Cost estimates the job's work in pixels decoded and encoded (audio
	// counted at a calibrated equivalent). The executor starts the job on
	// the longest remaining path first; only ratios matter.
	Cost float64 `json:"cost"`
	// Key sums up the keys of the job's parts (a change of any part changes
	// it); empty when the plan is not cached. A mux has no parts (it writes
	// a delivered file, not a cache entry): its Key is the content key of
	// the file it writes (FilmKey), which the jobs reading it hash.
	Key string `json:"key,omitempty"`
	// FilmRef, on a mux of a cached plan, is where the cache remembers a
	// delivered copy of the film with this Key (its path, size and
	// SHA-256): a render that asks for films to be reused
	// (exec.Options.ReuseFilms) copies that file, verified, instead of
	// joining the same segments again.
	FilmRef string `json:"film_ref,omitempty"`
	// Loudness, when set, is the target of the loudness normalisation: the
	// executor measures the mix (Measure, with {{gain}} 0 and {{limiter}}
	// anull), computes one linear gain and, where that gain would push the
	// true peak over the ceiling, a limiter (audio.Target.Normalise), and
	// fills {{gain}} and {{limiter}} into Args and its measurements.
	Loudness *audio.Target `json:"loudness,omitempty"`
}

// Part is a group of a job's outputs with its own content key and cache
// entry. A job that writes for several renditions (a scene's body encoded
// for each, and the raw head and tail the transitions read) keys each
// group from the arguments that would write that group alone, so that
// adding a rendition, or changing what only one group depends on (a film
// fade on a body), leaves the others' entries valid. The executor runs the
// job's Args when every part is missing, nothing when every part is
// cached, and each missing part's Args otherwise.
type Part struct {
	Name    string `json:"name,omitempty"` // for messages: "raw", an encoding, an audio codec
	Outputs []int  `json:"outputs"`        // indexes into the job's Outputs
	// Args write this part's outputs alone (references as in the job's
	// Args); nil for the only part of a job: the job's Args.
	Args     []string `json:"args,omitempty"`
	Key      string   `json:"key,omitempty"`
	CacheDir string   `json:"cache_dir,omitempty"`
}

// Group is a set of a job's parts with the arguments writing them together.
type Group struct {
	Parts []int    `json:"parts"`
	Args  []string `json:"args"`
}

// PartArgs are the arguments that write part k of the job alone.
func (j *Job) PartArgs(k int) []string {
	if a := j.Parts[k].Args; a != nil {
		return a
	}
	return j.Args
}

// Cached says whether the job's outputs are in cache entries.
func (j *Job) Cached() bool { return len(j.Parts) > 0 && j.Parts[0].CacheDir != "" }

// Plan is everything a render does.
type Plan struct {
	Project    string `json:"project"`
	Output     string `json:"output"`      // the first rendition's final path
	TempOutput string `json:"temp_output"` // written by its mux job, renamed to Output on success
	// Deliver lists every file the render delivers (each rendition, and
	// whatever derived jobs add), renamed into place only when every job
	// succeeded.
	Deliver  []Final           `json:"deliver"`
	WorkDir  string            `json:"work_dir"` // segments and the audio mix
	Width    int               `json:"width"`
	Height   int               `json:"height"`
	FPS      frac.Rational     `json:"fps"`
	Frames   int64             `json:"frames"`
	Samples  int64             `json:"samples"` // audio samples at 48 kHz
	Seconds  float64           `json:"seconds"`
	Timeline timeline.Timeline `json:"timeline"`
	Segments []Segment         `json:"segments"` // the picture's pieces in film order, joined by the mux job
	Jobs     []Job             `json:"jobs"`
	Warnings []string          `json:"warnings,omitempty"`
}

// Final is a file the render delivers: written at Temp by job Job, renamed
// to Path when every job of the render succeeded. When From is set, job
// Job writes the file there (a file of the work directory, or of its
// cache entry once the plan is cached) and the executor delivers it to
// Temp when the job is done: moved out of the work directory, copied out
// of a cache entry (never linked: the delivered file is the user's own).
type Final struct {
	Path string `json:"path"`
	Temp string `json:"temp"`
	Job  string `json:"job"`
	From string `json:"from,omitempty"`
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
