// Package owned makes temporary directories that record the process owning
// them, and removes those whose owner is dead: a process killed with
// SIGKILL (or a crashed machine) cannot clean up after itself, so the next
// process to use the same root does it.
package owned

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file in each owned directory that names its owner.
const Marker = ".reel-owner"

// Owner identifies a process in a way that survives pid reuse: its start
// time (Linux: clock ticks after boot) and the boot it belongs to.
type Owner struct {
	PID   int    `json:"pid"`
	Start uint64 `json:"start,omitempty"`   // 0 when unknown (not Linux)
	Boot  string `json:"boot_id,omitempty"` // "" when unknown
	NS    string `json:"pid_ns,omitempty"`  // the pid namespace (containers sharing a directory); "" when unknown
	Host  string `json:"host"`
}

// Self is the owner record of this process.
func Self() Owner {
	host, _ := os.Hostname()
	start, _ := processStart(os.Getpid())
	return Owner{PID: os.Getpid(), Start: start, Boot: bootID(), NS: pidNamespace(), Host: host}
}

// MkdirTemp creates a new directory in root (created if needed) named
// prefix followed by a random string, with a Marker naming this process.
func MkdirTemp(root, prefix string) (string, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(root, prefix)
	if err != nil {
		return "", err
	}
	// The record appears whole or not at all (written beside, then
	// renamed): a reel killed while writing it must not leave a directory
	// whose half-written record no later Clean can read.
	b, _ := json.Marshal(Self())
	tmp := filepath.Join(dir, Marker+".partial")
	err = os.WriteFile(tmp, append(b, '\n'), 0o644)
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, Marker))
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return "", fmt.Errorf("record the owner of %s: %w", dir, err)
	}
	return dir, nil
}

// Clean removes the directories directly in root whose names begin with
// prefix and whose Marker names a process of this machine that is no
// longer running, after killing the processes that carry that owner's tag
// (EnvVar) and still run: what its children left behind. A directory without a readable Marker, of another user,
// owned by another host, or owned by a live process (or one whose state
// cannot be told) is left alone. It returns the directories removed; a root that does not
// exist holds nothing to clean.
func Clean(root, prefix string) (removed []string, err error) {
	entries, err := os.ReadDir(root)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	self := Self()
	var errs []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if fi, err := e.Info(); err != nil || !mine(fi) {
			continue // another user's: not ours to judge (nor to remove)
		}
		o, ok := readOwner(dir)
		if !ok || !o.dead(self) {
			continue
		}
		if o.Boot == self.Boot && o.Start != 0 {
			killTagged(o.Tag()) // what it left running, before its files go
		}
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, err.Error())
			continue
		}
		removed = append(removed, dir)
	}
	if len(errs) > 0 {
		return removed, fmt.Errorf("remove stale directories: %s", strings.Join(errs, "; "))
	}
	return removed, nil
}

// Release gives up the ownership of dir: without its Marker, no Clean ever
// removes it (a directory the user asked to keep).
func Release(dir string) error {
	err := os.Remove(filepath.Join(dir, Marker))
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// Alive says whether process pid exists on this machine (it may be
// another program that reuses the pid of a dead one).
func Alive(pid int) bool { return pid > 0 && exists(pid) }

// readOwner reads dir's Marker.
func readOwner(dir string) (Owner, bool) {
	b, err := os.ReadFile(filepath.Join(dir, Marker))
	if err != nil {
		return Owner{}, false
	}
	var o Owner
	if json.Unmarshal(b, &o) != nil || o.PID <= 0 {
		return Owner{}, false
	}
	return o, true
}

// dead says whether o is certainly not running, judged from self's
// machine: same host, and either another boot, or (in the same pid
// namespace) no such process or a process of that pid that started at
// another time (the pid was reused).
func (o Owner) dead(self Owner) bool {
	switch {
	case o.Host != self.Host:
		return false // another machine sharing the directory: cannot tell
	case o.Boot != "" && self.Boot != "" && o.Boot != self.Boot:
		return true
	case o.NS != self.NS:
		return false // another container's pids: cannot tell
	case !exists(o.PID):
		return true
	case o.Start != 0:
		start, ok := processStart(o.PID)
		return ok && start != o.Start
	}
	return false
}
