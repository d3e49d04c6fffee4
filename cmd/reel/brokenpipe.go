package main

import (
	"errors"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// keepRunningOnBrokenPipe stops Go's default of killing the process when a
// write to stdout or stderr finds its reader gone (`reel render ... | head`):
// reel would die without removing its work directory. With SIGPIPE
// notified, such a write fails with EPIPE instead, which pipeOut drops.
// Child processes are unaffected: exec resets caught signals.
func keepRunningOnBrokenPipe() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}

// pipeOut is reel's own stdout or stderr. Once its reader has gone (EPIPE)
// it drops everything written to it and reports success: a render the user
// asked for goes on, finishes (or fails) as it would have, cleans up and
// exits with its own exit code; only the messages nobody reads are lost.
type pipeOut struct {
	f      *os.File
	broken atomic.Bool
}

// newPipeOut wraps f.
func newPipeOut(f *os.File) *pipeOut { return &pipeOut{f: f} }

// Write writes p, or drops it once the reader has gone.
func (w *pipeOut) Write(p []byte) (int, error) {
	if w.broken.Load() {
		return len(p), nil
	}
	n, err := w.f.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		w.broken.Store(true)
		return len(p), nil
	}
	return n, err
}

// Fd is the file's descriptor, for terminal detection.
func (w *pipeOut) Fd() uintptr { return w.f.Fd() }

// errWriter remembers the first error of the writes to w, for output
// printed with fmt.Fprint*, which drops it: a plan written to a full disk
// must not exit 0. (A reader that went away is no error: see pipeOut.)
type errWriter struct {
	w   io.Writer
	err error
}

// Write writes p to w unless an earlier write failed.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
