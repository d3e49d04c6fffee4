package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/secret"
)

// command runs a local program with an argument template, never through a
// shell: each template element is one argument, whatever it holds. It runs
// in dir, the project's directory, so relative paths mean what they mean
// everywhere else in the project file.
type command struct {
	run  []string
	ext  string
	dir  string
	deps Deps
}

func newCommand(g *config.Generator, d Deps) (Generator, error) {
	if len(g.Run) == 0 {
		return nil, &SetupError{Key: "run", Msg: "no program to run"}
	}
	return &command{run: g.Run, ext: g.Ext, dir: g.Dir, deps: d}, nil
}

// commandFingerprint is the argument template and the output extension.
func commandFingerprint(g *config.Generator) (any, error) {
	return struct {
		Run []string `json:"run"`
		Ext string   `json:"ext"`
	}{g.Run, g.Ext}, nil
}

// Generate runs the program and returns the file it wrote at {output}. A
// failure carries the program's exit status and the last lines of its
// standard error.
func (c *command) Generate(ctx context.Context, req Request, dir string) (string, error) {
	out, err := filepath.Abs(filepath.Join(dir, "output"+c.ext)) // the program runs elsewhere
	if err != nil {
		return "", err
	}
	f := fields(req, out)
	args := make([]string, len(c.run))
	for i, a := range c.run {
		args[i] = Expand(a, f)
	}
	if strings.ContainsRune(args[0], filepath.Separator) && !filepath.IsAbs(args[0]) && c.dir != "" {
		args[0] = filepath.Join(c.dir, args[0])
	}
	c.deps.Log.Debug("running generator command", "program", args[0], "args", len(args)-1)
	if _, err := ffmpeg.Run(ctx, args[0], args[1:], ffmpeg.RunOptions{StderrLines: 5, Dir: c.dir, Literal: true}); err != nil {
		return "", commandError(err)
	}
	fi, err := os.Stat(out)
	switch {
	case err != nil:
		return "", fmt.Errorf("%s exited successfully but wrote no file at {output}", filepath.Base(args[0]))
	case fi.Size() == 0:
		return "", fmt.Errorf("%s wrote an empty file at {output}", filepath.Base(args[0]))
	}
	return out, nil
}

// commandError describes a failed run without its full command line (a
// prompt can be long) but with the program's own last words, in which
// anything that may be a secret is hidden: a program often echoes its
// arguments (--token=...) or a key from its environment.
func commandError(err error) error {
	var ee *ffmpeg.ExitError
	if !errors.As(err, &ee) {
		return err
	}
	msg := ee.Error()
	if len(ee.StderrTail) > 1 {
		msg = strings.TrimSuffix(msg, ": "+ee.StderrTail[len(ee.StderrTail)-1]) + ": " + strings.Join(ee.StderrTail, " | ")
	}
	msg = secret.Redact(msg, secret.ArgValues(ee.Args)...)
	if ee.Cancelled {
		return fmt.Errorf("%s: %w", msg, ee.Err)
	}
	return errors.New(msg)
}
