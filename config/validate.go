package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// resolve fills each scene's fit and transition from the project defaults
// and checks the rules that span scenes.
func (d *decoder) resolve(p *Project) {
	seen := map[string]*Scene{}
	for i := range p.Scenes {
		s := &p.Scenes[i]
		if s.Fit == "" {
			s.Fit = p.Fit
		}
		d.defaultPositions(s)
		d.backgroundFit(p, s)
		d.sceneTransition(p, s, i == len(p.Scenes)-1)
		d.uniqueID(seen, s)
	}
}

// defaultPositions points the positions of absent keys at the scene, so
// later stages (e.g. "an image needs a duration") can still name a line.
func (d *decoder) defaultPositions(s *Scene) {
	for _, p := range []struct {
		pos *Pos
		key string
	}{{&s.SourcePos, "source"}, {&s.DurationPos, "duration"}, {&s.Volume.Pos, "volume"}, {&s.SpeedPos, "speed"}} {
		if p.pos.File == "" {
			*p.pos = Pos{File: d.name, Line: s.Pos.Line, Path: s.Pos.Path + "." + p.key}
		}
	}
}

// sceneTransition sets the transition into the next scene: the scene's own,
// else a copy of the project default. The last scene has none: one written
// there is ignored with a warning (editly ignores it too) that points to
// fade_out.
func (d *decoder) sceneTransition(p *Project, s *Scene, last bool) {
	if last {
		if t := s.Transition; t != nil {
			p.Warnings = append(p.Warnings, t.Pos.Errorf("the last scene has no next scene, so its transition (%s) is ignored; to fade the film out, use the top-level fade_out (e.g. fade_out: 1s)", t.Type))
		}
		s.Transition = nil
		return
	}
	if s.Transition == nil {
		t := p.Transition
		s.Transition = &t
	}
}

// uniqueID reports a scene whose id (given or defaulted) is already taken.
func (d *decoder) uniqueID(seen map[string]*Scene, s *Scene) {
	prev, dup := seen[s.ID]
	if !dup {
		seen[s.ID] = s
		return
	}
	where, ok := d.idPos[s.Index]
	if !ok {
		where = s.Pos
	}
	d.at(where, "duplicate scene id %q (%s has it too, line %d)", s.ID, prev.Pos.Path, prev.Pos.Line)
}

// checkSource reports a source file that is missing or unreadable.
func (d *decoder) checkSource(f field, written, abs string) {
	if d.opts.SkipFileChecks {
		return
	}
	info, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.errorf(f.val, f.path, "file not found: %s (looked in %s)", written, filepath.Dir(abs))
	case err != nil:
		d.errorf(f.val, f.path, "cannot read %s: %v", written, unwrapPath(err))
	case info.IsDir():
		d.errorf(f.val, f.path, "%s is a directory, not a video, image or audio file", written)
	case info.Mode().IsRegular() && info.Size() == 0:
		d.errorf(f.val, f.path, "%s is empty (0 bytes), not a video, image or audio file", written)
	default:
		d.readable(f, written, abs)
	}
}

// readable reports a source file that exists but cannot be opened.
func (d *decoder) readable(f field, written, abs string) {
	fh, err := os.Open(abs)
	if err != nil {
		d.errorf(f.val, f.path, "cannot read %s: %v", written, unwrapPath(err))
		return
	}
	fh.Close()
}

// unwrapPath drops the path from an *fs.PathError (the message names it).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
