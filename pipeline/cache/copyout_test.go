package cache

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestCopyOut: a sound entry's file is delivered as a file of its own
// (another inode, one link, the same bytes; editing it leaves the entry
// valid); a file damaged in the entry (same size), missing, or not in the
// manifest is a *DamageError and leaves nothing at the destination.
func TestCopyOut(t *testing.T) {
	cases := []struct {
		name   string
		damage func(path string)
		file   string
		why    string
	}{
		{name: "sound", file: "poster.jpg"},
		{name: "changed", file: "poster.jpg", why: "has changed since it was stored (its SHA-256 differs)",
			damage: func(p string) { b, _ := os.ReadFile(p); b[len(b)/2] ^= 1; os.WriteFile(p, b, 0o644) }},
		{name: "shorter", file: "poster.jpg", why: "has 4095 bytes where 4096 were stored",
			damage: func(p string) { os.Truncate(p, 4095) }},
		{name: "missing", file: "poster.jpg", why: "is missing", damage: func(p string) { os.Remove(p) }},
		{name: "not stored", file: "other.jpg", why: "is not in the entry's manifest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "jobs", "ab", "abcd")
			data := bytes.Repeat([]byte("reel"), 1024)
			if err := Begin(dir); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(Partial(dir), "poster.jpg"), data, 0o644)
			if err := Commit(dir, "abcd", []string{"poster.jpg"}); err != nil {
				t.Fatal(err)
			}
			if tc.damage != nil {
				tc.damage(filepath.Join(dir, "poster.jpg"))
			}
			dst := filepath.Join(root, ".poster.jpg.partial")
			err := CopyOut(dir, tc.file, dst)
			if tc.why != "" {
				var de *DamageError
				if !errors.As(err, &de) || de.Why != tc.why {
					t.Errorf("CopyOut: %v, want a damage error: %s", err, tc.why)
				}
				if _, err := os.Stat(dst); !os.IsNotExist(err) {
					t.Errorf("a damaged entry left %s", dst)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(dst)
			a, _ := os.Stat(dst)
			b, _ := os.Stat(filepath.Join(dir, "poster.jpg"))
			if !bytes.Equal(got, data) || os.SameFile(a, b) || !a.Mode().IsRegular() {
				t.Errorf("the copy: same bytes %v, same file as the entry's %v, mode %v", bytes.Equal(got, data), os.SameFile(a, b), a.Mode())
			}
			os.WriteFile(dst, []byte("edited"), 0o644)
			if err := Verify(dir); err != nil {
				t.Errorf("editing the copy damaged the entry: %v", err)
			}
		})
	}
}
