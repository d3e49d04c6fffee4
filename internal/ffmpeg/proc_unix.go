//go:build unix

package ffmpeg

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// configureProcess puts the child in its own process group, makes
// cancellation send SIGINT to that group (ffmpeg then finalizes its output
// and exits) and lets exec.Cmd send SIGKILL after waitDelay.
func configureProcess(cmd *exec.Cmd, waitDelay time.Duration) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return interruptGroup(cmd.Process.Pid) }
	cmd.WaitDelay = waitDelay
}

// interruptGroup sends SIGINT to the process group led by pid. A group
// that is already gone reports os.ErrProcessDone, so a process that
// finished just before cancellation still counts as a success.
func interruptGroup(pid int) error {
	err := syscall.Kill(-pid, syscall.SIGINT)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}

// maxRSSKB returns the peak resident set size in KiB (macOS reports bytes).
func maxRSSKB(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) / 1024
	}
	return int64(ru.Maxrss)
}

// signalOf names the signal that terminated the process ("killed",
// "interrupt"), or returns "" if it exited normally.
func signalOf(ps *os.ProcessState) string {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	return ws.Signal().String()
}
