package owned

import (
	"fmt"
	"os"
)

// EnvVar is the environment variable through which every process reel
// starts, and every process those start, carries the owner record of the
// reel that started it (see MarkChildren). A child that outlives a reel
// killed with SIGKILL (a generator script's background job, which the
// kernel's parent-death signal does not reach) is found by it.
const EnvVar = "REEL_OWNER"

// Tag is o as the value of EnvVar: pid, start time and boot, which tell o
// from any other process, before or after it.
func (o Owner) Tag() string { return fmt.Sprintf("%d.%d.%s", o.PID, o.Start, o.Boot) }

// MarkChildren sets EnvVar to this process's tag, so that the processes it
// starts from now on inherit it. Call it once, at start-up.
func MarkChildren() error { return os.Setenv(EnvVar, Self().Tag()) }

// StopDescendants kills what is left of the processes this process started
// (and they started) that escaped their process group, e.g. with setsid: any
// process carrying this process's tag (see MarkChildren). Call it on the way
// out, when no child of this process should be running any more.
func StopDescendants() { killTagged(Self().Tag()) }
