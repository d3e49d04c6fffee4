package exec

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// filmRecord is what the cache remembers of a film it saw delivered: where,
// how big and its content's SHA-256. The film itself stays where it was
// delivered (the cache keeps no second copy of every film); a record whose
// file has gone, or changed, is simply not used.
type filmRecord struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// reuseFilm delivers mux job j by copying the film the cache last saw
// delivered under the same content key, when reuse is on and that file is
// still as recorded: the copy is read back whole and checked against the
// recorded SHA-256, so a file edited or replaced since is never passed off
// as the film. It reports whether j is done (a cache hit); on false
// nothing is left at j's output.
func (r *runner) reuseFilm(j *plan.Job) bool {
	if !r.opts.ReuseFilms || j.Kind != plan.KindMux || j.FilmRef == "" || len(j.Outputs) != 1 {
		return false
	}
	b, err := os.ReadFile(j.FilmRef)
	if err != nil {
		return false
	}
	var rec filmRecord
	if json.Unmarshal(b, &rec) != nil || rec.Path == "" {
		return false
	}
	if fi, err := os.Stat(rec.Path); err != nil || !fi.Mode().IsRegular() || fi.Size() != rec.Size {
		return false
	}
	dst := j.Outputs[0]
	if err := cache.CopyFile(rec.Path, dst); err != nil {
		os.Remove(dst)
		return false
	}
	if sum, size, err := cache.HashFile(dst); err != nil || sum != rec.SHA256 || size != rec.Size {
		os.Remove(dst)
		return false
	}
	r.sh.mu.Lock()
	r.films[j.ID] = rec.SHA256
	r.sh.mu.Unlock()
	r.event(j, "cached", ffmpeg.Progress{}, &ffmpeg.Result{})
	return true
}

// recordFilms records, when reuse is on, each film just delivered by a mux
// under its content key, for the next render of the same film. A record
// that cannot be written costs only that reuse.
func (r *runner) recordFilms(finals []plan.Final) {
	if !r.opts.ReuseFilms {
		return
	}
	for _, f := range finals {
		j := r.plan.Job(f.Job)
		if j == nil || j.Kind != plan.KindMux || j.FilmRef == "" || f.From != "" {
			continue
		}
		r.sh.mu.Lock()
		sum := r.films[j.ID]
		r.sh.mu.Unlock()
		fi, err := os.Stat(f.Path)
		if err != nil {
			continue
		}
		if sum == "" {
			if sum, _, err = cache.HashFile(f.Path); err != nil {
				continue
			}
		}
		b, _ := json.Marshal(filmRecord{Path: f.Path, Size: fi.Size(), SHA256: sum})
		if os.MkdirAll(filepath.Dir(j.FilmRef), 0o755) == nil {
			_ = cache.WriteAtomic(j.FilmRef, b)
		}
	}
}
