package ffmpeg

import "syscall"

// setParentDeathSignal makes the kernel kill the child when reel dies
// without the chance to stop it (SIGKILL, a crash): no ffmpeg or generator
// goes on working for a process that is gone.
func setParentDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
