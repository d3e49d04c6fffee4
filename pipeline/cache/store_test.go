package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// writePartial writes files (name -> content) into the entry's partial
// directory after Begin.
func writePartial(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := Begin(dir); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(Partial(dir), name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBeginCommitAbort: Begin starts from an empty partial directory
// (whatever a killed job left there is gone); Commit records every output's
// size and SHA-256 under the key and renames the directory into place,
// replacing an older (damaged) entry whole; Commit without an output
// writes no entry; Abort removes the partial directory and nothing else.
func TestBeginCommitAbort(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(JobsDir(root), "ab", "abcdef")

	writePartial(t, dir, map[string]string{"stale.mp4": "left by a killed job"})
	writePartial(t, dir, map[string]string{"body.mp4": "body", "tail.nut": "tail frames"})
	if _, err := os.Stat(filepath.Join(Partial(dir), "stale.mp4")); !os.IsNotExist(err) {
		t.Errorf("Begin kept a killed job's file: %v", err)
	}
	if err := Commit(dir, "abcdef", []string{"body.mp4", "tail.nut"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(Partial(dir)); !os.IsNotExist(err) {
		t.Errorf("the partial directory stays after Commit: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("tail frames"))
	if m.Key != "abcdef" || len(m.Outputs) != 2 || m.Outputs[1] != (output{Name: "tail.nut", Size: 11, SHA256: hex.EncodeToString(sum[:])}) {
		t.Errorf("manifest %+v", m)
	}
	if err := Verify(dir); err != nil || !Complete(dir) {
		t.Fatalf("a committed entry: Verify %v, Complete %v", err, Complete(dir))
	}

	// A new commit replaces the entry whole: no file of the old one stays.
	writePartial(t, dir, map[string]string{"body.mp4": "new body"})
	if err := Commit(dir, "abcdef", []string{"body.mp4"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tail.nut")); !os.IsNotExist(err) {
		t.Errorf("the replaced entry's tail.nut stays: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "body.mp4")); string(b) != "new body" || Verify(dir) != nil {
		t.Errorf("replaced entry: body %q, Verify %v", b, Verify(dir))
	}

	// An output missing after the job: an error naming it, the entry as it was.
	writePartial(t, dir, map[string]string{"body.mp4": "third"})
	err = Commit(dir, "abcdef", []string{"body.mp4", "head.nut"})
	if err == nil || !strings.Contains(err.Error(), "head.nut") {
		t.Errorf("Commit without head.nut: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "body.mp4")); string(b) != "new body" {
		t.Errorf("a failed commit changed the entry: %q", b)
	}
	Abort(dir)
	if _, err := os.Stat(Partial(dir)); !os.IsNotExist(err) {
		t.Errorf("Abort left the partial directory: %v", err)
	}
	if Verify(dir) != nil {
		t.Errorf("Abort damaged the committed entry: %v", Verify(dir))
	}
	Abort(filepath.Join(root, "never-begun")) // nothing to remove: no panic, no error
}

// TestCheckVersusVerify: Check looks at sizes only (cheap, for planning),
// Verify and VerifyFile read the content: a same-size change passes Check
// and fails both others, naming the file; a file the manifest does not
// list is damage for VerifyFile.
func TestCheckVersusVerify(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cd", "cdef")
	writePartial(t, dir, map[string]string{"a.mp4": "aaaa", "b.nut": "bbbb"})
	if err := Commit(dir, "cdef", []string{"a.mp4", "b.nut"}); err != nil {
		t.Fatal(err)
	}
	overwrite(t, filepath.Join(dir, "b.nut"), 1, []byte("X"))
	if err := Check(dir); err != nil {
		t.Errorf("Check reads content: %v", err)
	}
	var de *DamageError
	if err := Verify(dir); !errors.As(err, &de) || de.Output != "b.nut" || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("Verify = %v", err)
	}
	if err := VerifyFile(dir, "a.mp4"); err != nil {
		t.Errorf("VerifyFile of the sound file: %v", err)
	}
	if err := VerifyFile(dir, "b.nut"); !errors.As(err, &de) {
		t.Errorf("VerifyFile of the changed file: %v", err)
	}
	if err := VerifyFile(dir, "c.mp4"); !errors.As(err, &de) || !strings.Contains(err.Error(), "not in the entry's manifest") {
		t.Errorf("VerifyFile of an unlisted file: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.mp4"), []byte("aaaaa"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Check(dir); !errors.As(err, &de) || de.Output != "a.mp4" || !strings.Contains(err.Error(), "has 5 bytes where 4 were stored") {
		t.Errorf("Check of a grown file: %v", err)
	}
	if err := Discard(dir); err != nil {
		t.Fatal(err)
	}
	if err := Check(dir); !errors.Is(err, ErrAbsent) {
		t.Errorf("a discarded entry: %v, want ErrAbsent", err)
	}
}

// TestLockIsExclusive: many goroutines (each with its own open file, as
// separate renders have) taking one entry's lock are never inside it two at
// a time; a waiter gets it when the holder lets go, and gives up with the
// context's error while it is held.
func TestLockIsExclusive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "jobs", "ef", "ef01")
	var inside, most, done atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := Lock(context.Background(), dir)
			if err != nil {
				t.Error(err)
				return
			}
			n := inside.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(5 * time.Millisecond)
			inside.Add(-1)
			done.Add(1)
			unlock()
		}()
	}
	wg.Wait()
	if most.Load() != 1 || done.Load() != 8 {
		t.Errorf("%d holders at once (want 1), %d of 8 done", most.Load(), done.Load())
	}

	unlock, err := Lock(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Millisecond)
	defer cancel()
	if _, err := Lock(ctx, dir); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Lock while held = %v, want the context's deadline", err)
	}
	got := make(chan error, 1)
	go func() {
		u, err := Lock(context.Background(), dir)
		if err == nil {
			u()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("a second Lock returned (%v) while the first is held", err)
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter never got the lock after it was released")
	}
}

// TestTouchAndPrune: Touch marks an entry used now; List orders entries
// least recently used first and skips partial directories and entries
// without a manifest; Prune removes the least recently used until the
// cache fits, with their lock files, and abandoned partial directories.
func TestTouchAndPrune(t *testing.T) {
	root := t.TempDir()
	entry := func(key string, size int, age time.Duration) string {
		dir := filepath.Join(JobsDir(root), key[:2], key)
		writePartial(t, dir, map[string]string{"out.mp4": strings.Repeat("x", size)})
		if err := Commit(dir, key, []string{"out.mp4"}); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		if err := os.Chtimes(filepath.Join(dir, manifestName), when, when); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	old, mid, recent := entry("aa01", 1000, 3*time.Hour), entry("bb02", 1000, 2*time.Hour), entry("cc03", 1000, time.Hour)
	writePartial(t, filepath.Join(JobsDir(root), "dd", "dd04"), map[string]string{"half.mp4": "half"})
	if err := os.MkdirAll(filepath.Join(JobsDir(root), "ee", "ee05"), 0o755); err != nil { // no manifest: not an entry
		t.Fatal(err)
	}
	Touch(old) // now the most recent
	es, err := List(root)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range es {
		order = append(order, filepath.Base(e.Dir))
	}
	if strings.Join(order, " ") != "bb02 cc03 aa01" {
		t.Fatalf("List order %v, want bb02 cc03 aa01 (least recently used first)", order)
	}
	st, _ := Summary(root)
	if st.Entries != 3 || st.Bytes < 3000 {
		t.Errorf("Summary %+v", st)
	}
	unlockMid, err := Lock(context.Background(), mid) // its .lock file exists now
	if err != nil {
		t.Fatal(err)
	}
	unlockMid()
	removed, err := Prune(root, es[0].Size*2) // room for two: the least recently used goes
	if err != nil || len(removed) != 1 || removed[0].Dir != mid {
		t.Fatalf("Prune = %v, %v; want %s removed", removed, err, mid)
	}
	for _, gone := range []string{mid, mid + ".lock", Partial(filepath.Join(JobsDir(root), "dd", "dd04"))} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s stays after Prune (%v)", gone, err)
		}
	}
	for _, kept := range []string{old, recent} {
		if !Complete(kept) {
			t.Errorf("Prune removed %s", kept)
		}
	}
}

// TestFileKeyStable: a file's key is the SHA-256 of its bytes, whatever
// its path or name, the same on every call and after its memo is lost; a
// remembered key is used without reading the file again while the file's
// stamp holds, and recomputed once the file changes.
func TestFileKeyStable(t *testing.T) {
	root, dir := t.TempDir(), t.TempDir()
	content := strings.Repeat("frame ", 4000)
	sum := sha256.Sum256([]byte(content))
	want := hex.EncodeToString(sum[:])
	a, b := filepath.Join(dir, "a.mp4"), filepath.Join(dir, "copy of a.MOV")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range []string{a, a, b} {
		if k, err := FileKey(root, p); err != nil || k != want {
			t.Errorf("call %d, %s: %s, %v; want %s", i, filepath.Base(p), k, err, want)
		}
	}
	if err := os.RemoveAll(filepath.Join(root, "files")); err != nil {
		t.Fatal(err)
	}
	if k, _ := FileKey(root, a); k != want {
		t.Errorf("after the memo is lost: %s", k)
	}
	// The memo is believed while the stamp holds: plant one with another key.
	fi, _ := os.Stat(a)
	planted := strings.Repeat("0", 64)
	if err := writeSealed(filepath.Join(root, "files", hashString(a)), []byte(fileStamp(fi)+"\n"+planted)); err != nil {
		t.Fatal(err)
	}
	if k, _ := FileKey(root, a); k != planted {
		t.Errorf("FileKey read the file again (%s) although its memo holds", k)
	}
	if err := os.WriteFile(a, []byte(content+"!"), 0o644); err != nil {
		t.Fatal(err)
	}
	if k, _ := FileKey(root, a); k == planted || k == want {
		t.Errorf("a changed file keeps the key %s", k)
	}
	if _, err := FileKey(root, filepath.Join(dir, "missing.mp4")); err == nil || !strings.Contains(err.Error(), "missing.mp4") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestRememberBySaltAndStamp: a remembered value is kept per tool (salt)
// and per state of the file: another salt or a changed file computes anew;
// WriteAtomic replaces a file whole and leaves no temporary file beside it.
func TestRememberBySaltAndStamp(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(t.TempDir(), "clip.mp4")
	if err := os.WriteFile(in, []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := 0
	ask := func(salt string, v int) int {
		var n int
		if _, err := Remember(root, "probes", salt, in, &n, func() (any, error) { calls++; return v, nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if ask("ffprobe 5.1", 1) != 1 || ask("ffprobe 5.1", 2) != 1 || calls != 1 {
		t.Fatalf("the same salt and file computed %d times", calls)
	}
	if ask("ffprobe 6.0", 3) != 3 || calls != 2 {
		t.Errorf("another salt reused the value (%d calls)", calls)
	}
	if err := WriteAtomic(in, []byte("version 2")); err != nil {
		t.Fatal(err)
	}
	if ask("ffprobe 5.1", 4) != 4 || calls != 3 {
		t.Errorf("a changed file reused the value (%d calls)", calls)
	}
	if b, _ := os.ReadFile(in); string(b) != "version 2" {
		t.Errorf("WriteAtomic wrote %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(in), ".tmp-*")); len(left) != 0 {
		t.Errorf("WriteAtomic left %v", left)
	}
}
