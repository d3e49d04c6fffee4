package config

import (
	"os"
	"path/filepath"
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

// generatorArg records the existing file one argument of a command
// generator names (a still for a zoom script, the script itself): the whole
// argument, or the value after "=" of an option such as --image=still.png.
// A relative name is tried against the project's directory and the working
// directory (where the program runs). Templates ({prompt}, {output}) are
// not files.
func (d *decoder) generatorArg(f field, arg string) {
	if d.opts.SkipFileChecks {
		return
	}
	if strings.HasPrefix(arg, "-") {
		_, arg, _ = strings.Cut(arg, "=")
	}
	if arg == "" || strings.Contains(arg, "{") {
		return
	}
	for _, p := range candidates(d.dir, arg) {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			d.inputs = append(d.inputs, Input{Path: p, Kind: InputGenerator, Pos: d.pos(f.val, f.path)})
		}
	}
}

// candidates are the absolute paths a relative name may mean: against dir
// and against the working directory.
func candidates(dir, name string) []string {
	if filepath.IsAbs(name) {
		return []string{filepath.Clean(name)}
	}
	out := []string{filepath.Join(dir, name)}
	if abs, err := filepath.Abs(name); err == nil && abs != out[0] {
		out = append(out, abs)
	}
	return out
}
