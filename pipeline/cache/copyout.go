package cache

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// CopyOut delivers the output name of the entry at dir to dst, a new
// regular file of its own: a copy-on-write clone where the file system
// makes one (reflink: Btrfs, XFS, bcachefs), else a copy (the kernel's
// copy_file_range). Never a link: the user may edit the delivered file in
// place, and a hard link would change the entry with it. The copy is then
// read back whole and checked against the entry's manifest (size and
// SHA-256), so what is delivered is what was stored (ADR 0012); a copy
// that differs is removed and reported as a *DamageError (the entry's file
// has changed since it was stored).
func CopyOut(dir, name, dst string) error {
	m, err := readManifest(dir)
	if err != nil {
		return err
	}
	var rec *output
	for i := range m.Outputs {
		if m.Outputs[i].Name == name {
			rec = &m.Outputs[i]
		}
	}
	if rec == nil {
		return &DamageError{Dir: dir, Output: name, Why: "is not in the entry's manifest"}
	}
	if err := CopyFile(filepath.Join(dir, name), dst); err != nil {
		os.Remove(dst)
		if os.IsNotExist(err) {
			return &DamageError{Dir: dir, Output: name, Why: "is missing"}
		}
		return fmt.Errorf("cache: deliver %s: %w", name, err)
	}
	if err := rec.verifyAt(dir, dst); err != nil {
		os.Remove(dst)
		return err
	}
	return nil
}

// CopyFile copies src to dst (created or truncated, mode 0666 less the
// umask, as ffmpeg creates its outputs): a clone when the file system can
// (see clone), else through the kernel (io.Copy between files uses
// copy_file_range on Linux).
func CopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	if !clone(out, in) {
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
	}
	return out.Close()
}
