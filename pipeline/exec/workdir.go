package exec

import (
	"fmt"

	"github.com/reel-film/reel/internal/owned"
)

// WorkDirPrefix begins the name of every render's work directory.
const WorkDirPrefix = "reel-"

// NewWorkDir creates a fresh work directory for one render in root,
// recording this process as its owner. It first removes the work
// directories in root left by reel processes that died without cleaning up
// (killed with SIGKILL, or a crash), and returns them; a live render's
// directory, another machine's, or one without an owner record is never
// touched.
func NewWorkDir(root string) (dir string, removed []string, err error) {
	removed, cerr := owned.Clean(root, WorkDirPrefix)
	dir, err = owned.MkdirTemp(root, WorkDirPrefix)
	if err != nil {
		return "", removed, fmt.Errorf("work directory: %w", err)
	}
	if cerr != nil {
		return dir, removed, fmt.Errorf("work directory: %w", cerr)
	}
	return dir, removed, nil
}

// KeepWorkDir keeps dir after the render (--keep-work): it no longer names
// an owner, so no later render removes it.
func KeepWorkDir(dir string) error { return owned.Release(dir) }
