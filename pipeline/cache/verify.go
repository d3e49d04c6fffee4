package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// manifestName is the file that marks an entry complete and describes its
// outputs; it is written last, inside the partial directory, before the
// rename.
const manifestName = ".reel-entry.json"

// manifest records an entry's outputs: each one's size and the SHA-256 of
// its whole content, taken when the entry is committed.
type manifest struct {
	Key     string   `json:"key"`
	Outputs []output `json:"outputs"`
}

type output struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // of the whole file
}

// ErrAbsent is Verify's answer for an entry that is not there, not finished,
// or written by an older reel without content hashes: a plain miss.
var ErrAbsent = errors.New("no complete cache entry")

// DamageError is Verify's answer for an entry whose files no longer match
// what was recorded when it was committed.
type DamageError struct {
	Dir    string
	Output string // the damaged file's name
	Why    string // e.g. "has changed since it was stored"
}

// Error says which file of which entry is damaged and how.
func (e *DamageError) Error() string {
	return fmt.Sprintf("cache entry %s: %s %s", filepath.Base(e.Dir), e.Output, e.Why)
}

// Valid reports whether the entry at dir is complete and undamaged (see
// Verify). A hit also refreshes its time, which prune uses to evict the
// least recently used.
func Valid(dir string) bool {
	if Verify(dir) != nil {
		return false
	}
	Touch(dir)
	return true
}

// Touch marks the entry at dir as used now (for prune).
func Touch(dir string) {
	now := time.Now()
	_ = os.Chtimes(filepath.Join(dir, manifestName), now, now)
}

// Verify checks the whole entry at dir: its manifest, then the size and the
// SHA-256 of every output's whole content against those recorded at commit.
// It returns nil for a sound entry, an error wrapping ErrAbsent for a miss,
// and a *DamageError for an entry whose files changed since.
func Verify(dir string) error {
	m, err := readManifest(dir)
	if err != nil {
		return err
	}
	for _, o := range m.Outputs {
		if err := o.verify(dir); err != nil {
			return err
		}
	}
	return nil
}

// VerifyFile is Verify for one output of the entry, named name: the check a
// reader makes right before it reads the file.
func VerifyFile(dir, name string) error {
	m, err := readManifest(dir)
	if err != nil {
		return err
	}
	for _, o := range m.Outputs {
		if o.Name == name {
			return o.verify(dir)
		}
	}
	return &DamageError{Dir: dir, Output: name, Why: "is not in the entry's manifest"}
}

// verify compares the file with its record: size, then the whole content.
func (o output) verify(dir string) error {
	return o.verifyAt(dir, filepath.Join(dir, o.Name))
}

// verifyAt compares the file at path (the entry's own, or a copy of it)
// with the record of output o of the entry at dir.
func (o output) verifyAt(dir, path string) error {
	sum, size, err := HashFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &DamageError{Dir: dir, Output: o.Name, Why: "is missing"}
	case err != nil:
		return &DamageError{Dir: dir, Output: o.Name, Why: "cannot be read: " + unwrapPath(err).Error()}
	case size != o.Size:
		return &DamageError{Dir: dir, Output: o.Name, Why: fmt.Sprintf("has %d bytes where %d were stored", size, o.Size)}
	case sum != o.SHA256:
		return &DamageError{Dir: dir, Output: o.Name, Why: "has changed since it was stored (its SHA-256 differs)"}
	}
	return nil
}

// Check says whether the entry at dir is complete without reading content:
// a manifest with content hashes, and every output present at its recorded
// size. It returns nil, an error wrapping ErrAbsent, or a *DamageError (an
// output missing or of another size). The content of each file is verified
// when it is read (VerifyFile).
func Check(dir string) error {
	m, err := readManifest(dir)
	if err != nil {
		return err
	}
	for _, o := range m.Outputs {
		fi, err := os.Stat(filepath.Join(dir, o.Name))
		switch {
		case err != nil:
			return &DamageError{Dir: dir, Output: o.Name, Why: "is missing"}
		case fi.Size() != o.Size:
			return &DamageError{Dir: dir, Output: o.Name, Why: fmt.Sprintf("has %d bytes where %d were stored", fi.Size(), o.Size)}
		}
	}
	return nil
}

// Complete says whether Check finds the entry at dir complete (for looking,
// as `reel plan` and the scheduler do).
func Complete(dir string) bool { return Check(dir) == nil }

// readManifest reads the entry's manifest; an entry without one, or with one
// lacking content hashes (an older reel's), is absent.
func readManifest(dir string) (*manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrAbsent, unwrapPath(err))
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || len(m.Outputs) == 0 {
		return nil, fmt.Errorf("%w: unreadable manifest", ErrAbsent)
	}
	for _, o := range m.Outputs {
		if len(o.SHA256) != 64 || filepath.Base(o.Name) != o.Name {
			return nil, fmt.Errorf("%w: the manifest has no content hash of %s", ErrAbsent, o.Name)
		}
	}
	return &m, nil
}

// Discard removes a damaged entry, so that its job runs again.
func Discard(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("cache: discard %s: %w", dir, err)
	}
	return nil
}

// unwrapPath drops the path from an *fs.PathError (the message names it).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
