// Package cache stores the outputs of render jobs by content key, so that a
// job whose key is already stored never runs again: the incremental
// re-render, the resume after an interruption and the reuse between batch
// variants. Entries are written to a partial directory and renamed into place
// when complete, under a lock per key; a damaged entry is detected and redone.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// FileKey returns the content key of a file: the SHA-256 of its bytes. The
// result is remembered under root by path and the file's stamp (see
// fileStamp), so an unchanged file is hashed once.
func FileKey(root, path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", path, err)
	}
	stamp := fileStamp(fi)
	idx := filepath.Join(root, "files", hashString(path))
	if b, ok := readSealed(idx); ok {
		if s, key, ok := strings.Cut(string(b), "\n"); ok && s == stamp && len(key) == 64 {
			return key, nil
		}
	}
	key, _, err := HashFile(path)
	if err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", path, err)
	}
	// The index is only a shortcut: failing to write it costs a re-hash later.
	_ = writeSealed(idx, []byte(stamp+"\n"+key))
	return key, nil
}

// HashFile returns the hex SHA-256 of a file's content and its size.
func HashFile(path string) (sum string, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// hashString returns the hex SHA-256 of s.
func hashString(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// WriteAtomic writes data to path through a temporary file beside it and a
// rename, creating the directory: a reader sees the old file or the new one,
// never a part.
func WriteAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Remember returns a value computed from a file, stored under root/kind by the
// file's path and stamp (see fileStamp) and the salt (e.g. the tool that
// computed it), computing and storing it with compute on a miss or when the
// stored value is damaged (see writeSealed). The value is
// decoded into out; ok is false only if a fresh value could not be decoded.
func Remember(root, kind, salt, path string, out any, compute func() (any, error)) (ok bool, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		// Let compute report a missing or unreadable file in its own words.
		v, err := compute()
		if err != nil {
			return false, err
		}
		b, _ := json.Marshal(v)
		return json.Unmarshal(b, out) == nil, nil
	}
	stamp := salt + "\x00" + path + "\x00" + fileStamp(fi)
	idx := filepath.Join(root, kind, hashString(stamp)+".json")
	if b, ok := readSealed(idx); ok && json.Unmarshal(b, out) == nil {
		return true, nil
	}
	v, err := compute()
	if err != nil {
		return false, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return false, err
	}
	_ = writeSealed(idx, b)
	return json.Unmarshal(b, out) == nil, nil
}

// fileStamp identifies one state of a file without reading it: its size and
// modification time, and where the system reports them its device, inode and
// status-change time (see statusStamp).
func fileStamp(fi os.FileInfo) string {
	return strconv.FormatInt(fi.Size(), 10) + " " + strconv.FormatInt(fi.ModTime().UnixNano(), 10) + statusStamp(fi)
}

// writeSealed stores a memo atomically: the SHA-256 of data on the first
// line, then data, so that a damaged memo is recomputed, never believed.
func writeSealed(path string, data []byte) error {
	sum := sha256.Sum256(data)
	return WriteAtomic(path, append([]byte(hex.EncodeToString(sum[:])+"\n"), data...))
}

// readSealed reads a memo written by writeSealed; ok is false when it is
// missing, in an older form or damaged.
func readSealed(path string) (data []byte, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 65 || b[64] != '\n' {
		return nil, false
	}
	sum := sha256.Sum256(b[65:])
	if hex.EncodeToString(sum[:]) != string(b[:64]) {
		return nil, false
	}
	return b[65:], true
}
