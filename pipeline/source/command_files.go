package source

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
)

// commandFiles returns the existing local files a command reads by name,
// keyed by the place that names them ("run[2]"; "run[3]=" for the value of
// --flag=path; "run[4]@" for @path). With the placeholders filled in for
// req, it looks at each argument, the part after its first '=', the part
// after a leading '@' (as curl reads @body.json), and the program itself
// when it is a path rather than a name looked up in PATH. Relative paths
// are taken from the project directory, where the program runs. Their
// content is part of the clip's key, so that changing a still, a mask or
// the script itself makes the clip again.
func commandFiles(g *config.Generator, req Request) map[string]string {
	f := fields(req, "")
	out := map[string]string{}
	add := func(where, arg string) {
		if p, ok := localFile(g.Dir, arg); ok {
			out[where] = p
		}
	}
	for i, a := range g.Run {
		arg := Expand(a, f)
		where := "run[" + strconv.Itoa(i) + "]"
		if i == 0 {
			if strings.ContainsRune(arg, filepath.Separator) {
				add(where, arg)
			}
			continue
		}
		add(where, arg)
		if _, v, ok := strings.Cut(arg, "="); ok {
			add(where+"=", v)
		}
		if v, ok := strings.CutPrefix(arg, "@"); ok {
			add(where+"@", v)
		}
	}
	return out
}

// localFile resolves arg against dir and says whether it names a regular
// file (directories are not hashed: they can be whole model folders).
func localFile(dir, arg string) (string, bool) {
	if arg == "" || strings.ContainsRune(arg, 0) || strings.Contains(arg, "://") {
		return "", false
	}
	p := arg
	if !filepath.IsAbs(p) {
		if dir == "" {
			return "", false
		}
		p = filepath.Join(dir, p)
	}
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return p, true
}
