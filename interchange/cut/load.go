package cut

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	c, err := Read(data, path, o.FPS)
	if err != nil {
		return nil, nil, err
	}
	if o.Base == "" {
		o.Base = filepath.Dir(path)
	}
	if o.Dir == "" {
		o.Dir = o.Base
	}
	return Project(c, o)
}
