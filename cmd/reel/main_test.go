package main

// End-to-end tests of the reel command: TestMain builds the real binary once
// and every test runs it as a subprocess (never through a shell), asserting
// exit codes, the text on stdout and stderr, and the files left behind.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
)

// reelBin is the reel binary built by TestMain.
var reelBin string

// configHome is an empty XDG_CONFIG_HOME for every run, so that a settings
// file in the developer's home never changes what the tests see.
var configHome string

func TestMain(m *testing.M) {
	fftest.ActAsFFmpeg() // when a test runs this binary as a slow or crashing ffmpeg
	os.Exit(buildAndRun(m))
}

// buildAndRun builds reel into a temporary directory, runs the tests and
// removes the directory.
func buildAndRun(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "reel-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	reelBin = filepath.Join(tmp, "reel")
	configHome = filepath.Join(tmp, "config")
	if err := os.Mkdir(configHome, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	build := exec.Command("go", "build", "-o", reelBin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one run of reel did.
type result struct {
	code           int
	stdout, stderr string
}

// String describes the run for failure messages.
func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s\n--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// command returns an unstarted reel command running in dir with a clean
// environment: no REEL_* settings except the ffmpeg and ffprobe binaries
// (which fftest reads too), an empty config home, and the extra env entries.
func command(ctx context.Context, t *testing.T, dir string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	fftest.Require(t)
	cmd := exec.CommandContext(ctx, reelBin, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if (strings.HasPrefix(k, "REEL_") && k != "REEL_FFMPEG" && k != "REEL_FFPROBE") || k == "XDG_CONFIG_HOME" {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, "XDG_CONFIG_HOME="+configHome)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// reel runs the binary in dir with args and extra environment entries and
// waits (at most 30 s) for it to exit.
func reel(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := command(ctx, t, dir, env, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{code: exitCodeOf(t, err), stdout: stdout.String(), stderr: stderr.String()}
	if ctx.Err() != nil {
		t.Fatalf("reel %s timed out\n%v", strings.Join(args, " "), r)
	}
	return r
}

// exitCodeOf turns the error of a finished command into its exit code.
func exitCodeOf(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("running reel: %v", err)
	}
	return ee.ExitCode()
}

// wantExit fails the test unless r exited with code.
func wantExit(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit %d, got %v", code, r)
	}
}

// wantContains fails the test for every substring of want missing from got.
func wantContains(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, got)
		}
	}
}

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// assertNoLeftovers checks that no temporary output (.*.partial) remains in
// outDir and that workDir, when given, is empty.
func assertNoLeftovers(t *testing.T, outDir, workDir string) {
	t.Helper()
	partials, err := filepath.Glob(filepath.Join(outDir, ".*.partial*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(partials) > 0 {
		t.Errorf("temporary outputs left behind: %v", partials)
	}
	if workDir == "" {
		return
	}
	entries, err := os.ReadDir(workDir)
	if err != nil {
		t.Fatalf("work dir: %v", err)
	}
	if len(entries) > 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("work dir %s is not empty: %v", workDir, names)
	}
}

// assertAbsent fails the test when path exists.
func assertAbsent(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists (stat err %v), want nothing at the output path", path, err)
	}
}

// placeholderProject is a project of n placeholder scenes, each secs long,
// at size, joined by 0.2 s fades; it needs no media.
func placeholderProject(n int, secs, size string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "output: {path: out/film.mp4, size: %s, fps: 30, quality: draft}\n", size)
	b.WriteString("transition: {type: fade, duration: 0.2s}\nscenes:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - {placeholder: {text: \"scene %d\"}, duration: %s}\n", i, secs)
	}
	return b.String()
}

// watchWriter collects what a process writes and closes seen the first
// time the text contains want.
type watchWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

// newWatchWriter returns a watchWriter waiting for want.
func newWatchWriter(want string) *watchWriter {
	return &watchWriter{want: want, seen: make(chan struct{})}
}

// Write keeps p and checks for the wanted text.
func (w *watchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	before := strings.Contains(w.buf.String(), w.want)
	w.buf.Write(p)
	if !before && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
	}
	return len(p), nil
}

// String returns everything written so far.
func (w *watchWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
