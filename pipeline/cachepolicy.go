package pipeline

import (
	"path/filepath"
)

// Cache is the cache policy of an engine, decided once: whether finished
// jobs, probes and FFmpeg's answers are kept, and where.
type Cache struct {
	// Off renders every job afresh and stores nothing (--no-cache). The
	// source cache (downloaded and generated clips) is still used: a clip
	// costs a download or a generator call.
	Off bool
	// Dir is the cache root; "" puts a .reel-cache directory beside each
	// project file.
	Dir string
	// Sources is the source cache; "" is <root>/sources.
	Sources string
}

// CacheDirs is a Cache placed for one project: the directories a render of
// it reads and writes.
type CacheDirs struct {
	On      bool   // jobs, probes and measurements are kept
	Root    string // absolute: the job cache and the memos
	Sources string // absolute: downloaded and generated clips
}

// For places the cache for a project in dir (the project file's directory;
// it need not be loaded yet).
func (c Cache) For(dir string) CacheDirs {
	d := CacheDirs{On: !c.Off, Root: CacheRoot(dir, c.Dir), Sources: c.Sources}
	if d.Sources == "" {
		d.Sources = filepath.Join(d.Root, "sources")
	} else if abs, err := filepath.Abs(d.Sources); err == nil {
		d.Sources = abs
	}
	return d
}

// Memo is the root under which measurements are remembered: Root when the
// cache is on, "" (measure every time) when it is off.
func (d CacheDirs) Memo() string {
	if !d.On {
		return ""
	}
	return d.Root
}

// Dirs lists the directories whose files reel reads and replaces: no
// output may be written inside them.
func (d CacheDirs) Dirs() []string { return []string{d.Root, d.Sources} }

// CacheRoot is the cache root for a project in dir: the configured one, or
// .reel-cache beside the project file, made absolute.
func CacheRoot(dir, configured string) string {
	root := configured
	if root == "" {
		root = filepath.Join(dir, ".reel-cache")
	}
	if abs, err := filepath.Abs(root); err == nil {
		return abs
	}
	return root
}
