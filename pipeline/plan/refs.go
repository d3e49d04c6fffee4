package plan

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// A job's arguments never hold a file path or a thread count: they hold
// references that the executor expands when the job starts.
//
//	{{inN}}     the job's Inputs[N]
//	{{outN}}    the job's Outputs[N]
//	{{fileN}}   the job's Files[N].Path
//	{{threads}} the threads the job is given (ADR 0007)
//
// A reference may name the form the path takes: {{in2|filter}} is escaped
// as a filter option value inside a filtergraph (a LUT, a card's script),
// {{in0|concat}} is a line of a concat demuxer list (in a File's content),
// {{in3|dir}} is the directory holding the file, as a filter option value
// (the fonts directory of libass, for a layer's font file).
// Any other {{name}} is a value a measuring pass fills (the loudness gain).
//
// So moving a job's outputs into the cache, or into an entry's partial
// directory, changes only its Outputs (and the Inputs of the jobs reading
// them), and a content key hashes the references as written: it cannot see
// where the project, the cache or the work directory live, nor the cores.

// Threads is the reference to the job's thread count.
const Threads = "{{threads}}"

// In refers to a job's input n.
func In(n int) string { return "{{in" + strconv.Itoa(n) + "}}" }

// Out refers to a job's output n.
func Out(n int) string { return "{{out" + strconv.Itoa(n) + "}}" }

// FileRef refers to the file n the executor writes for a job.
func FileRef(n int) string { return "{{file" + strconv.Itoa(n) + "}}" }

// InFilter refers to input n as a filter option value in a filtergraph.
func InFilter(n int) string { return "{{in" + strconv.Itoa(n) + "|filter}}" }

// FileFilter refers to file n as a filter option value in a filtergraph.
func FileFilter(n int) string { return "{{file" + strconv.Itoa(n) + "|filter}}" }

// InDir refers to the directory of input n as a filter option value.
func InDir(n int) string { return "{{in" + strconv.Itoa(n) + "|dir}}" }

// InConcat refers to input n as a line of a concat demuxer list.
func InConcat(n int) string { return "{{in" + strconv.Itoa(n) + "|concat}}" }

// Env is what the references of one job expand to.
type Env struct {
	Inputs  []string
	Outputs []string
	Files   []string
	Threads int
	// Values are what a measuring pass found ({{gain}}, {{limiter}}, ...).
	Values map[string]string
	// Keep leaves references with no value as written (the form keys
	// hash), instead of failing.
	Keep bool
	// NoThreads leaves {{threads}} as written.
	NoThreads bool
}

// JobEnv is the environment of job j run with threads: its own paths.
func JobEnv(j *Job, threads int) Env {
	e := Env{Inputs: j.Inputs, Outputs: j.Outputs, Threads: threads}
	for _, f := range j.Files {
		e.Files = append(e.Files, f.Path)
	}
	return e
}

// Expand returns args with every reference replaced. Expansion is one pass:
// what a reference expands to (a path with braces in it) is never read as
// a reference again.
func Expand(args []string, env Env) ([]string, error) {
	out := make([]string, len(args))
	for i, a := range args {
		s, err := ExpandString(a, env)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// ExpandString expands the references in s (see Expand).
func ExpandString(s string, env Env) (string, error) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		ref := s[i+2 : i+j]
		v, ok, err := env.value(ref)
		switch {
		case err != nil:
			return "", err
		case ok:
			b.WriteString(v)
		case env.Keep:
			b.WriteString(s[i : i+j+2])
		default:
			return "", fmt.Errorf("no value for {{%s}}", ref)
		}
		s = s[i+j+2:]
	}
}

// value is what ref (without its braces) expands to; ok is false when env
// has no value for it.
func (e Env) value(ref string) (v string, ok bool, err error) {
	name, form, _ := strings.Cut(ref, "|")
	var list []string
	var idx string
	switch {
	case name == "threads":
		if e.NoThreads {
			return "", false, nil
		}
		return strconv.Itoa(e.Threads), true, nil
	case strings.HasPrefix(name, "in") && isDigits(name[2:]):
		list, idx = e.Inputs, name[2:]
	case strings.HasPrefix(name, "out") && isDigits(name[3:]):
		list, idx = e.Outputs, name[3:]
	case strings.HasPrefix(name, "file") && isDigits(name[4:]):
		list, idx = e.Files, name[4:]
	default:
		v, ok = e.Values[name]
		return v, ok, nil
	}
	n, _ := strconv.Atoi(idx)
	if list == nil && e.Keep {
		return "", false, nil
	}
	if n >= len(list) {
		return "", false, fmt.Errorf("{{%s}}: the job has no such file", ref)
	}
	switch form {
	case "":
		return list[n], true, nil
	case "filter":
		return filterValue(list[n]), true, nil
	case "concat":
		return ffmpeg.QuoteConcatPath(list[n]), true, nil
	case "dir":
		return filterValue(filepath.Dir(list[n])), true, nil
	}
	return "", false, fmt.Errorf("{{%s}}: unknown form %q", ref, form)
}

// filterValue escapes a path as an option value of a filter placed in a
// filtergraph: level 1 (ffmpeg.EscapeValue), then level 2 with every
// whitespace byte escaped too (the path may end the filter, where the
// graph parser would trim it; an escaped space inside is a space).
func filterValue(p string) string {
	v := ffmpeg.EscapeValue(p)
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if strings.IndexByte(`\'[],; `+"\n\t\r", v[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// keyEnv expands references to what a content key hashes: inputs to their
// content keys, outputs and written files to their names, and leaves
// {{threads}} and measured values as written.
func keyEnv(j *Job, inputKeys []string) Env {
	e := Env{Inputs: inputKeys, Keep: true, NoThreads: true}
	for _, o := range j.Outputs {
		e.Outputs = append(e.Outputs, "out:"+filepath.Base(o))
	}
	for _, f := range j.Files {
		e.Files = append(e.Files, "file:"+filepath.Base(f.Path))
	}
	return e
}

// FilePath is where the executor writes file f of a job whose references
// expand in env: its Path, or, when the Path is a reference to one of the
// job's outputs (exactly {{outN}}), that output's path. A Path is never
// expanded otherwise: it is a real path, which may hold braces.
func FilePath(f File, env Env) (string, error) {
	p := f.Path
	if !strings.HasPrefix(p, "{{out") || !strings.HasSuffix(p, "}}") || !isDigits(p[5:len(p)-2]) {
		return p, nil
	}
	return ExpandString(p, env)
}
