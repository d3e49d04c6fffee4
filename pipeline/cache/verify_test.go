package cache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// commitEntry stores an entry with one output of n bytes and returns its dir.
func commitEntry(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ab", "abcd")
	if err := Begin(dir); err != nil {
		t.Fatal(err)
	}
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(filepath.Join(Partial(dir), "seg.mp4"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Commit(dir, "abcd", []string{"seg.mp4"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// overwrite changes len(b) bytes of path at off, keeping its size and time.
func overwrite(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyFindsDamageAnywhere damages one byte, or 20 KB, at the start,
// the middle and the end of a stored file (same size, same time): every
// change is found, with the file named; a sound entry verifies.
func TestVerifyFindsDamageAnywhere(t *testing.T) {
	const size = 600 << 10
	for _, c := range []struct {
		name string
		off  int64
		n    int
	}{
		{"first byte", 0, 1},
		{"middle 20KB", size/2 - 10<<10, 20 << 10},
		{"one byte past the first 64KB", 64<<10 + 1, 1},
		{"one byte before the last 64KB", size - 64<<10 - 2, 1},
		{"last byte", size - 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := commitEntry(t, size)
			if err := Verify(dir); err != nil {
				t.Fatalf("fresh entry: %v", err)
			}
			overwrite(t, filepath.Join(dir, "seg.mp4"), c.off, []byte(strings.Repeat("\xff", c.n)))
			var de *DamageError
			if err := Verify(dir); !errors.As(err, &de) || de.Output != "seg.mp4" {
				t.Fatalf("Verify = %v, want a DamageError naming seg.mp4", err)
			}
			if Valid(dir) {
				t.Error("Valid accepts a damaged entry")
			}
		})
	}
}

// TestVerifyMisses: no entry, a missing output, a truncated one and a
// manifest without content hashes (an older reel's) are never hits.
func TestVerifyMisses(t *testing.T) {
	if err := Verify(filepath.Join(t.TempDir(), "none")); !errors.Is(err, ErrAbsent) {
		t.Errorf("no entry: %v, want ErrAbsent", err)
	}
	dir := commitEntry(t, 1000)
	if err := os.Truncate(filepath.Join(dir, "seg.mp4"), 999); err != nil {
		t.Fatal(err)
	}
	var de *DamageError
	if err := Verify(dir); !errors.As(err, &de) {
		t.Errorf("truncated: %v, want a DamageError", err)
	}
	if Complete(dir) {
		t.Error("Complete accepts a truncated output")
	}
	os.Remove(filepath.Join(dir, "seg.mp4"))
	if err := Verify(dir); !errors.As(err, &de) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing output: %v", err)
	}
	dir = commitEntry(t, 1000)
	old := `{"key":"abcd","outputs":[{"name":"seg.mp4","size":1000,"sample":"00"}]}`
	if err := os.WriteFile(filepath.Join(dir, manifestName), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Verify(dir); !errors.Is(err, ErrAbsent) {
		t.Errorf("old manifest: %v, want ErrAbsent", err)
	}
}

// TestFileKeySeesRewriteInPlace rewrites an input keeping its size and
// modification time: its content key must change (a stale key would reuse
// renders of the old content).
func TestFileKeySeesRewriteInPlace(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(t.TempDir(), "in.mp4")
	if err := os.WriteFile(in, []byte(strings.Repeat("a", 5000)), 0o644); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(in, past, past); err != nil {
		t.Fatal(err)
	}
	k1, err := FileKey(root, in)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	overwrite(t, in, 2000, []byte("b"))
	k2, err := FileKey(root, in)
	if err != nil {
		t.Fatal(err)
	}
	if k1 == k2 {
		t.Error("FileKey kept the old key after a rewrite in place with the size and time put back")
	}
}

// TestMemoDamageIsRecomputed: a remembered value changed on disk (still
// valid JSON) is computed again, never believed.
func TestMemoDamageIsRecomputed(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(t.TempDir(), "in.mp4")
	if err := os.WriteFile(in, []byte("clip"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := 0
	ask := func() int {
		var n int
		if _, err := Remember(root, "probes", "ffprobe", in, &n, func() (any, error) { calls++; return 48, nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if ask() != 48 || ask() != 48 || calls != 1 {
		t.Fatalf("remembered value: calls %d", calls)
	}
	memos, _ := filepath.Glob(filepath.Join(root, "probes", "*.json"))
	if len(memos) != 1 {
		t.Fatalf("memos %v", memos)
	}
	b, _ := os.ReadFile(memos[0])
	if err := os.WriteFile(memos[0], []byte(strings.Replace(string(b), "48", "23", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := ask(); n != 48 || calls != 2 {
		t.Errorf("after damage: %d after %d calls, want 48 computed again", n, calls)
	}
	key, _ := FileKey(root, in)
	idx, _ := filepath.Glob(filepath.Join(root, "files", "*"))
	b, _ = os.ReadFile(idx[0])
	if err := os.WriteFile(idx[0], []byte(strings.Replace(string(b), key[:8], "00000000", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if again, _ := FileKey(root, in); again != key {
		t.Errorf("a damaged file-key memo gave %s, want %s", again, key)
	}
}
