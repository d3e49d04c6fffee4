package config

import (
	"errors"
	"io/fs"

	"path/filepath"
	"strings"
)

// Confine keeps a project inside the directories a server gives it: the
// files it reads must lie inside Roots (after symbolic links are
// followed), the files it writes inside OutputDir, and it may not run a
// local program. A breach is an Error with Forbidden set, at the value
// that names the file; the server answers it with 403.
type Confine struct {
	// Roots are the directories the project may read from (the media root,
	// the render's uploads); none: it may read no file at all. A relative
	// path still resolves against the project's directory, which should be
	// one of them.
	Roots []string
	// OutputDir is where relative output paths (renditions, the poster,
	// the thumbnails) resolve; an absolute output path, or one that
	// climbs out with "..", is refused. "" leaves outputs unconfined.
	OutputDir string
	// Commands allows command generators (a local program run with an
	// argument template); a server refuses them unless told otherwise.
	Commands bool
}

// outputAbs resolves an output path written in the project: against the
// confinement's output directory when there is one, else like any path.
func (d *decoder) outputAbs(p string, pos Pos) string {
	c := d.opts.Confine
	if c == nil || c.OutputDir == "" {
		return d.abs(p)
	}
	out, err := filepath.Abs(c.OutputDir)
	if err != nil {
		out = filepath.Clean(c.OutputDir)
	}
	if filepath.IsAbs(p) {
		d.forbid(pos, "output path %s is absolute: a served project writes inside the render's output directory (write a relative path such as out/film.mp4)", p)
		return filepath.Join(out, filepath.Base(p))
	}
	abs := filepath.Join(out, p)
	if !within(abs, out) {
		d.forbid(pos, "output path %s leaves the render's output directory (remove the ..)", p)
		return filepath.Join(out, filepath.Base(p))
	}
	return abs
}

// confineInputs refuses every input outside the confinement's roots.
func (d *decoder) confineInputs(inputs []Input) {
	c := d.opts.Confine
	if c == nil {
		return
	}
	roots := make([]string, 0, len(c.Roots))
	for _, r := range c.Roots {
		if real, err := realPath(r); err == nil {
			roots = append(roots, real)
		}
	}
	for _, in := range inputs {
		real, err := realPath(in.Path)
		if err != nil {
			d.forbid(in.Pos, "cannot resolve %s: %v", in.Path, err)
			continue
		}
		ok := false
		for _, r := range roots {
			if within(real, r) {
				ok = true
				break
			}
		}
		switch {
		case ok:
		case len(roots) == 0:
			d.forbid(in.Pos, "%s: this server has no media root, so a served project reads only the media uploaded with it (post it as multipart, or start the server with --media-root)", in.Path)
		default:
			d.forbid(in.Pos, "%s is outside the media root (a served project reads only files inside --media-root or uploaded with it)", in.Path)
		}
	}
}

// forbid records a breach of the confinement at p.
func (d *decoder) forbid(p Pos, format string, a ...any) {
	e := p.Errorf(format, a...)
	e.Forbidden = true
	d.errs = append(d.errs, e)
}

// within says whether the clean absolute path p is dir or lies under it.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	return strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// realPath is p made absolute with its symbolic links followed; for a file
// that does not exist yet, its deepest existing directory's links are
// followed and the rest is kept as written.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// Forbidden says whether err holds a breach of a Confine (a file outside
// the media root, an output outside its directory, a command generator).
func Forbidden(err error) bool {
	var es Errors
	if errors.As(err, &es) {
		for _, e := range es {
			if e.Forbidden {
				return true
			}
		}
	}
	var e *Error
	return errors.As(err, &e) && e.Forbidden
}
