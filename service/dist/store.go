// Package dist spreads one film's jobs over the render service's workers
// (issue 15): the machine that renders the film (the coordinator) keeps
// the plan, the cache and the mux, and hands each scene, transition and
// audio command to the workers as a message on a JetStream work queue.
// Media travel by content: every file a job reads or writes is an object
// named by its SHA-256, in JetStream's object store (or a shared
// directory), so a source goes up once, a worker that holds an object does
// not fetch it again, and every object is checked against its name when it
// is read. A job's result is kept under its work key, a hash of all that
// decides its output: a job done by any worker is done for every later
// render on any machine.
package dist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/nats-io/nats.go/jetstream"
)

// Store keeps media by content: objects named ObjectName(SHA-256).
type Store interface {
	// Has says whether object name is stored.
	Has(ctx context.Context, name string) (bool, error)
	// Put stores the file at path as object name, unless force is false
	// and it is stored already.
	Put(ctx context.Context, name, path string, force bool) error
	// Get writes object name to dst (through a temporary file renamed
	// into place) and checks that its content hashes to its name: a
	// damaged object is a *DamagedError, and nothing is left at dst.
	Get(ctx context.Context, name, dst string) error
	// Delete removes object name (a damaged one).
	Delete(ctx context.Context, name string) error
	// Traffic is what went up and came down through this Store.
	Traffic() Traffic
}

// Traffic counts the bytes and objects a Store moved.
type Traffic struct {
	Up, Down         int64 // bytes
	UpObjs, DownObjs int   // objects
	Skipped          int   // objects not sent because the store had them
}

// DamagedError is an object whose content does not hash to its name.
type DamagedError struct {
	Object string
	Err    error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("object %s is damaged: %v", e.Object, e.Err)
}

// Unwrap returns the cause.
func (e *DamagedError) Unwrap() error { return e.Err }

// prefix starts every object's name.
const prefix = "sha256-"

// ObjectName is the name of the object whose content has SHA-256 sum
// (hex).
func ObjectName(sum string) string { return prefix + sum }

// ValidObject says whether name is an object's name: "sha256-" and 64
// lower-case hex digits. Nothing else is read, written or deleted, so a
// message cannot name a path.
func ValidObject(name string) bool {
	sum, ok := strings.CutPrefix(name, prefix)
	if !ok || len(sum) != 64 {
		return false
	}
	for _, c := range sum {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// errName is the error of a name that is not an object's.
func errName(name string) error {
	return fmt.Errorf("%q is not an object's name (sha256-<64 hex digits>)", name)
}

// sumOf is the SHA-256 (hex) an object's name promises.
func sumOf(name string) string { return strings.TrimPrefix(name, prefix) }

// NATSStore is a Store in JetStream's object store.
func NATSStore(os jetstream.ObjectStore) Store { return &natsStore{os: os} }

type natsStore struct {
	os jetstream.ObjectStore
	counter
}

func (s *natsStore) Has(ctx context.Context, name string) (bool, error) {
	if !ValidObject(name) {
		return false, errName(name)
	}
	info, err := s.os.GetInfo(ctx, name)
	switch {
	case errors.Is(err, jetstream.ErrObjectNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("object %s: %w", name, err)
	}
	return !info.Deleted, nil
}

func (s *natsStore) Put(ctx context.Context, name, path string, force bool) error {
	if !ValidObject(name) {
		return errName(name)
	}
	return putFile(ctx, s, &s.counter, name, path, force, func(f *os.File) (int64, error) {
		info, err := s.os.Put(ctx, jetstream.ObjectMeta{Name: name}, f)
		if err != nil {
			return 0, err
		}
		return int64(info.Size), nil
	})
}

// putFile stores the file at path as object name through write, unless
// force is false and st has it; c counts what was sent or skipped.
func putFile(ctx context.Context, st Store, c *counter, name, path string, force bool, write func(*os.File) (int64, error)) error {
	if !force {
		if ok, err := st.Has(ctx, name); err != nil || ok {
			if ok {
				c.skip()
			}
			return err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := write(f)
	if err != nil {
		return fmt.Errorf("storing %s as object %s: %w", path, name, err)
	}
	c.up(n)
	return nil
}

func (s *natsStore) Get(ctx context.Context, name, dst string) error {
	if !ValidObject(name) {
		return errName(name)
	}
	res, err := s.os.Get(ctx, name)
	if err != nil {
		return fmt.Errorf("object %s: %w", name, err)
	}
	defer res.Close()
	n, err := writeChecked(dst, name, res)
	if errors.Is(err, jetstream.ErrDigestMismatch) {
		err = &DamagedError{Object: name, Err: err}
	}
	if err == nil {
		s.down(n)
	}
	return err
}

func (s *natsStore) Delete(ctx context.Context, name string) error {
	if !ValidObject(name) {
		return errName(name)
	}
	err := s.os.Delete(ctx, name)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil
	}
	return err
}

// DirStore is a Store in a directory every machine mounts (--shared-dir).
func DirStore(dir string) Store { return &dirStore{dir: dir} }

type dirStore struct {
	dir string
	counter
}

func (s *dirStore) path(name string) string {
	sum := sumOf(name)
	if len(sum) < 2 {
		sum = "xx"
	}
	return filepath.Join(s.dir, sum[:2], name)
}

func (s *dirStore) Has(_ context.Context, name string) (bool, error) {
	if !ValidObject(name) {
		return false, errName(name)
	}
	fi, err := os.Stat(s.path(name))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil && fi.Mode().IsRegular(), err
}

func (s *dirStore) Put(ctx context.Context, name, path string, force bool) error {
	if !ValidObject(name) {
		return errName(name)
	}
	return putFile(ctx, s, &s.counter, name, path, force, func(f *os.File) (int64, error) {
		return writeChecked(s.path(name), name, f)
	})
}

func (s *dirStore) Get(_ context.Context, name, dst string) error {
	if !ValidObject(name) {
		return errName(name)
	}
	f, err := os.Open(s.path(name))
	if err != nil {
		return fmt.Errorf("object %s: %w", name, err)
	}
	defer f.Close()
	n, err := writeChecked(dst, name, f)
	if err == nil {
		s.down(n)
	}
	return err
}

func (s *dirStore) Delete(_ context.Context, name string) error {
	if !ValidObject(name) {
		return errName(name)
	}
	err := os.Remove(s.path(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// writeChecked copies r to dst through a temporary file beside it, and
// renames it into place only when the content hashes to the object name.
func writeChecked(dst, name string, r io.Reader) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".part-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sumOf(name) {
		return 0, &DamagedError{Object: name, Err: fmt.Errorf("its content hashes to %s", got)}
	}
	return n, os.Rename(tmp.Name(), dst)
}

// counter counts a Store's traffic.
type counter struct {
	mu sync.Mutex
	t  Traffic
}

func (c *counter) up(n int64) {
	c.mu.Lock()
	c.t.Up += n
	c.t.UpObjs++
	c.mu.Unlock()
}

func (c *counter) down(n int64) {
	c.mu.Lock()
	c.t.Down += n
	c.t.DownObjs++
	c.mu.Unlock()
}

func (c *counter) skip() {
	c.mu.Lock()
	c.t.Skipped++
	c.mu.Unlock()
}

// Traffic is what the Store moved so far.
func (c *counter) Traffic() Traffic {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// hasher hashes files once: a file is known by its device, inode, size and
// modification time, so a file renamed (into the cache) keeps its sum.
type hasher struct {
	mu   sync.Mutex
	sums map[fileID]string
}

type fileID struct {
	dev, ino uint64
	size     int64
	mtime    int64
}

func idOf(fi os.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino, size: fi.Size(), mtime: fi.ModTime().UnixNano()}, true
}

// sum is the SHA-256 (hex) of the file at path.
func (h *hasher) sum(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	id, ok := idOf(fi)
	if ok {
		h.mu.Lock()
		s, found := h.sums[id]
		h.mu.Unlock()
		if found {
			return s, nil
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	d := sha256.New()
	if _, err := io.Copy(d, f); err != nil {
		return "", fmt.Errorf("hashing %s: %w", path, err)
	}
	s := hex.EncodeToString(d.Sum(nil))
	if ok {
		h.remember(id, s)
	}
	return s, nil
}

// know records that the file at path has sum (it was just checked).
func (h *hasher) know(path, sum string) {
	if fi, err := os.Stat(path); err == nil {
		if id, ok := idOf(fi); ok {
			h.remember(id, sum)
		}
	}
}

func (h *hasher) remember(id fileID, s string) {
	h.mu.Lock()
	if h.sums == nil {
		h.sums = map[fileID]string{}
	}
	h.sums[id] = s
	h.mu.Unlock()
}
