package pipeline

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/source"
)

// outputField says how the user named the output, for messages: the
// project's output.path, or the caller's override (e.g. "-o film.mp4").
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

// field is how p's output is named in messages under env.
func field(p *config.Project, env Env) outputField {
	if env.Output == "" {
		return outputField{pos: p.Output.PathPos}
	}
	flag := env.OutputFlag
	if flag == "" {
		flag = "output"
	}
	return outputField{flag: flag + " " + env.Output}
}

// checkOutput refuses, before any work, an output that would overwrite a
// file the render reads (any of the project's inputs, the project file,
// anything in the cache directories) under any spelling (.., symlinks, hard
// links, case variants where the file system folds case), or that cannot be
// written (see CheckWritable). Every problem is a config.Error naming the
// field that set the output.
func checkOutput(p *config.Project, env Env, dirs ...string) error {
	out, f := p.Output.Path, field(p, env)
	what := out
	if env.Preview && env.Output == "" {
		what += " (the preview's name for output.path)"
	}
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

// finalOutput sets the output path the render will write: the caller's
// override, or the project's, with ".preview" for a draft the user did not
// name.
func finalOutput(p *config.Project, env Env) error {
	if env.Output != "" {
		abs, err := filepath.Abs(env.Output)
		if err != nil {
			return fmt.Errorf("output path: %w", err)
		}
		p.Output.Path = abs
	}
	if env.Preview && env.Output == "" {
		p.Output.Path = previewPath(p.Output.Path)
	}
	return nil
}

// withOutputError adds a problem with the output to the errors of an
// invalid project (decoded as far as it could be), so that it is reported in
// the same round.
func withOutputError(p *config.Project, env Env, err error) error {
	var errs config.Errors
	if p == nil || !errors.As(err, &errs) || finalOutput(p, env) != nil {
		return err
	}
	var ce *config.Error
	if oerr := checkOutput(p, env, CacheDir(p, env.CacheDir), env.SourceCache); errors.As(oerr, &ce) {
		errs = append(errs, ce)
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return errs
	}
	return err
}

// checkPlanInputs refuses an output that is one of the files a plan reads
// (the last guard, for inputs that only the plan knows).
func checkPlanInputs(p *config.Project, env Env, inputs []string) error {
	for _, in := range inputs {
		if SameFile(p.Output.Path, in) {
			return field(p, env).errorf("%s is %s, which the render reads: reel never writes over its inputs; name another output file", p.Output.Path, in)
		}
	}
	return nil
}
