package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// manifestName is the file that marks an entry complete and describes its
// outputs; it is written last, inside the partial directory, before the
// rename.
const manifestName = ".reel-entry.json"

// sampleBytes is how much of each end of an output the check hashes: enough
// to catch truncation and most damage without reading large segments whole.
const sampleBytes = 64 << 10

// manifest records an entry's outputs.
type manifest struct {
	Key     string   `json:"key"`
	Outputs []output `json:"outputs"`
}

type output struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	Sample string `json:"sample"` // SHA-256 of the size and the first and last 64 KiB
}

// Valid reports whether the entry at dir is complete and undamaged. A hit
// also refreshes its time, which prune uses to evict the least recently used.
func Valid(dir string) bool {
	if !Complete(dir) {
		return false
	}
	now := time.Now()
	_ = os.Chtimes(filepath.Join(dir, manifestName), now, now)
	return true
}

// Complete is Valid without refreshing the entry's time (for looking, as
// `reel plan` does, rather than using).
func Complete(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return false
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || len(m.Outputs) == 0 {
		return false
	}
	for _, o := range m.Outputs {
		if s, size, err := sample(filepath.Join(dir, o.Name)); err != nil || size != o.Size || s != o.Sample {
			return false
		}
	}
	return true
}

// Partial returns the directory a job writes its outputs to before Commit.
func Partial(dir string) string { return dir + ".partial" }

// Begin clears any leftover partial directory of the entry (a job killed
// mid-write) and creates a fresh one.
func Begin(dir string) error {
	p := Partial(dir)
	if err := os.RemoveAll(p); err != nil {
		return fmt.Errorf("cache: clear %s: %w", p, err)
	}
	return os.MkdirAll(p, 0o755)
}

// Commit checks that the partial directory holds the named outputs, writes
// the manifest and renames it into place, replacing a damaged entry.
func Commit(dir, key string, names []string) error {
	p := Partial(dir)
	m := manifest{Key: key}
	for _, n := range names {
		s, size, err := sample(filepath.Join(p, n))
		if err != nil {
			return fmt.Errorf("cache: output %s missing after the job: %w", n, err)
		}
		m.Outputs = append(m.Outputs, output{Name: n, Size: size, Sample: s})
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(p, manifestName), b, 0o644); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("cache: replace %s: %w", dir, err)
	}
	if err := os.Rename(p, dir); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// Abort removes the partial directory of a failed or cancelled job.
func Abort(dir string) { os.RemoveAll(Partial(dir)) }

// Lock takes the entry's lock, waiting while another render holds it (so two
// renders sharing a cache never write one entry at once). It gives up when
// ctx is done.
func Lock(ctx context.Context, dir string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	f, err := os.OpenFile(dir+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("cache: lock %s: %w", dir, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// sample hashes a file's size and the first and last sampleBytes bytes.
func sample(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", fi.Size())
	if _, err := io.CopyN(h, f, sampleBytes); err != nil && !errors.Is(err, io.EOF) {
		return "", 0, err
	}
	if fi.Size() > 2*sampleBytes {
		if _, err := f.Seek(-sampleBytes, io.SeekEnd); err != nil {
			return "", 0, err
		}
		if _, err := io.Copy(h, f); err != nil {
			return "", 0, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), fi.Size(), nil
}
