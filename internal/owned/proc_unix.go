//go:build unix

package owned

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// exists says whether process pid exists (EPERM: it does, as another user's).
func exists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// processStart returns the start time of process pid in clock ticks after
// boot (field 22 of /proc/PID/stat); false where there is no /proc.
func processStart(pid int) (uint64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces and ')'
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state)
	if len(f) < 20 {
		return 0, false
	}
	n, err := strconv.ParseUint(f[19], 10, 64)
	return n, err == nil
}

// bootID identifies the current boot ("" where unknown).
func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// pidNamespace identifies this process's pid namespace ("" where unknown).
func pidNamespace() string {
	ns, _ := os.Readlink("/proc/self/ns/pid")
	return ns
}

// mine says whether the file belongs to this process's user.
func mine(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Getuid()
}

// killTagged sends SIGKILL to every process of this user whose environment
// holds EnvVar=tag (read from /proc/PID/environ; nothing where there is no
// /proc). The tag names one dead process, so no other process has it.
func killTagged(tag string) {
	want := []byte("\x00" + EnvVar + "=" + tag + "\x00")
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !bytes.Contains(append([]byte{0}, b...), want) {
			continue
		}
		if fi, err := os.Stat("/proc/" + e.Name()); err != nil || !mine(fi) {
			continue
		}
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}
