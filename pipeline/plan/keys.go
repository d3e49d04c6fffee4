package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// FormatVersion is part of every job's key: change it whenever the same
// arguments would start to mean a different output (a new intermediate
// format, a fixed bug in how results are stored).
const FormatVersion = "reel-job-3"

// Cache says where job results are stored and what identifies them.
type Cache struct {
	Dir           string            // cache root; entries go under Dir/jobs
	FFmpegVersion string            // `ffmpeg -version`'s first line
	FileKeys      map[string]string // content keys of the files the plan reads, by path
}

// ExternalInputs lists the files the plan reads that no job writes: the
// sources (and LUTs, audio...) whose content keys the cache needs.
func (p *Plan) ExternalInputs() []string {
	made := map[string]bool{}
	for _, j := range p.Jobs {
		for _, o := range j.Outputs {
			made[o] = true
		}
		for _, f := range j.Files {
			made[f.Path] = true
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, j := range p.Jobs {
		for _, in := range j.Inputs {
			if !made[in] && !seen[in] {
				seen[in] = true
				out = append(out, in)
			}
		}
	}
	sort.Strings(out)
	return out
}

// ApplyCache gives every part of every job but a mux a content key (a
// hash of the arguments that write that part alone, its inputs' content
// keys, the content of the files written for it, the FFmpeg version and
// FormatVersion) and moves its outputs into the cache entry named by that
// key; a mux, which writes a delivered file and is not cached, gets the
// content key of its film (filmKey), so that the jobs made from the film
// are keyed like any other, and what they deliver is copied out of their
// entries (Final.From). A part whose entry is complete need not run. Jobs must be in
// dependency order. Moving a file changes only the job's Outputs and the
// Inputs of the jobs reading it: arguments refer to files by index.
func (p *Plan) ApplyCache(c Cache) error {
	keyOf := map[string]string{}
	for path, k := range c.FileKeys {
		keyOf[path] = "file:" + k
	}
	moved := map[string]string{}
	for i := range p.Jobs {
		j := &p.Jobs[i]
		for k, in := range j.Inputs {
			if to, ok := moved[in]; ok {
				j.Inputs[k] = to
			}
		}
		if j.Kind == KindMux { // no entry: it writes a delivered file
			key, err := filmKey(j, keyOf, c)
			if err != nil {
				return err
			}
			j.Key = key
			j.FilmRef = filepath.Join(c.Dir, "films", key[:2], key+".json")
			for _, o := range j.Outputs {
				keyOf[o] = "film:" + key
			}
			continue
		}
		if len(j.Parts) == 0 {
			all := make([]int, len(j.Outputs))
			for k := range all {
				all[k] = k
			}
			j.Parts = []Part{{Outputs: all}}
		}
		inKeys := make([]string, len(j.Inputs))
		for k, in := range j.Inputs {
			key, ok := keyOf[in]
			if !ok {
				return fmt.Errorf("plan: job %s reads %s, which has no content key", j.ID, in)
			}
			inKeys[k] = key
		}
		sum := sha256.New()
		for k := range j.Parts {
			pt := &j.Parts[k]
			key, err := jobKey(j, j.PartArgs(k), inKeys, c)
			if err != nil {
				return err
			}
			pt.Key = key
			pt.CacheDir = filepath.Join(c.Dir, "jobs", key[:2], key)
			fmt.Fprintf(sum, "%s\x00", key)
			for _, o := range pt.Outputs {
				to := filepath.Join(pt.CacheDir, filepath.Base(j.Outputs[o]))
				moved[j.Outputs[o]] = to
				keyOf[to] = "job:" + key + "/" + filepath.Base(to)
				j.Outputs[o] = to
			}
		}
		j.Key = hex.EncodeToString(sum.Sum(nil))
	}
	for i := range p.Segments {
		if to, ok := moved[p.Segments[i].Path]; ok {
			p.Segments[i].Path = to
		}
	}
	for i := range p.Deliver { // derived outputs are copied out of their entries
		if to, ok := moved[p.Deliver[i].From]; ok {
			p.Deliver[i].From = to
		}
	}
	return nil
}

// filmKey is the content key of what mux job j writes (a film): it is not
// cached (it writes a delivered file), but the jobs made from the film (a
// GIF, the poster, the thumbnails) are, and their keys hash the film's. It
// hashes the job's arguments and the files written for it (the concat
// list) with their references as written, its inputs' content keys (every
// segment and sound stream it joins), the FFmpeg version and
// FormatVersion. Outputs and written files are hashed by their index, not
// their names: a mux writes a temporary output named with the render's tag,
// and the same film muxed under another name is the same film.
func filmKey(j *Job, keyOf map[string]string, c Cache) (string, error) {
	env := Env{Keep: true, NoThreads: true}
	h := sha256.New()
	fmt.Fprintf(h, "film\x00%s\x00%s\x00", FormatVersion, c.FFmpegVersion)
	for k, in := range j.Inputs {
		key, ok := keyOf[in]
		if !ok {
			return "", fmt.Errorf("plan: job %s reads %s, which has no content key", j.ID, in)
		}
		env.Inputs = append(env.Inputs, key)
		fmt.Fprintf(h, "in%d %s\x00", k, key)
	}
	for k := range j.Outputs {
		env.Outputs = append(env.Outputs, "out:"+strconv.Itoa(k))
	}
	for k := range j.Files {
		env.Files = append(env.Files, "file:"+strconv.Itoa(k))
	}
	for k, f := range j.Files {
		text, err := ExpandString(f.Content, env)
		if err != nil {
			return "", fmt.Errorf("plan: job %s: %w", j.ID, err)
		}
		fmt.Fprintf(h, "file%d %d\x00%s\x00", k, len(text), text)
	}
	args, err := Expand(j.Args, env)
	if err != nil {
		return "", fmt.Errorf("plan: job %s: %w", j.ID, err)
	}
	for _, a := range args {
		fmt.Fprintf(h, "%s\x00", a)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// jobKey hashes what determines the outputs that args write. References
// to files are hashed as what the inputs hold and the outputs' names (see
// keyEnv), so a key does not depend on where the project, the cache or the
// work directory lives, nor (the references to threads kept as written)
// on the cores of the machine.
func jobKey(j *Job, args, inKeys []string, c Cache) (string, error) {
	env := keyEnv(j, inKeys)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", FormatVersion, c.FFmpegVersion)
	for k, f := range j.Files { // written for the job: what they say is part of it
		if writesFor(j, k, args) {
			fmt.Fprintf(h, "file %s %d\x00%s\x00", filepath.Base(f.Path), len(f.Content), f.Content)
		}
	}
	write := func(list []string) error {
		exp, err := Expand(list, env)
		if err != nil {
			return fmt.Errorf("plan: job %s: %w", j.ID, err)
		}
		for _, a := range exp {
			fmt.Fprintf(h, "%s\x00", a)
		}
		return nil
	}
	if err := write(args); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "measure %s\x00", j.MeasureFormat)
	if l := j.Loudness; l != nil {
		fmt.Fprintf(h, "loudness %g %g\x00", l.I, l.TruePeak)
	}
	if err := write(j.Measure); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writesFor reports whether file k of job j is part of what args write:
// args refer to it, or no arguments of the job do (a file that is itself
// an output). A file only other parts read (a text layer's script, which
// the raw frames under the transitions never draw) is not.
func writesFor(j *Job, k int, args []string) bool {
	if refersTo(args, k) {
		return true
	}
	if refersTo(j.Args, k) || refersTo(j.Measure, k) {
		return false
	}
	for _, pt := range j.Parts {
		if refersTo(pt.Args, k) {
			return false
		}
	}
	for _, g := range j.Groups {
		if refersTo(g.Args, k) {
			return false
		}
	}
	return true
}

// refersTo reports whether args refer to written file k.
func refersTo(args []string, k int) bool {
	ref := "{{file" + strconv.Itoa(k)
	for _, a := range args {
		for rest := a; ; {
			i := strings.Index(rest, ref)
			if i < 0 {
				break
			}
			if next := rest[i+len(ref):]; strings.HasPrefix(next, "}}") || strings.HasPrefix(next, "|") {
				return true
			}
			rest = rest[i+len(ref):]
		}
	}
	return false
}
