// Package event holds what a render reports while it runs: the executor
// sends these values, and the reporters (the CLI's progress, a server's
// stream) read them. It sits below both, so that neither imports the other,
// and outside internal/, so that a program using reel as a library can name
// the type.
package event

// Event reports a job's state, or in a batch a variant's.
//
// A job's states are start, progress, then done or failed (a cache hit:
// cached alone); warning reports what a job found. A batch (reel batch)
// also reports each variant once when it is finished, with Job empty:
// variant-done when every file it delivers is in place, variant-failed
// when nothing new is (Error says why: a job of its own, a job it shares
// with other variants, or the cancellation).
type Event struct {
	Job      string  `json:"job"`
	Kind     string  `json:"kind"`
	State    string  `json:"state"`                // start | progress | done | failed | cached | warning | variant-done | variant-failed
	Warning  string  `json:"warning,omitempty"`    // what a job found while running (state warning)
	Frame    int64   `json:"frame"`                // frames written by the job so far
	Percent  float64 `json:"percent"`              // this job, 0..100
	Overall  float64 `json:"overall"`              // the whole render, 0..100
	Speed    float64 `json:"speed"`                // ffmpeg's speed (x realtime)
	Threads  int     `json:"threads,omitempty"`    // the threads the job was given
	ETA      float64 `json:"eta"`                  // estimated seconds left for the render
	Running  int     `json:"running"`              // jobs running
	Done     int     `json:"done"`                 // jobs finished
	Total    int     `json:"total"`                // jobs in the plan
	Elapsed  float64 `json:"elapsed"`              // seconds since the render started
	CPU      float64 `json:"cpu"`                  // the job's CPU seconds (done only)
	MaxRSSMB float64 `json:"max_rss_mb,omitempty"` // the job's peak memory (done only)

	// In a batch (reel batch): the variant whose job this is (its row or
	// project, as the summary names it; a job shared by several variants
	// names the first), and the batch's variants finished (rendered,
	// failed or up to date) of its total. Overall, ETA, Done and Total are
	// then the whole batch's: its graph's jobs (identical jobs of several
	// variants once), Done counting the jobs a failure left unrun.
	Variant      string `json:"variant,omitempty"`
	VariantsDone int    `json:"variants_done,omitempty"`
	Variants     int    `json:"variants,omitempty"`
	Error        string `json:"error,omitempty"` // why the variant failed (variant-failed)
}
