package cut

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"

	"github.com/reel-film/reel/interchange/edl"
	"github.com/reel-film/reel/interchange/otio"
	"github.com/reel-film/reel/internal/frac"
)

func sortStrings(s []string) { sort.Strings(s) }

// IsCut reports whether path names a file reel reads as an edit: an
// OpenTimelineIO timeline (.otio) or a CMX 3600 EDL (.edl).
func IsCut(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".otio", ".edl":
		return true
	}
	return false
}

// Read reads an .otio or .edl file's bytes into a cut; name is the file as
// the user named it.
// fps is an EDL's frame rate (zero: as the file says or a guess).
func Read(data []byte, name string, fps frac.Rational) (*Cut, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".otio":
		tl, err := otio.Decode(data, name)
		if err != nil {
			return nil, err
		}
		return FromOTIO(tl)
	case ".edl":
		list, err := edl.Parse(data, name)
		if err != nil {
			return nil, err
		}
		return FromEDL(list, fps)
	}
	return nil, fmt.Errorf("%s: reel reads .otio and .edl files", name)
}

// Load reads the cut file at path and writes it as a project whose
// relative paths resolve against o.Dir (default: the file's directory).
func Load(path string, o Options) ([]byte, []Warning, error) {
	cv, err := Convert(path, o)
	if err != nil {
		return nil, nil, err
	}
	return cv.Data, cv.Warnings, nil
}

// Converted is a cut file made a project: its text, what the conversion
// left out or guessed, and where each scene came from in the file.
type Converted struct {
	Data     []byte
	Warnings []Warning
	File     string  // the cut file as the user named it
	scenes   []place // where scenes[i] is in the cut file
}

type place struct {
	line int
	path string
}

// Convert reads the cut file at path as Load does, keeping where each
// scene comes from, so that the project's problems can name the cut's
// lines (Remap).
func Convert(path string, o Options) (*Converted, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Read(data, path, o.FPS)
	if err != nil {
		return nil, err
	}
	if o.Base == "" {
		o.Base = filepath.Dir(path)
	}
	if o.Dir == "" {
		o.Dir = o.Base
	}
	text, warnings, err := Project(c, o)
	if err != nil {
		return nil, err
	}
	cv := &Converted{Data: text, Warnings: warnings, File: path}
	for _, s := range c.Shots {
		cv.scenes = append(cv.scenes, place{s.Line, s.Path})
	}
	return cv, nil
}

var scenePath = regexp.MustCompile(`^scenes\[(\d+)\]`)

// Place returns where a problem at a path of the project (scenes[2].trim)
// is in the cut: the line of the clip it comes from, and its place in the
// file with the project's path in brackets. ok is false for a path
// outside the scenes (one that reel's metadata gave).
func (cv *Converted) Place(path string) (line int, where string, ok bool) {
	m := scenePath.FindStringSubmatch(path)
	if m == nil {
		return 0, path, false
	}
	i, err := strconv.Atoi(m[1])
	if err != nil || i >= len(cv.scenes) || cv.scenes[i].path == "" {
		return 0, path, false
	}
	p := cv.scenes[i]
	return p.line, fmt.Sprintf("%s (%s)", p.path, path), true
}

// Remap makes the problems of the converted project (config.Errors, at
// the project's lines) name the cut's lines and items; other errors are
// returned as they are.
func (cv *Converted) Remap(err error) error {
	var errs config.Errors
	var one *config.Error
	switch {
	case errors.As(err, &errs):
		out := make(config.Errors, len(errs))
		for i, e := range errs {
			out[i] = cv.remapOne(e)
		}
		return out
	case errors.As(err, &one):
		return cv.remapOne(one)
	}
	return err
}

func (cv *Converted) remapOne(e *config.Error) *config.Error {
	c := *e
	if c.File != cv.File {
		return &c
	}
	if line, where, ok := cv.Place(c.Path); ok {
		c.Line, c.Path = line, where
	} else {
		c.Line = 0 // a line of the converted project means nothing to the user
	}
	return &c
}

// RemapText does what Remap does to a problem already written as text
// ("cut.otio:24: scenes[1].trim: ...", a plan's warning).
func (cv *Converted) RemapText(s string) string {
	prefix := cv.File + ":"
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return s
	}
	num, after, ok := strings.Cut(rest, ": ")
	if _, err := strconv.Atoi(num); !ok || err != nil {
		return s
	}
	path, msg, ok := strings.Cut(after, ": ")
	if !ok {
		return s
	}
	if line, where, ok := cv.Place(path); ok {
		return fmt.Sprintf("%s%d: %s: %s", prefix, line, where, msg)
	}
	return fmt.Sprintf("%s %s", prefix, after)
}
