package pipeline

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/suggest"
)

// checkOutputExt refuses an output path whose extension no output of reel
// has (a usage error).
func checkOutputExt(flag, path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if !slices.Contains(config.OutputExts, ext) {
		return &RequestError{Field: "output", Err: fmt.Errorf("%s %s: reel writes %s files%s", flag, path, strings.Join(config.OutputExts, ", "), suggest.Hint(ext, config.OutputExts))}
	}
	return nil
}

// oneOutputError refuses two new paths for a project's one output.
func oneOutputError(flag, a, b string) error {
	return &RequestError{Field: "output", Err: fmt.Errorf("%s %s and %s %s: the project has one output, and a render writes it to one path", flag, a, flag, b)}
}

// names are the renditions' names.
func names(outs []config.Output) []string {
	ns := make([]string, len(outs))
	for i, o := range outs {
		ns[i] = o.Name
	}
	return ns
}

// listOutputs names the renditions for a message: "name (path), ...".
func listOutputs(p *config.Project, outs []config.Output) string {
	names := make([]string, len(outs))
	for i, o := range outs {
		path := o.Path
		if r, err := filepath.Rel(p.Dir, path); err == nil && !strings.HasPrefix(r, "..") {
			path = r
		}
		names[i] = o.Name + " (" + path + ")"
	}
	return strings.Join(names, ", ")
}

// CheckOutputArg refuses, before any project is read, an output entry that
// no project can make right: one that looks like a path (it has an
// extension or a directory) with an extension reel does not write, or a
// place no file can be written. A bare name is left to the project.
func CheckOutputArg(flag, x string) error {
	ext := strings.ToLower(filepath.Ext(x))
	if ext == "" && !strings.ContainsRune(x, filepath.Separator) {
		return nil
	}
	if !slices.Contains(imageExts, ext) {
		if err := checkOutputExt(flag, x); err != nil {
			return err
		}
	}
	if err := CheckWritable(x); err != nil {
		return &RequestError{Field: "output", Err: fmt.Errorf("%s %s: %w", flag, x, err)}
	}
	return nil
}

// imageExts are the extensions of the poster and the thumbnail sheet, and
// the sheet's index.
var imageExts = []string{".jpg", ".jpeg", ".png", ".vtt"}
