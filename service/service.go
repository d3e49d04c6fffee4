// Package service is reel's render service: renders submitted over HTTP
// (package service/api) are queued on NATS JetStream, run by workers (this
// machine's or other machines'), and followed through a key-value bucket
// that survives restarts. This file is the contract between the HTTP layer
// and the queue: the records the API returns and the Backend it calls.
package service

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/reel-film/reel/config"
)

// Status is where a render is. queued → preparing → rendering → done |
// failed | cancelled; a render whose worker died goes back to queued.
type Status string

// The statuses of a render.
const (
	Queued    Status = "queued"
	Preparing Status = "preparing"
	Rendering Status = "rendering"
	Done      Status = "done"
	Failed    Status = "failed"
	Cancelled Status = "cancelled"
)

// Final says whether a render in status s will not change again.
func (s Status) Final() bool { return s == Done || s == Failed || s == Cancelled }

// Render is a render's record, as GET /v1/renders/{id} returns it.
type Render struct {
	ID       string    `json:"id"`
	Status   Status    `json:"status"`
	Project  string    `json:"project"`            // the project's name (its file name, or the template's)
	Template string    `json:"template,omitempty"` // the template it was made from
	Progress Progress  `json:"progress"`
	Outputs  []Output  `json:"outputs"`
	Variants []Variant `json:"variants,omitempty"` // a render of rows: one per row
	Error    *Error    `json:"error,omitempty"`
	Warnings []string  `json:"warnings,omitempty"`
	Attempts int       `json:"attempts"`         // deliveries of its message so far
	Worker   string    `json:"worker,omitempty"` // the worker running (or that ran) it
	// Distributed says the render's jobs were spread over the workers
	// (Jobs then says where each ran).
	Distributed bool `json:"distributed,omitempty"`
	// Jobs are the render's jobs, where each ran and what it cost (a
	// finished render).
	Jobs []JobRun `json:"jobs,omitempty"`
	// ObjectStore is what a distributed render moved through the object
	// store (or the shared directory).
	ObjectStore *Traffic  `json:"object_store,omitempty"`
	Created     time.Time `json:"created"`
	Started     time.Time `json:"started,omitzero"`
	Finished    time.Time `json:"finished,omitzero"`
	// Webhook is the host the completion is posted to (the full URL may
	// hold a secret and is never returned).
	Webhook string            `json:"webhook,omitempty"`
	Links   map[string]string `json:"links,omitempty"` // self, events, outputs: filled by the API
}

// Traffic is what a distributed render's coordinator stored and fetched:
// bytes and objects, and the objects it did not send because the store
// had them.
type Traffic struct {
	BytesUp     int64 `json:"bytes_up"`
	BytesDown   int64 `json:"bytes_down"`
	ObjectsUp   int   `json:"objects_up"`
	ObjectsDown int   `json:"objects_down"`
	Skipped     int   `json:"objects_already_stored"`
}

// JobRun is one job of a finished render: where it ran ("" for this
// render's own machine), whether it came from the cache (this machine's,
// or the cluster's results), and its CPU time.
type JobRun struct {
	Job    string  `json:"job"`
	Worker string  `json:"worker,omitempty"`
	Cached bool    `json:"cached,omitempty"`
	CPU    float64 `json:"cpu_seconds"`
}

// Progress is how far a render is.
type Progress struct {
	Percent   float64 `json:"percent"`    // 0..100
	ETA       float64 `json:"eta"`        // seconds left (estimated)
	JobsDone  int     `json:"jobs_done"`  // jobs finished (cache hits included)
	JobsTotal int     `json:"jobs_total"` // jobs in the plan
	JobsCache int     `json:"jobs_cached"`
}

// Output is a file a render delivered.
type Output struct {
	Name   string `json:"name"` // its path inside the render's output directory, with /
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	URL    string `json:"url,omitempty"` // filled by the API
}

// Variant is one row of a render of rows.
type Variant struct {
	Name    string   `json:"name"` // the row, as messages name it ("rows.csv:4 (row 3)")
	Status  Status   `json:"status"`
	Outputs []Output `json:"outputs,omitempty"`
	Error   *Error   `json:"error,omitempty"`
}

// Error is why a render failed: the message, and where (scene, job) when
// the failure is a job's.
type Error struct {
	Message string `json:"message"`
	Scene   string `json:"scene,omitempty"`
	Job     string `json:"job,omitempty"`
	Field   string `json:"field,omitempty"` // a project error's file:line: path
}

// Submission is a render asked for: a project (or a template's id), its
// merge values or rows, and how to report back.
type Submission struct {
	Project  []byte // the project file's text (YAML or JSON)
	Name     string // what messages call it (default project.yaml)
	Template string // instead of Project: the id of a stored template
	// Uploads is the directory holding media uploaded with the project
	// (multipart); its relative paths resolve there first, then in the
	// media root. "" for none.
	Uploads string
	Values  config.Values   // merge values (one render)
	Rows    []config.Values // rows: one variant each (a batch)
	// Outputs chooses what a one-output project writes, as
	// pipeline.Request.Outputs: a schedule's expanded output path
	// (relative: it resolves inside the render's output directory). Empty:
	// the project's own.
	Outputs []string
	// Webhook is the URL told of completion and failure ("" for none).
	Webhook string
	// IdempotencyKey makes a repeated submission return the first render
	// (within the retention): "" for none.
	IdempotencyKey string
	// Distribute spreads the film's scene, transition and audio jobs over
	// every worker (?distribute=true); the mux runs where the render runs.
	// Films at least Config.DistributeOver long are spread without it.
	Distribute bool
}

// Event is one step of a render's progress on its event stream (SSE). ID
// increases along a render's stream, so a client resumes after the last ID
// it saw (Last-Event-ID).
type Event struct {
	ID       uint64    `json:"id"`
	Render   string    `json:"render"`
	Type     string    `json:"type"` // status | progress | warning
	Status   Status    `json:"status"`
	Progress Progress  `json:"progress"`
	Message  string    `json:"message,omitempty"`
	Time     time.Time `json:"time"`
}

// ListQuery selects renders for GET /v1/renders.
type ListQuery struct {
	Status Status // "" for all
	Limit  int    // at most this many (default 50, at most 500)
	Cursor string // from the previous page's Next
}

// Template is a stored project with merge fields.
type Template struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Fields  map[string]any `json:"fields,omitempty"` // the declared fields with their defaults
	Created time.Time      `json:"created"`
	Project []byte         `json:"-"`
}

// Schedule is a named schedule with its next fire times.
type Schedule struct {
	Name     string      `json:"name"`
	Cron     string      `json:"cron"`
	TimeZone string      `json:"time_zone"`
	Project  string      `json:"project,omitempty"`
	Template string      `json:"template,omitempty"`
	Data     string      `json:"data,omitempty"`
	Output   string      `json:"output,omitempty"`
	Next     []time.Time `json:"next"`
	Last     *time.Time  `json:"last,omitempty"`
}

// Validation is what POST /v1/validate answers: reel validate --json.
type Validation struct {
	Valid    bool              `json:"valid"`
	Errors   []ValidationError `json:"errors"`
	Warnings []string          `json:"warnings"`
}

// ValidationError is one problem of an invalid project.
type ValidationError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// Metrics are the counters /metrics shows.
type Metrics struct {
	Queued, Running, Done, Failed, Cancelled int
	RenderSeconds                            float64 // summed over finished renders
	RendersFinished                          int
	JobsRun, JobsCached                      int
	WorkersAlive                             int
}

// Errors the Backend returns; the API maps them to HTTP statuses.
var (
	ErrNotFound  = errors.New("not found")              // 404
	ErrForbidden = errors.New("forbidden")              // 403: outside the media root
	ErrInvalid   = errors.New("invalid")                // 400/422: a bad project or request
	ErrConflict  = errors.New("conflict")               // 409: e.g. cancel of a finished render
	ErrDraining  = errors.New("the server is draining") // 503
)

// Backend is what the HTTP API asks of the service. Errors wrap the
// sentinels above (errors.Is) with a message for the user; a project's
// problems are a config.Errors wrapped with ErrInvalid (or ErrForbidden).
type Backend interface {
	// Submit queues a render; existing is true when IdempotencyKey named
	// an earlier submission, which is returned instead.
	Submit(ctx context.Context, s Submission) (r *Render, existing bool, err error)
	Get(ctx context.Context, id string) (*Render, error)
	List(ctx context.Context, q ListQuery) (renders []*Render, next string, err error)
	// Cancel stops a render wherever its jobs run.
	Cancel(ctx context.Context, id string) (*Render, error)
	// Events sends the render's events after ID after, then the new ones
	// as they come, and closes the channel once the render is final (or ctx
	// ends).
	Events(ctx context.Context, id string, after uint64) (<-chan Event, error)
	// Output opens a delivered file by its Output.Name.
	Output(ctx context.Context, id, name string) (File, error)
	// Validate checks a submission without queueing it.
	Validate(ctx context.Context, s Submission) (*Validation, error)
	// NewUploads makes a directory for the media of a submission to come.
	NewUploads() (string, error)

	PutTemplate(ctx context.Context, name string, project []byte) (*Template, error)
	GetTemplate(ctx context.Context, id string) (*Template, error)
	ListTemplates(ctx context.Context) ([]*Template, error)
	DeleteTemplate(ctx context.Context, id string) error

	Schedules(ctx context.Context) ([]Schedule, error)
	Metrics(ctx context.Context) (Metrics, error)
	// Ready says whether the service can take renders (NATS reachable,
	// not draining).
	Ready(ctx context.Context) error
}

// File is a delivered output opened for reading (http.ServeContent takes
// it for Range requests).
type File interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}
