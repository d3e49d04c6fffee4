//go:build unix

package ffmpeg

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// group is a child's process group: the child and everything it starts
// (a generator script's own children included). It is stopped as a whole.
type group struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	ended bool
	kill  *time.Timer
}

// configureProcess puts the child in its own process group, to be killed
// by the kernel if reel dies (Linux). Cancellation sends SIGINT to the
// whole group (ffmpeg then finalizes its output and exits) and, waitDelay
// later, SIGKILL to the whole group; exec.Cmd's own WaitDelay stays as a
// backstop for the child itself.
func configureProcess(cmd *exec.Cmd, waitDelay time.Duration) *group {
	g := &group{cmd: cmd}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setParentDeathSignal(cmd.SysProcAttr)
	cmd.Cancel = func() error {
		g.mu.Lock()
		if !g.ended && g.kill == nil {
			g.kill = time.AfterFunc(waitDelay, g.killAll)
		}
		g.mu.Unlock()
		return interruptGroup(cmd.Process.Pid)
	}
	cmd.WaitDelay = waitDelay
	return g
}

// killAll sends SIGKILL to the whole group unless it has already ended.
func (g *group) killAll() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.ended {
		_ = killGroup(g.cmd.Process.Pid)
	}
}

// end is called once the child has exited (or never started): whatever is
// left of its group (a background process a script started and left
// behind) is killed, so no process outlives its run. The group's id stays
// reserved while any member lives, so the signal cannot reach a stranger.
func (g *group) end() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ended || g.cmd.Process == nil {
		g.ended = true
		return
	}
	g.ended = true
	if g.kill != nil {
		g.kill.Stop()
	}
	_ = killGroup(g.cmd.Process.Pid)
}

// interruptGroup sends SIGINT to the process group led by pid. A group
// that is already gone reports os.ErrProcessDone, so a process that
// finished just before cancellation still counts as a success.
func interruptGroup(pid int) error {
	return signalGroup(pid, syscall.SIGINT)
}

// killGroup sends SIGKILL to the process group led by pid.
func killGroup(pid int) error {
	return signalGroup(pid, syscall.SIGKILL)
}

// signalGroup sends sig to the process group led by pid; an empty group
// reports os.ErrProcessDone.
func signalGroup(pid int, sig syscall.Signal) error {
	err := syscall.Kill(-pid, sig)
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
