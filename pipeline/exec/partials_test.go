package exec

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestRemoveStalePartials leaves temporary outputs of a dead render, a live
// one, this process, and files of other names beside the output, and checks
// that only the dead render's is removed.
func TestRemoveStalePartials(t *testing.T) {
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	live := exec.Command("sleep", "60")
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = live.Process.Kill(); _ = live.Wait() }()
	dead, alive := strconv.Itoa(done.Process.Pid), strconv.Itoa(live.Process.Pid)
	dir := t.TempDir()
	files := map[string]bool{ // name: removed
		".film.mp4." + dead + ".partial":                      true,
		".film.mp4." + alive + ".partial":                     false,
		".film.mp4." + strconv.Itoa(os.Getpid()) + ".partial": false,
		".film.mp4.partial":                                   false, // plan's, without a pid
		".film.mp4.abc.partial":                               false,
		".other.mp4." + dead + ".partial":                     false, // another output's
		"film.mp4":                                            false,
		".film.mp4." + dead + ".previous":                     true, // an earlier output kept while delivering
		".film.mp4." + alive + ".previous":                    false,
		".film.mp4." + dead + ".other":                        false,
	}
	for name := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removeStalePartials(filepath.Join(dir, "film.mp4"))
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if os.IsNotExist(err) != removed {
			t.Errorf("%s: removed = %v, want %v", name, os.IsNotExist(err), removed)
		}
	}
}
