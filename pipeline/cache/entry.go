package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

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

// Commit checks that the partial directory holds the named outputs, records
// each one's size and the SHA-256 of its whole content in the manifest, and
// renames the directory into place, replacing a damaged entry.
func Commit(dir, key string, names []string) error {
	p := Partial(dir)
	m := manifest{Key: key}
	for _, n := range names {
		sum, size, err := HashFile(filepath.Join(p, n))
		if err != nil {
			return fmt.Errorf("cache: output %s missing after the job: %w", n, err)
		}
		m.Outputs = append(m.Outputs, output{Name: n, Size: size, SHA256: sum})
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
