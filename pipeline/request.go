package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/exec"
)

// Event reports a job's progress during a render.
type Event = event.Event

// Request is one call's choices: which project, what to write, and how.
// The tools and the cache are the Engine's.
type Request struct {
	// Path is the project file. Or, instead, Data is its text, Dir the
	// directory its relative paths resolve against and Name what messages
	// call it (default "project.yaml").
	Path string
	Data []byte
	Dir  string
	Name string
	// Values are the merge values of a templated project (its fields:
	// see config.Value); Row names them in messages ("rows.csv:4 (row
	// 3)", "--set"; "" for none).
	Values config.Values
	Row    string
	// Confine keeps a served project inside the server's directories: its
	// media root and uploads, its render's output directory, no local
	// programs (see config.Confine). nil: unconfined, as on the command
	// line.
	Confine *config.Confine
	// MediaDirs relink the media of an editor's cut (a Path ending in
	// .otio or .edl): a clip not where the cut says is looked for by its
	// file name in these directories (reel render --media-dir).
	MediaDirs []string

	// Outputs chooses what the render writes (reel render --output): each
	// entry names a rendition (its name, or its path), the poster or the
	// thumbnail sheet (by path); in a one-output project an entry that
	// matches nothing is a new path for the output. Empty: everything.
	Outputs []string
	// OutputFlag is how messages call an entry of Outputs (default
	// "output"; the CLI says "-o").
	OutputFlag string

	Preview    bool     // a draft: half the width and height, a fast preset, the same timing
	Generate   GenMode  // prompt scenes: placeholder cards (zero), cached clips only, or generate the missing
	Regenerate []string // ids of scenes whose clips are downloaded or generated again

	// ReuseFilms copies a film delivered before under the same content
	// key (verified whole) instead of joining its segments again, so that
	// a render served wholly from the cache starts no ffmpeg (see
	// exec.Options.ReuseFilms; the render service sets it).
	ReuseFilms bool

	// Remote, when set, runs the scene, transition and audio jobs on other
	// machines (the render service's workers over NATS); the mux, the
	// cache and the delivery stay here. Up to RemoteJobs jobs are out at
	// once. A Remote with a method Here() bool that says true once
	// OnPlan has returned is not used: the render runs here.
	Remote exec.Remote

	// SignKey and SignCert are the PEM private key and certificate chain
	// (the signer's certificate first) that sign the Content Credentials
	// embedded in MP4 and MOV outputs (see package provenance/c2pa). Both
	// or neither: without them no credentials are embedded (Result.Notices
	// says so); the sidecar manifests are written either way.
	SignKey, SignCert string

	// ChunkSeconds, when above 0, renders a scene body longer than 1.5
	// times it as round(body/ChunkSeconds) jobs of near-equal whole-frame
	// lengths (plan.Input.ChunkFrames: the nearest whole number of the
	// film's frames), joined by stream copy like any other segments, so
	// that a long scene does not keep the render waiting at its end when
	// jobs run side by side (local job slots, or workers). The film is the
	// same frames; each chunk is cached under its own key. 0: one job per
	// scene.
	ChunkSeconds float64

	Jobs     int    // jobs at once (default: the number of cores)
	KeepWork bool   // keep the work directory (its owner record is removed)
	WorkRoot string // where work directories are made (default: the system's temp directory)

	// OnPlan is called once the plan is built, before any job runs (to
	// show its warnings or its size); nil for none.
	OnPlan func(*Prepared)
	// OnEvent receives the jobs' progress; calls are serialised.
	OnEvent func(Event)
	// Log receives what the render does (generators, cleanup, each job's
	// command at debug level); nil discards it.
	Log *slog.Logger

	dirs *CacheDirs // the cache placed by a batch (nil: the engine's policy)
}

// RequestError is a mistake in the request itself, not in the project or
// the render: a project file that does not exist, an output entry that
// names nothing, a work or cache directory that cannot be written. The CLI
// reports it as a usage error.
type RequestError struct {
	Field string // project | values | output | work_dir | cache_dir | sign_key | chunk
	Err   error
}

func (e *RequestError) Error() string { return e.Err.Error() }
func (e *RequestError) Unwrap() error { return e.Err }

// outputFlag is how messages call an entry of Outputs.
func (r Request) outputFlag() string {
	if r.OutputFlag == "" {
		return "output"
	}
	return r.OutputFlag
}

// log is the request's logger, or one that discards.
func (r Request) log() *slog.Logger {
	if r.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Log
}

// workRoot is the directory work directories are made in.
func (r Request) workRoot() string {
	if r.WorkRoot == "" {
		return os.TempDir()
	}
	return r.WorkRoot
}

// projectDir is the directory of the project: where its relative paths
// and its default cache are.
func (r Request) projectDir() (string, error) {
	if r.Data != nil {
		return filepath.Abs(r.Dir)
	}
	abs, err := filepath.Abs(r.Path)
	return filepath.Dir(abs), err
}

// check refuses a request that cannot name a project or asks for what
// this reel does not do.
func (r Request) check() error {
	if c := r.ChunkSeconds; c < 0 || math.IsNaN(c) || math.IsInf(c, 0) {
		return &RequestError{Field: "chunk", Err: fmt.Errorf("chunk length %v: give a number of seconds above 0, or 0 for none", c)}
	}
	if r.Data != nil {
		if r.Path != "" {
			return &RequestError{Field: "project", Err: errors.New("a request names its project by a path or by its text, not both")}
		}
		return nil
	}
	if r.Path == "" {
		return &RequestError{Field: "project", Err: errors.New("no project: name a project file")}
	}
	fi, err := os.Stat(r.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &RequestError{Field: "project", Err: fmt.Errorf("project file %s does not exist", r.Path)}
	case err != nil:
		return &RequestError{Field: "project", Err: fmt.Errorf("project file: %w", err)}
	case fi.IsDir():
		return &RequestError{Field: "project", Err: fmt.Errorf("project file %s is a directory (name the .yaml file)", r.Path)}
	}
	return nil
}
