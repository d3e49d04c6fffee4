package dist

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/pipeline/plan"
)

// Message is one job's command on the work queue. It carries references
// only: the files the command reads are objects, and the paths of the
// coordinator's machine are replaced by names.
type Message struct {
	ID     string `json:"id"`     // the work key (see workKey)
	Render string `json:"render"` // the render that asked for it (for logs)
	// Job is the job, its Args the command to run; its Inputs, Outputs
	// and Files' paths are the names of Inputs, Outputs and Files below.
	Job     plan.Job `json:"job"`
	Inputs  []Ref    `json:"inputs"`
	Outputs []string `json:"outputs"`         // the outputs' file names
	Files   []string `json:"files,omitempty"` // the written files' names ("" for one written as an output)
	Wrote   []int    `json:"wrote,omitempty"` // the outputs the command writes (nil: all)
}

// Ref is an object a job reads or wrote: its object name, and the name the
// file had (its extension tells ffmpeg its format).
type Ref struct {
	Object string `json:"object"`
	Name   string `json:"name"`
	Size   int64  `json:"size,omitempty"`
}

// Result is what a worker says of a Message, kept under the work key:
// "ok.<id>" (the first result wins; later renders reuse it), "failed.<id>"
// or, from the coordinator, "cancelled.<id>".
type Result struct {
	ID      string `json:"id"`
	Worker  string `json:"worker"`
	Outputs []Ref  `json:"outputs,omitempty"` // by output index; empty where the command writes none
	Error   string `json:"error,omitempty"`
	// Damaged names the inputs found damaged in the store: the
	// coordinator stores them again and asks once more.
	Damaged  []string `json:"damaged,omitempty"`
	WallNS   int64    `json:"wall_ns,omitempty"`
	CPUNS    int64    `json:"cpu_ns,omitempty"`
	MaxRSSKB int64    `json:"max_rss_kb,omitempty"`
	Attempt  int      `json:"attempt,omitempty"` // the delivery that ran it
}

// Keys of a work key's results.
func okKey(id string) string        { return "ok." + id }
func failedKey(id string) string    { return "failed." + id }
func cancelledKey(id string) string { return "cancelled." + id }

// workKey hashes everything that decides what the message's command
// writes: the command, the written files' contents, the measuring pass,
// the loudness target, the inputs' contents (object names) and file
// names, and the outputs' names. Two renders (on any machines) asking for
// the same work get one key.
func workKey(m *Message) string {
	h := sha256.New()
	v := struct {
		Kind, MeasureFormat string
		Args, Measure       []string
		Files               []plan.File
		Loudness            any
		Inputs              []Ref
		Outputs, FileNames  []string
		Wrote               []int
	}{m.Job.Kind, m.Job.MeasureFormat, m.Job.Args, m.Job.Measure, m.Job.Files, m.Job.Loudness, m.Inputs, m.Outputs, m.Files, m.Wrote}
	b, _ := json.Marshal(v)
	h.Write([]byte("reel-dist-1\x00"))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// local names, in a job's directory on a worker, where its input n,
// output n and file n go.
func inPath(dir string, n int, name string) string {
	return filepath.Join(dir, "in"+strconv.Itoa(n), safeName(name))
}

func outPath(dir string, n int, name string) string {
	return filepath.Join(dir, "out"+strconv.Itoa(n), safeName(name))
}

func filePath(dir string, n int, name string) string {
	return filepath.Join(dir, "file"+strconv.Itoa(n), safeName(name))
}

// safeName keeps a file name from a message to one path element.
func safeName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == ".." || name == "/" || name == "" {
		return "file"
	}
	return name
}
