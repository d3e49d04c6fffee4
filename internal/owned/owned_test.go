package owned

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// deadPid returns the pid of a process that has exited and been reaped.
func deadPid(t *testing.T) int {
	t.Helper()
	c := exec.Command("true")
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	return c.Process.Pid
}

// liveChild starts a process that runs until the test ends and returns its
// owner record.
func liveChild(t *testing.T) Owner {
	t.Helper()
	c := exec.Command("sleep", "60")
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Process.Kill(); _ = c.Wait() })
	o := Self()
	o.PID = c.Process.Pid
	o.Start, _ = processStart(o.PID)
	return o
}

func TestClean(t *testing.T) {
	self := Self()
	with := func(f func(*Owner)) *Owner { o := self; f(&o); return &o }
	dead := deadPid(t)
	child := liveChild(t)
	init1 := with(func(o *Owner) { o.PID = 1; o.Start, _ = processStart(1) })
	tests := []struct {
		name    string
		dir     string
		owner   *Owner // nil: no marker
		raw     string // a marker's raw text instead of owner
		removed bool
	}{
		{"this process", "reel-live", &self, "", false},
		{"a live child", "reel-child", &child, "", false},
		{"pid 1, started when it did", "reel-init", init1, "", false},
		{"a dead pid", "reel-dead", with(func(o *Owner) { o.PID = dead; o.Start = 0 }), "", true},
		{"a dead pid with a start time", "reel-dead2", with(func(o *Owner) { o.PID = dead }), "", true},
		{"pid reused: this pid, another start", "reel-reused", with(func(o *Owner) { o.Start++ }), "", self.Start != 0},
		{"another boot", "reel-boot", with(func(o *Owner) { o.Boot = "another-boot" }), "", self.Boot != ""},
		{"another pid namespace, dead pid", "reel-ns", with(func(o *Owner) { o.PID = dead; o.NS = "pid:[1]" }), "", false},
		{"another pid namespace, another boot", "reel-ns-boot", with(func(o *Owner) { o.NS = "pid:[1]"; o.Boot = "another-boot" }), "", self.Boot != ""},
		{"another host, dead pid", "reel-host", with(func(o *Owner) { o.PID = dead; o.Host = "elsewhere" }), "", false},
		{"no marker", "reel-nomarker", nil, "", false},
		{"damaged marker", "reel-damaged", nil, "{pid: ", false},
		{"marker without a pid", "reel-nopid", nil, `{"host":"x"}`, false},
		{"another prefix, dead pid", "other-dead", with(func(o *Owner) { o.PID = dead }), "", false},
	}
	root := t.TempDir()
	for _, tt := range tests {
		dir := filepath.Join(root, tt.dir)
		if err := os.MkdirAll(filepath.Join(dir, "seg"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "seg", "s01.mp4"), []byte("segment"), 0o644); err != nil {
			t.Fatal(err)
		}
		raw := tt.raw
		if tt.owner != nil {
			b, _ := json.Marshal(tt.owner)
			raw = string(b)
		}
		if raw != "" {
			if err := os.WriteFile(filepath.Join(dir, Marker), []byte(raw), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	other := filepath.Join(root, "reel-other-user")
	if err := os.Mkdir(other, 0o755); err == nil && os.Getuid() == 0 { // only root can give it away
		b, _ := json.Marshal(with(func(o *Owner) { o.PID = dead }))
		_ = os.WriteFile(filepath.Join(other, Marker), b, 0o644)
		if err := os.Chown(other, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "reel-file"), []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	removed, err := Clean(root, "reel-")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		dir := filepath.Join(root, tt.dir)
		_, statErr := os.Stat(dir)
		gone := os.IsNotExist(statErr)
		if gone != tt.removed || slices.Contains(removed, dir) != tt.removed {
			t.Errorf("%s: removed = %v (reported %v), want %v", tt.name, gone, slices.Contains(removed, dir), tt.removed)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another user's directory was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "reel-file")); err != nil {
		t.Errorf("a plain file with the prefix was touched: %v", err)
	}
}

// TestMkdirTemp checks that a new directory records this process, that
// Clean leaves it while the process lives, and that a missing root is fine.
func TestMkdirTemp(t *testing.T) {
	root := filepath.Join(t.TempDir(), "work", "root")
	dir, err := MkdirTemp(root, "reel-")
	if err != nil {
		t.Fatal(err)
	}
	o, ok := readOwner(dir)
	if !ok || o != Self() || o.PID != os.Getpid() {
		t.Fatalf("marker = %+v, %v; want %+v", o, ok, Self())
	}
	if runtime.GOOS == "linux" && (o.Start == 0 || o.Boot == "") {
		t.Errorf("marker = %+v: on Linux the start time and boot id must be recorded", o)
	}
	if removed, err := Clean(root, "reel-"); err != nil || len(removed) != 0 {
		t.Fatalf("Clean removed %v (%v) while the owner lives", removed, err)
	}
	if removed, err := Clean(filepath.Join(root, "missing"), "reel-"); err != nil || removed != nil {
		t.Errorf("Clean of a missing root = %v, %v", removed, err)
	}
}
