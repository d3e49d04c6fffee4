package ffmpeg

import "os/exec"

// ErrNotFound is in the chain of a run's error (errors.Is) when its program
// is not installed, and of LookPath's.
var ErrNotFound = exec.ErrNotFound

// LookPath finds bin as Run would start it: a name without a slash is
// searched in PATH, a path is checked as it is. It runs nothing.
func LookPath(bin string) (string, error) { return exec.LookPath(bin) }
