package config

import (
	"strings"
)

// Kinds of input file, as messages name them.
const (
	InputSource    = "scene source"
	InputAudio     = "audio source"
	InputLUT       = "LUT"
	InputWorkflow  = "generator workflow"
	InputGenerator = "generator argument"
)

// Input is a file the project reads, with where the project names it.
type Input struct {
	Path string // absolute, as resolved against the project's directory
	Kind string // one of the Input* kinds
	Pos  Pos    // the value that names it
}

// inputFile resolves a path written in the project (at f) to an absolute
// path and records it as one of the project's inputs. Every key that names a
// file the render reads must be decoded through here: the output checks
// (and anything else that must know every input) read Project.Inputs, so a
// new kind of input file is one call to this function.
func (d *decoder) inputFile(f field, kind, written string) string {
	abs := d.abs(written)
	d.inputs = append(d.inputs, Input{Path: abs, Kind: kind, Pos: d.pos(f.val, f.path)})
	return abs
}

// commandInputs records the existing files a command generator's arguments
// name (CommandFiles: a still for a zoom script, the script itself) as
// inputs, each at the argument that names it. Templates ({prompt},
// {output}) name no file until they are filled in.
func (d *decoder) commandInputs(args []field, run []string) {
	if d.opts.SkipFileChecks {
		return
	}
	for _, f := range CommandFiles(d.dir, run) {
		if a := args[f.Arg]; !strings.Contains(run[f.Arg], "{") {
			d.inputs = append(d.inputs, Input{Path: f.Path, Kind: InputGenerator, Pos: d.pos(a.val, a.path)})
		}
	}
}
