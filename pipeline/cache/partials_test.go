package cache

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestCleanPartials: the partial directory of a job no one runs (a killed
// render's) is removed; one whose entry is locked (a job running now) and
// complete entries stay.
func TestCleanPartials(t *testing.T) {
	root := t.TempDir()
	entry := func(key string) string { return filepath.Join(JobsDir(root), key[:2], key) }
	abandoned, abandoned2, running, done := entry("aa11"), entry("bb22"), entry("aa33"), entry("cc44")
	for _, d := range []string{abandoned, abandoned2, running} {
		if err := Begin(d); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(Partial(d), "s01-body.mp4"), make([]byte, 1000), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(done, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := Lock(context.Background(), running)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()

	removed, err := CleanPartials(root)
	if err != nil || len(removed) != 2 {
		t.Fatalf("CleanPartials = %v, %v; want the 2 abandoned partial directories", removed, err)
	}
	for _, d := range []string{abandoned, abandoned2} {
		if _, err := os.Stat(Partial(d)); !os.IsNotExist(err) {
			t.Errorf("%s stays (%v)", Partial(d), err)
		}
	}
	for _, d := range []string{Partial(running), done} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
	if removed, err := CleanPartials(t.TempDir()); err != nil || removed != nil {
		t.Errorf("an empty cache: %v, %v", removed, err)
	}
}
