package config

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ArgFile is an existing local file that one argument of a command names.
type ArgFile struct {
	Arg   int    // the argument's index in the command (0: the program)
	Where string // "run[2]"; "run[3]=" for the value of --flag=path; "run[4]@" for @path; "run[5]=@" for name=@path
	Path  string // absolute
}

// CommandFiles lists the existing regular files a command reads by name:
// each argument, the part after its first '=', the part after a leading '@'
// (as curl reads @body.json) or after "=@" (curl's -F image=@still.png, with
// any ";type=..." after the name left out), and the program itself when it is a path
// rather than a name looked up in PATH. Relative paths are taken from dir,
// where reel runs the command. Directories are left out (they can be whole
// model folders). The output checks and a generated clip's cache key both
// read this list, so they agree on what a command reads.
func CommandFiles(dir string, run []string) []ArgFile {
	var out []ArgFile
	add := func(i int, where, arg string) {
		if p, ok := localFile(dir, arg); ok {
			out = append(out, ArgFile{Arg: i, Where: where, Path: p})
		}
	}
	for i, arg := range run {
		where := "run[" + strconv.Itoa(i) + "]"
		if i == 0 {
			if strings.ContainsRune(arg, filepath.Separator) {
				add(i, where, arg)
			}
			continue
		}
		add(i, where, arg)
		if _, v, ok := strings.Cut(arg, "="); ok {
			add(i, where+"=", v)
			if v, ok := strings.CutPrefix(v, "@"); ok {
				add(i, where+"=@", atFile(dir, v))
			}
		}
		if v, ok := strings.CutPrefix(arg, "@"); ok {
			add(i, where+"@", atFile(dir, v))
		}
	}
	return out
}

// atFile is the file of an @ argument without the parameters curl allows
// after it (image=@still.png;type=image/png); a name that itself holds a
// ';' is taken whole when no file has the shorter name.
func atFile(dir, v string) string {
	if f, _, ok := strings.Cut(v, ";"); ok {
		if _, ok := localFile(dir, f); ok {
			return f
		}
	}
	return v
}

// localFile resolves arg against dir and says whether it names a regular
// file.
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
	return filepath.Clean(p), true
}
