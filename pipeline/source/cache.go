package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/reel-film/reel/internal/owned"
	"github.com/reel-film/reel/pipeline/cache"
)

// Cache keeps downloaded and generated clips by key, so that a clip is
// fetched or generated once. An entry is a media file and a manifest (its
// size and SHA-256) beside it; the manifest is written last, by rename, so
// an interrupted write is never an entry. Every Lookup hashes the whole
// file: a damaged entry is discarded, reported to Damaged, and is a miss.
type Cache struct {
	Dir     string                                       // e.g. <project dir>/.reel-cache/sources
	Check   func(ctx context.Context, path string) error // ffprobe: is it usable media? nil: no check
	Damaged func(msg string)                             // told of each damaged entry discarded; nil: not told
}

// entry is a manifest.
type entry struct {
	Key     string    `json:"key"`
	File    string    `json:"file"`
	Size    int64     `json:"size"`
	SHA256  string    `json:"sha256"`
	What    string    `json:"what"` // the URL, or "generator: prompt", for people browsing the cache
	Created time.Time `json:"created"`
}

// manifest is the path of key's manifest.
func (c *Cache) manifest(key string) string {
	return filepath.Join(c.Dir, key[:2], key+".json")
}

// Lookup returns the path of key's clip when the entry is complete and
// undamaged.
func (c *Cache) Lookup(key string) (string, bool) {
	b, err := os.ReadFile(c.manifest(key))
	if err != nil {
		return "", false
	}
	var e entry
	if json.Unmarshal(b, &e) != nil || e.Key != key || filepath.Base(e.File) != e.File {
		return "", false
	}
	p := filepath.Join(c.Dir, key[:2], e.File)
	sum, size, err := cache.HashFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.discard(key, p, e, "is missing")
	case err != nil:
		c.discard(key, p, e, "cannot be read: "+err.Error())
	case size != e.Size:
		c.discard(key, p, e, fmt.Sprintf("has %d bytes where %d were stored", size, e.Size))
	case sum != e.SHA256:
		c.discard(key, p, e, "has changed since it was stored (its SHA-256 differs)")
	default:
		return p, true
	}
	return "", false
}

// discard removes a damaged entry (the manifest first, so that it is never
// an entry again) and reports it.
func (c *Cache) discard(key, path string, e entry, why string) {
	_ = os.Remove(c.manifest(key))
	_ = os.Remove(path)
	if c.Damaged != nil {
		c.Damaged(fmt.Sprintf("the cached clip of %s (%s) %s: discarded, it is made again", e.What, e.File, why))
	}
}

// TempDir returns a fresh directory inside the cache for a clip being made,
// so that Put is a rename on the same file system. It records this process
// as its owner, and first removes the directories left there by processes
// that died while making a clip (a killed render).
func (c *Cache) TempDir() (string, error) {
	tmp := filepath.Join(c.Dir, "tmp")
	_, _ = owned.Clean(tmp, "make-") // a leftover only costs disk space
	dir, err := owned.MkdirTemp(tmp, "make-")
	if err != nil {
		return "", fmt.Errorf("source cache: %w", err)
	}
	return dir, nil
}

// Put checks the file at src (with Check) and stores it under key; it
// returns the stored path. A file that fails the check never enters the
// cache.
func (c *Cache) Put(ctx context.Context, key, src, what string) (string, error) {
	if c.Check != nil {
		if err := c.Check(ctx, src); err != nil {
			return "", fmt.Errorf("the result is not usable media: %w", err)
		}
	}
	sum, size, err := cache.HashFile(src)
	if err != nil {
		return "", err
	}
	e := entry{Key: key, File: key + extOf(src), Size: size, SHA256: sum, What: what, Created: time.Now().UTC()}
	dst := filepath.Join(c.Dir, key[:2], e.File)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", fmt.Errorf("source cache: %w", err)
	}
	_ = os.Remove(c.manifest(key)) // a replaced clip is not an entry until its manifest is back
	if err := os.Rename(src, dst); err != nil {
		return "", fmt.Errorf("source cache: %w", err)
	}
	b, _ := json.MarshalIndent(e, "", "  ")
	if err := cache.WriteAtomic(c.manifest(key), b); err != nil {
		return "", fmt.Errorf("source cache: %w", err)
	}
	return dst, nil
}
