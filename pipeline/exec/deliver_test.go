package exec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan"
)

// TestDeliverUndoesOnFailure delivers three files whose last rename fails
// (its path is a directory), with an earlier file at the first path and
// none at the second: the earlier file is back, the second path is empty
// again, and no kept copy is left beside them.
func TestDeliverUndoesOnFailure(t *testing.T) {
	dir := t.TempDir()
	final := func(name string) plan.Final {
		path := filepath.Join(dir, name)
		f := plan.Final{Path: path, Temp: plan.TempOutput(path, "4242"), Job: "mux-" + name}
		write(t, f.Temp, "new "+name)
		return f
	}
	finals := []plan.Final{final("a.mp4"), final("b.webm"), final("c.gif")}
	write(t, finals[0].Path, "old a")
	if err := os.MkdirAll(filepath.Join(finals[2].Path, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := deliver(finals)
	if err == nil || !strings.Contains(err.Error(), "c.gif") {
		t.Fatalf("deliver = %v, want the failure of c.gif", err)
	}
	if got := read(t, finals[0].Path); got != "old a" {
		t.Errorf("a.mp4 holds %q after the failed delivery, want the earlier file", got)
	}
	if _, err := os.Stat(finals[1].Path); !os.IsNotExist(err) {
		t.Errorf("b.webm exists after the failed delivery (%v); it held nothing before", err)
	}
	leftovers(t, dir, ".previous")
}

// TestDeliverReplaces delivers over earlier files and into empty paths: each
// path holds its new file and no kept copy is left.
func TestDeliverReplaces(t *testing.T) {
	dir := t.TempDir()
	var finals []plan.Final
	for i, name := range []string{"a.mp4", "b.mov"} {
		path := filepath.Join(dir, name)
		f := plan.Final{Path: path, Temp: plan.TempOutput(path, "4242"), Job: "mux"}
		write(t, f.Temp, "new "+name)
		if i == 0 {
			write(t, path, "old")
		}
		finals = append(finals, f)
	}
	if err := deliver(finals); err != nil {
		t.Fatal(err)
	}
	for _, f := range finals {
		if got, want := read(t, f.Path), "new "+filepath.Base(f.Path); got != want {
			t.Errorf("%s holds %q, want %q", f.Path, got, want)
		}
	}
	leftovers(t, dir, ".previous", ".partial")
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leftovers fails on any file in dir ending in one of the suffixes.
func leftovers(t *testing.T, dir string, suffixes ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		for _, s := range suffixes {
			if strings.HasSuffix(e.Name(), s) {
				t.Errorf("%s left in %s", e.Name(), dir)
			}
		}
	}
}
