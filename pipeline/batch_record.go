package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"

	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
)

// record is what a batch writes beside a variant's first output once it
// is delivered: the content key of its plan and every file it wrote, by
// size and SHA-256. A later batch finds the variant up to date when its
// plan has the same key and every file is still as recorded: the
// decision reads contents, never modification times.
type record struct {
	Key   string       `json:"key"`
	Files []recordFile `json:"files"`
}

// recordFile is one delivered file of a record.
type recordFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// recordPath is where the record of a plan's outputs is kept: a hidden
// file beside its first output (".film.mp4.reel").
func recordPath(pl *plan.Plan) string {
	if len(pl.Deliver) == 0 {
		return ""
	}
	first := pl.Deliver[0].Path
	return filepath.Join(filepath.Dir(first), "."+filepath.Base(first)+".reel")
}

// variantKey sums up a keyed plan: every job's content key (which holds
// what it reads, its arguments and the FFmpeg version) and where each
// file is delivered. "" when a job has no key.
func variantKey(pl *plan.Plan) string {
	keys := make([]string, 0, len(pl.Jobs))
	for _, j := range pl.Jobs {
		if j.Key == "" {
			return ""
		}
		keys = append(keys, j.Key)
	}
	slices.Sort(keys)
	h := sha256.New()
	h.Write([]byte("reel batch record " + plan.FormatVersion + "\n"))
	for _, k := range keys {
		h.Write([]byte(k + "\n"))
	}
	for _, f := range pl.Deliver {
		h.Write([]byte("deliver " + f.Path + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// upToDate reports whether the plan's outputs are those a batch recorded
// under key: the same key, every file there with its recorded size and
// content.
func upToDate(pl *plan.Plan, key string) bool {
	path := recordPath(pl)
	if key == "" || path == "" {
		return false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var rec record
	if json.Unmarshal(b, &rec) != nil || rec.Key != key || len(rec.Files) != len(pl.Deliver) {
		return false
	}
	for i, f := range pl.Deliver {
		rf := rec.Files[i]
		if rf.Path != f.Path {
			return false
		}
		if fi, err := os.Stat(f.Path); err != nil || !fi.Mode().IsRegular() || fi.Size() != rf.Size {
			return false
		}
		if sum, _, err := cache.HashFile(f.Path); err != nil || sum != rf.SHA256 {
			return false
		}
	}
	return true
}

// writeRecord records the delivered outputs of pl under key. A plan
// without a key (a batch with the cache off) removes the record: what it
// said is no longer what is there.
func writeRecord(pl *plan.Plan, key string) error {
	path := recordPath(pl)
	if path == "" {
		return nil
	}
	if key == "" {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	rec := record{Key: key}
	for _, f := range pl.Deliver {
		sum, size, err := cache.HashFile(f.Path)
		if err != nil {
			return err
		}
		rec.Files = append(rec.Files, recordFile{Path: f.Path, Size: size, SHA256: sum})
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return cache.WriteAtomic(path, append(b, '\n'))
}
