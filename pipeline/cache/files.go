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
// result is remembered under root by path, size and modification time, so an
// unchanged file is hashed once.
func FileKey(root, path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", path, err)
	}
	stamp := strconv.FormatInt(fi.Size(), 10) + " " + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
	idx := filepath.Join(root, "files", hashString(path))
	if b, err := os.ReadFile(idx); err == nil {
		if s, key, ok := strings.Cut(strings.TrimSpace(string(b)), "\n"); ok && s == stamp {
			return key, nil
		}
	}
	key, _, err := HashFile(path)
	if err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", path, err)
	}
	// The index is only a shortcut: failing to write it costs a re-hash later.
	_ = WriteAtomic(idx, []byte(stamp+"\n"+key+"\n"))
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
// file's path, size and modification time and the salt (e.g. the tool that
// computed it), computing and storing it with compute on a miss. The value is
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
	stamp := fmt.Sprintf("%s\x00%s\x00%d\x00%d", salt, path, fi.Size(), fi.ModTime().UnixNano())
	idx := filepath.Join(root, kind, hashString(stamp)+".json")
	if b, err := os.ReadFile(idx); err == nil && json.Unmarshal(b, out) == nil {
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
	_ = WriteAtomic(idx, b)
	return json.Unmarshal(b, out) == nil, nil
}
