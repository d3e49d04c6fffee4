package cache

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestHelperHoldLock is not a test: TestCleanPartialsOfKilledOwner runs the
// test binary with REEL_TEST_HOLD=<entry dir> to play a render writing
// that entry (lock held, partial directory begun) until it is killed.
func TestHelperHoldLock(t *testing.T) {
	dir := os.Getenv("REEL_TEST_HOLD")
	if dir == "" {
		t.Skip("a helper process of TestCleanPartialsOfKilledOwner")
	}
	if _, err := Lock(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if err := Begin(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(Partial(dir), "body.mp4"), make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("holding\n")
	time.Sleep(time.Minute)
}

// TestCleanPartialsOfKilledOwner: another process writing an entry (its
// lock held) keeps its partial directory through CleanPartials; once that
// process is killed with SIGKILL (no clean-up of its own), the kernel
// releases its lock and the next CleanPartials removes what it left.
func TestCleanPartialsOfKilledOwner(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(JobsDir(root), "fe", "fe99")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REEL_TEST_HOLD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "holding" {
				ready <- true
			}
		}
		close(ready)
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("the helper process ended before taking the lock")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the helper process never took the lock")
	}
	if removed, err := CleanPartials(root); err != nil || len(removed) != 0 {
		t.Fatalf("CleanPartials while the owner runs = %v, %v; want nothing removed", removed, err)
	}
	if _, err := os.Stat(filepath.Join(Partial(dir), "body.mp4")); err != nil {
		t.Fatalf("the running owner's partial file is gone: %v", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	removed, err := CleanPartials(root)
	if err != nil || len(removed) != 1 || removed[0] != Partial(dir) {
		t.Fatalf("CleanPartials after the owner was killed = %v, %v; want %s", removed, err, Partial(dir))
	}
	if _, err := os.Stat(Partial(dir)); !os.IsNotExist(err) {
		t.Errorf("the killed owner's partial directory stays: %v", err)
	}
	if _, err := os.Stat(dir + ".lock"); err != nil {
		t.Errorf("the lock file was removed (another render may hold it open): %v", err)
	}
}
