package pipeline

import (
	"errors"
	"fmt"
	"sort"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/source"
)

// outputField says how the user named an output, for messages: a path in
// the project (output.path, outputs[2].path, poster.path), or the caller's
// override (e.g. "-o film.mp4").
type outputField struct {
	pos  config.Pos
	flag string
}

// errorf returns a config.Error naming the field.
func (f outputField) errorf(format string, a ...any) *config.Error {
	if f.flag != "" {
		return &config.Error{File: f.flag, Msg: fmt.Sprintf(format, a...)}
	}
	return f.pos.Errorf(format, a...)
}

// name is the field as a message says it.
func (f outputField) name() string {
	if f.flag != "" {
		return f.flag
	}
	return f.pos.Path
}

// checkOutputs refuses, before any work, a render that would write over a
// file it reads, or twice to one file, or where it cannot write: every file
// of sel (each rendition, the poster, the thumbnail sheet and its index) is
// checked by checkOutput, against the others, and (a preview) against the
// files of the full render, which a draft named by reel must not replace.
func checkOutputs(p *config.Project, sel *selection, dirs CacheDirs) error {
	for i, w := range sel.files {
		if err := checkOutput(p, w, dirs.Dirs()...); err != nil {
			return err
		}
		for _, o := range sel.files[:i] {
			if SameFile(w.path, o.path) {
				return w.field.errorf("%s is also where %s goes; name another file", w.what, o.field.name())
			}
		}
		for _, f := range sel.full {
			if w.field.flag == "" && SameFile(w.path, f.path) { // a path the user typed is theirs to choose
				return w.field.errorf("%s is where the full render writes %s: a preview never replaces it; name another output file", w.what, f.what)
			}
		}
	}
	return nil
}

// checkOutput refuses an output that would overwrite a file the render
// reads (any of the project's inputs, the project file, anything in the
// cache directories) under any spelling (.., symlinks, hard links, case
// variants where the file system folds case), or that cannot be written
// (see CheckWritable). Every problem is a config.Error naming the field
// that set the output.
func checkOutput(p *config.Project, w written, dirs ...string) error {
	out, f, what := w.path, w.field, w.what
	for _, in := range p.Inputs {
		if SameFile(out, in.Path) {
			return f.errorf("%s is the %s at %s (%s:%d): reel never writes over its inputs; name another output file",
				what, in.Kind, in.Pos.Path, in.Pos.File, in.Pos.Line)
		}
	}
	if SameFile(out, p.File) {
		return f.errorf("%s is the project file itself; name another output file", what)
	}
	if err := checkGeneratorFiles(p, f, out, what); err != nil {
		return err
	}
	for _, d := range dirs {
		if d != "" && Within(out, d) {
			return f.errorf("%s is inside reel's cache %s, whose files reel reads and replaces; write the film elsewhere", what, d)
		}
	}
	if err := CheckWritable(out); err != nil {
		return f.errorf("%v", err)
	}
	return nil
}

// checkGeneratorFiles refuses an output that is a file a command generator
// reads for one of the prompt scenes, named by a templated argument
// ("stills/{seed}.png"): config knows the files of plain arguments (they
// are in Project.Inputs), but only a scene fills a template in.
func checkGeneratorFiles(p *config.Project, f outputField, out, what string) error {
	for i := range p.Scenes {
		s := &p.Scenes[i]
		if s.Prompt == nil {
			continue
		}
		g := p.Generators[s.Prompt.Generator]
		if g == nil || g.Kind != config.KindCommand {
			continue
		}
		for _, af := range source.CommandInputs(g, request(p, s)) {
			if SameFile(out, af.Path) {
				pos := g.KeyPos["run"]
				return f.errorf("%s is the %s at generators.%s.%s (%s:%d), for scene %q: reel never writes over its inputs; name another output file",
					what, config.InputGenerator, g.Name, af.Where, pos.File, pos.Line, s.ID)
			}
		}
	}
	return nil
}

// withOutputError adds a problem with the outputs to the errors of an
// invalid project (decoded as far as it could be), so that it is reported in
// the same round.
func withOutputError(p *config.Project, req Request, dirs CacheDirs, err error) error {
	var errs config.Errors
	if p == nil || !errors.As(err, &errs) {
		return err
	}
	sel, serr := selectOutputs(p, req)
	if serr != nil {
		return err
	}
	var ce *config.Error
	if oerr := checkOutputs(p, sel, dirs); errors.As(oerr, &ce) {
		errs = append(errs, ce)
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return errs
	}
	return err
}

// checkPlanInputs refuses an output that is one of the files a plan reads
// (the last guard, for inputs that only the plan knows).
func checkPlanInputs(files []written, inputs []string) error {
	for _, w := range files {
		for _, in := range inputs {
			if SameFile(w.path, in) {
				return w.field.errorf("%s is %s, which the render reads: reel never writes over its inputs; name another output file", w.path, in)
			}
		}
	}
	return nil
}
