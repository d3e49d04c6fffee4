package cache

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Entry is one stored job result.
type Entry struct {
	Dir  string    `json:"dir"`
	Size int64     `json:"size"`
	Used time.Time `json:"used"` // last written or hit
}

// Stats summarises a cache directory.
type Stats struct {
	Dir     string    `json:"dir"`
	Entries int       `json:"entries"`
	Bytes   int64     `json:"bytes"`
	Oldest  time.Time `json:"oldest"`
	Newest  time.Time `json:"newest"`
}

// JobsDir is where job entries live below a cache root.
func JobsDir(root string) string { return filepath.Join(root, "jobs") }

// List returns the complete entries under root, least recently used first.
func List(root string) ([]Entry, error) {
	var out []Entry
	shards, err := os.ReadDir(JobsDir(root))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	for _, s := range shards {
		if !s.IsDir() {
			continue
		}
		dirs, _ := os.ReadDir(filepath.Join(JobsDir(root), s.Name()))
		for _, d := range dirs {
			if !d.IsDir() || strings.HasSuffix(d.Name(), ".partial") {
				continue
			}
			dir := filepath.Join(JobsDir(root), s.Name(), d.Name())
			fi, err := os.Stat(filepath.Join(dir, manifestName))
			if err != nil {
				continue
			}
			out = append(out, Entry{Dir: dir, Size: dirSize(dir), Used: fi.ModTime()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Used.Before(out[j].Used) })
	return out, nil
}

// Summary computes the statistics of root.
func Summary(root string) (Stats, error) {
	es, err := List(root)
	st := Stats{Dir: root, Entries: len(es)}
	for i, e := range es {
		st.Bytes += e.Size
		if i == 0 {
			st.Oldest = e.Used
		}
		st.Newest = e.Used
	}
	return st, err
}

// Prune removes the partial directories of killed renders (CleanPartials),
// then least recently used entries until the cache holds at most maxBytes,
// and returns the entries it removed.
func Prune(root string, maxBytes int64) (removed []Entry, err error) {
	_, _ = CleanPartials(root) // what is left is removed next time
	es, err := List(root)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, e := range es {
		total += e.Size
	}
	for _, e := range es {
		if total <= maxBytes {
			break
		}
		if err := os.RemoveAll(e.Dir); err != nil {
			return removed, fmt.Errorf("cache: prune %s: %w", e.Dir, err)
		}
		os.Remove(e.Dir + ".lock")
		total -= e.Size
		removed = append(removed, e)
	}
	return removed, nil
}

// dirSize adds up the sizes of the files in dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
