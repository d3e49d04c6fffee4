package main

import (
	"errors"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline"
)

// Exit codes: the one table that maps errors to them.
const (
	exitOK      = 0
	exitFailure = 1 // a render or tool failure, or a cancelled render
	exitUsage   = 2 // bad command line, settings or project
)

// usageError marks a mistake in how reel was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usage wraps err as a usage error.
func usage(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err}
}

// reportedError is an error whose details a command already printed (e.g. as
// JSON on stdout); main then prints nothing more but still exits with its code.
type reportedError struct{ err error }

func (e reportedError) Error() string { return e.err.Error() }
func (e reportedError) Unwrap() error { return e.err }

// alreadyReported says whether err was already shown to the user.
func alreadyReported(err error) bool {
	var r reportedError
	return errors.As(err, &r)
}

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var ue usageError
	var ce config.Errors
	var one *config.Error
	var re *pipeline.RequestError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.As(err, &ce), errors.As(err, &one), errors.As(err, &re):
		return exitUsage
	default:
		return exitFailure
	}
}
