package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/owned"
)

// TestStaleWorkDir kills a render with SIGKILL, which leaves its work
// directory behind, and checks that the next render removes it, while the
// directory of a live reel, one kept with --keep-work and a directory
// without an owner record stay.
func TestStaleWorkDir(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	writeFile(t, dir, "long.yaml", placeholderProject(12, "2s", "160x90"))
	writeFile(t, dir, "short.yaml", placeholderProject(2, "0.5s", "160x90"))

	kr := reel(t, dir, nil, "render", "short.yaml", "-o", "kept.mp4", "--work-dir", work, "--progress", "none", "--keep-work")
	wantExit(t, kr, 0)
	kept := strings.TrimSpace(kr.stderr[strings.Index(kr.stderr, "keeping the work directory ")+len("keeping the work directory "):])
	kept, _, _ = strings.Cut(kept, "\n")

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := command(ctx, t, dir, nil, "render", "long.yaml", "--work-dir", work, "--jobs", "1", "--progress", "none")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := waitForMarker(t, work)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	if _, err := os.Stat(killed); err != nil {
		t.Fatalf("the killed render's work dir is gone already (%v): the test proves nothing", err)
	}

	live := filepath.Join(work, "reel-live")
	self, _ := json.Marshal(owned.Self()) // this test process: alive
	writeFile(t, live, owned.Marker, string(self))
	foreign := filepath.Join(work, "reel-unmarked")
	writeFile(t, foreign, "keep.txt", "no owner record: not reel's to remove")

	r := reel(t, dir, []string{"REEL_LOG_LEVEL=info"}, "render", "short.yaml", "--work-dir", work, "--progress", "none")
	wantExit(t, r, 0)
	if n := fftest.FrameCount(t, filepath.Join(dir, "out", "film.mp4")); n != 24 {
		t.Errorf("output has %d frames, want 24", n)
	}
	wantContains(t, "stderr", r.stderr, "removed the work directory of a reel that is no longer running", filepath.Base(killed))
	assertAbsent(t, killed)
	for _, keep := range []string{live, foreign, kept} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("%s was removed: %v", keep, err)
		}
	}
	entries, _ := os.ReadDir(work)
	if len(entries) != 3 {
		t.Errorf("work root holds %d entries, want the 3 kept: %v", len(entries), entries)
	}
}

// waitForMarker waits for a work directory with an owner record in root
// and returns it.
func waitForMarker(t *testing.T, root string) string {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			d := filepath.Join(root, e.Name())
			if strings.HasPrefix(e.Name(), "reel-") {
				if _, err := os.Stat(filepath.Join(d, owned.Marker)); err == nil {
					return d
				}
			}
		}
	}
	t.Fatal("no work directory with an owner record appeared")
	return ""
}

// TestKilledRenderLeavesNoGeneratorChild kills a render with SIGKILL while a
// command generator runs a background job: the job outlives reel (the
// kernel's parent-death signal reaches only the generator itself), and the
// next render with the same work root stops it, as it removes the dead
// render's work directory.
func TestKilledRenderLeavesNoGeneratorChild(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	pidFile := filepath.Join(dir, "bg.pid")
	writeFile(t, dir, "gen.sh", "#!/bin/sh\nsleep 120 &\necho $! > "+pidFile+"\nexec sleep 121\n")
	if err := os.Chmod(filepath.Join(dir, "gen.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "gen.yaml", `output: {path: out/gen.mp4, size: 160x90, fps: 25}
generators:
  slow: {kind: command, run: [./gen.sh, "{prompt}", "{output}"]}
scenes:
  - {id: one, prompt: a lighthouse, duration: 1s}
`)
	writeFile(t, dir, "short.yaml", placeholderProject(1, "0.5s", "160x90"))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := command(ctx, t, dir, nil, "render", "gen.yaml", "--work-dir", work, "--progress", "none")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := generatorJobPid(t, pidFile)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	time.Sleep(100 * time.Millisecond)
	if !running(pid) {
		t.Fatal("the background job died with reel: the test proves nothing")
	}

	wantExit(t, reel(t, dir, nil, "render", "short.yaml", "--work-dir", work, "--progress", "none"), 0)
	for deadline := time.Now().Add(5 * time.Second); running(pid) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if running(pid) {
		t.Errorf("the background job %d of the killed render still runs after the next render", pid)
	}
}

// running says whether process pid exists and is not a zombie (a killed
// orphan may wait to be reaped by an init that does not reap).
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && !strings.HasPrefix(strings.TrimSpace(s[i+1:]), "Z")
}

// TestCancelStopsEscapedGeneratorJob: a generator that starts a job in a
// new session (setsid), out of the process group that a cancel stops, does
// not leave it running once reel exits.
func TestCancelStopsEscapedGeneratorJob(t *testing.T) {
	setsid, err := exec.LookPath("setsid")
	if err != nil {
		t.Skip("no setsid")
	}
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "bg.pid")
	writeFile(t, dir, "gen.sh", "#!/bin/sh\n"+setsid+" sh -c 'echo $$ > "+pidFile+"; exec sleep 120' &\nexec sleep 121\n")
	if err := os.Chmod(filepath.Join(dir, "gen.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "gen.yaml", `output: {path: out/gen.mp4, size: 160x90, fps: 25}
generators:
  slow: {kind: command, run: [./gen.sh, "{prompt}", "{output}"]}
scenes:
  - {id: one, prompt: a lighthouse, duration: 1s}
`)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := command(ctx, t, dir, nil, "render", "gen.yaml", "--progress", "none")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := generatorJobPid(t, pidFile)
	_ = cmd.Process.Signal(syscall.SIGINT)
	_ = cmd.Wait()
	for deadline := time.Now().Add(5 * time.Second); running(pid) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if running(pid) {
		t.Errorf("the job %d that left the generator's process group still runs after reel exited", pid)
	}
}

// generatorJobPid waits for a test generator to write the pid of the job it
// started into pidFile, and makes sure that job is killed after the test.
func generatorJobPid(t *testing.T, pidFile string) int {
	t.Helper()
	var pid int
	for deadline := time.Now().Add(20 * time.Second); pid == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(pidFile)
		pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	if pid == 0 {
		t.Fatal("the generator never started its job")
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	return pid
}
