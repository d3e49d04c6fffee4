package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// SameFile says whether paths a and b name one file: the same path once
// cleaned, or (when both exist) the same device and inode, which sees
// through "..", symlinks (to the file or a directory above it), hard links
// and, where the file system folds case, case variants.
func SameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// Within says whether path is inside dir (at any depth), by name or by
// identity of one of its parent directories (symlinks, case variants).
func Within(path, dir string) bool {
	dir = filepath.Clean(dir)
	if strings.HasPrefix(filepath.Clean(path), dir+string(filepath.Separator)) {
		return true
	}
	di, err := os.Stat(dir)
	if err != nil {
		return false
	}
	for d := filepath.Dir(path); ; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil && os.SameFile(fi, di) {
			return true
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

// CheckWritable says whether a file can be written at path the way reel
// writes one (a temporary file beside it, then a rename): path is not a
// directory or another non-regular file, no directory above it is a file,
// and a file can be created in its directory or, when that does not exist
// yet, in the nearest directory above it (where the missing ones will be
// made). It really creates and removes a file there, so permission bits,
// read-only mounts, root and /proc all answer truthfully. The error says
// what is wrong and how to fix it.
func CheckWritable(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		ext := filepath.Ext(path)
		if ext == "" {
			ext = ".mp4"
		}
		return fmt.Errorf("%s is a directory; name a file inside it, e.g. %s", path, filepath.Join(path, "film"+ext))
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (%s); name a new file", path, fi.Mode().Type())
	case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	if err := CheckWritableDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("%w; choose another place for %s", err, filepath.Base(path))
	}
	return nil
}

// CheckWritableDir says whether files can be created in dir (or, when dir
// does not exist yet, in the nearest directory above it, where the missing
// ones will be made), by creating and removing one. The error says what is
// wrong; the caller adds how to choose another directory.
func CheckWritableDir(dir string) error {
	d, err := existingDir(dir)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(d, ".reel-write-check-*")
	if err != nil {
		return fmt.Errorf("cannot create files in %s (%v)", d, unwrapPath(err))
	}
	f.Close()
	_ = os.Remove(f.Name())
	return nil
}

// existingDir returns dir, or the nearest directory above it that exists;
// it is an error when that is a file.
func existingDir(dir string) (string, error) {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		switch {
		case err == nil && fi.IsDir():
			return d, nil
		case err == nil:
			return "", fmt.Errorf("%s is a file, not a directory", d)
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return "", fmt.Errorf("%s: %v", d, unwrapPath(err))
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s: no directory above it exists", dir)
		}
	}
}

// unwrapPath drops the path from an *fs.PathError (the message names it).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
