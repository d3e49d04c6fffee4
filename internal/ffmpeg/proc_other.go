//go:build unix && !linux

package ffmpeg

import "syscall"

// setParentDeathSignal does nothing here: only Linux has a parent-death
// signal.
func setParentDeathSignal(*syscall.SysProcAttr) {}
