package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// FormatVersion is part of every job's key: change it whenever the same
// arguments would start to mean a different output (a new intermediate
// format, a fixed bug in how results are stored).
const FormatVersion = "reel-job-2"

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

// ApplyCache gives every job but the final mux a content key (a hash of its
// arguments, its inputs' content keys, the content of the files written for
// it, the FFmpeg version and FormatVersion)
// and moves its outputs into the cache entry named by that key. A job whose
// entry is complete need not run. Jobs must be in dependency order.
func (p *Plan) ApplyCache(c Cache) error {
	keyOf := map[string]string{}
	for path, k := range c.FileKeys {
		keyOf[path] = "file:" + k
	}
	moved := map[string]string{}
	for i := range p.Jobs {
		j := &p.Jobs[i]
		relocate(j, movedInputs(j, moved))
		if j.Kind == KindMux {
			continue
		}
		key, err := jobKey(j, keyOf, c)
		if err != nil {
			return err
		}
		j.Key = key
		j.CacheDir = filepath.Join(c.Dir, "jobs", key[:2], key)
		rawKey := key
		if len(j.RawArgs) > 0 {
			raw := *j // everything else that goes into the key stays
			raw.Args = j.RawArgs
			if rawKey, err = jobKey(&raw, keyOf, c); err != nil {
				return err
			}
		}
		own := map[string]string{}
		for k, o := range j.Outputs {
			n := filepath.Join(j.CacheDir, filepath.Base(o))
			own[o], moved[o] = n, n
			ok := key
			if k > 0 {
				ok = rawKey
			}
			keyOf[n] = "job:" + ok + "/" + filepath.Base(o)
		}
		relocate(j, own)
	}
	for i := range p.Segments {
		if to, ok := moved[p.Segments[i].Path]; ok {
			p.Segments[i].Path = to
		}
	}
	if mux := p.Job("mux"); mux != nil && len(mux.Files) == 1 {
		mux.Files[0].Content = p.concatList()
	}
	return nil
}

// jobKey hashes what determines a job's outputs. Paths are replaced by what
// they hold (inputs) or their names (outputs), so a key does not depend on
// where the project, the cache or the work directory lives.
func jobKey(j *Job, keyOf map[string]string, c Cache) (string, error) {
	var pairs []string
	for _, in := range j.Inputs {
		k, ok := keyOf[in]
		if !ok {
			return "", fmt.Errorf("plan: job %s reads %s, which has no content key", j.ID, in)
		}
		pairs = append(pairs, in, k)
	}
	for _, o := range j.Outputs {
		pairs = append(pairs, o, "out:"+filepath.Base(o))
	}
	for _, f := range j.Files {
		pairs = append(pairs, f.Path, "text:"+filepath.Base(f.Path))
	}
	r := strings.NewReplacer(longestFirst(pairs)...)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", FormatVersion, c.FFmpegVersion)
	for _, f := range j.Files { // written for the job: what they say is part of it
		fmt.Fprintf(h, "file %s %d\x00%s\x00", filepath.Base(f.Path), len(f.Content), f.Content)
	}
	for _, a := range WithThreads(j.Args, 0) {
		fmt.Fprintf(h, "%s\x00", r.Replace(a))
	}
	fmt.Fprintf(h, "measure %s\x00", j.MeasureFormat)
	if l := j.Loudness; l != nil {
		fmt.Fprintf(h, "loudness %g %g\x00", l.I, l.TruePeak)
	}
	for _, a := range j.Measure {
		fmt.Fprintf(h, "%s\x00", r.Replace(a))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// movedInputs is the part of moved that job j reads: a job's arguments name
// only its own inputs and outputs, so relocating it needs no other path, and
// keying a plan stays linear in its number of jobs.
func movedInputs(j *Job, moved map[string]string) map[string]string {
	own := map[string]string{}
	for _, in := range j.Inputs {
		if to, ok := moved[in]; ok {
			own[in] = to
		}
	}
	return own
}

// relocate rewrites the paths of moved files in a job's arguments, inputs
// and outputs (the concat list is written again from the segments).
func relocate(j *Job, moved map[string]string) {
	if len(moved) == 0 {
		return
	}
	var pairs []string
	for from, to := range moved {
		pairs = append(pairs, from, to)
	}
	r := strings.NewReplacer(longestFirst(pairs)...)
	for k := range j.Args {
		j.Args[k] = r.Replace(j.Args[k])
	}
	for k := range j.Measure {
		j.Measure[k] = r.Replace(j.Measure[k])
	}
	for k := range j.RawArgs {
		j.RawArgs[k] = r.Replace(j.RawArgs[k])
	}
	for k := range j.Inputs {
		j.Inputs[k] = r.Replace(j.Inputs[k])
	}
	for k := range j.Outputs {
		j.Outputs[k] = r.Replace(j.Outputs[k])
	}
}

// longestFirst orders old/new pairs so that a path is never replaced inside a
// longer one (strings.Replacer tries the pairs in order).
func longestFirst(pairs []string) []string {
	type pair struct{ from, to string }
	ps := make([]pair, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		ps = append(ps, pair{pairs[i], pairs[i+1]})
	}
	sort.Slice(ps, func(a, b int) bool {
		if len(ps[a].from) != len(ps[b].from) {
			return len(ps[a].from) > len(ps[b].from)
		}
		return ps[a].from < ps[b].from
	})
	out := make([]string, 0, len(pairs))
	for _, p := range ps {
		out = append(out, p.from, p.to)
	}
	return out
}
