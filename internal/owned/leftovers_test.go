package owned

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestCleanKillsWhatTheOwnerLeft: a process carrying a dead owner's tag (a
// generator's background job, reparented when reel was killed) is killed
// when that owner's directory is cleaned; one carrying a live owner's tag,
// another dead owner's whose directory is elsewhere, or none, keeps running.
func TestCleanKillsWhatTheOwnerLeft(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("processes are found through /proc")
	}
	self := Self()
	dead := self
	dead.PID = deadPid(t)
	other := dead
	other.Start++
	start := func(tag string) *exec.Cmd {
		c := exec.Command("sleep", "60")
		c.Env = os.Environ()
		if tag != "" {
			c.Env = append(c.Env, EnvVar+"="+tag)
		}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Process.Kill(); _ = c.Wait() })
		return c
	}
	orphan, orphan2 := start(dead.Tag()), start(dead.Tag())
	survivors := []*exec.Cmd{start(self.Tag()), start(other.Tag()), start(""), start(dead.Tag() + "0")}
	time.Sleep(50 * time.Millisecond) // the children's environment is readable once they exec

	root := t.TempDir()
	dir := filepath.Join(root, "reel-dead")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(dead)
	if err := os.WriteFile(filepath.Join(dir, Marker), b, 0o644); err != nil {
		t.Fatal(err)
	}
	removed, err := Clean(root, "reel-")
	if err != nil || len(removed) != 1 {
		t.Fatalf("Clean = %v, %v; want the dead owner's directory removed", removed, err)
	}
	for _, c := range []*exec.Cmd{orphan, orphan2} {
		err := c.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Errorf("a process left by the dead owner ended with %v, want killed", err)
		}
	}
	for _, c := range survivors {
		if err := c.Process.Signal(syscall.Signal(0)); err != nil {
			t.Errorf("%v (env %s) was stopped: %v", c.Args, c.Env[len(c.Env)-1], err)
		}
	}
}
