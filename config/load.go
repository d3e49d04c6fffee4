package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/transitions"
)

// Options adjusts how a project is checked.
type Options struct {
	// Transitions is the catalogue of the FFmpeg that will render
	// (transitions.Discover): transition names are looked up in it (e.g.
	// `unknown transition "wipelfet" (did you mean "wipeleft"?)`); nil
	// skips the check. It is the one catalogue found at run time: audio
	// curves (transitions.CheckCurve) and grade presets (looks.Builtin)
	// are fixed, and config looks names up in them directly.
	Transitions *transitions.Catalogue
	// SkipFileChecks skips the existence/readability checks on sources (for
	// golden tests of plans built from fixed data).
	SkipFileChecks bool
	// Partial returns the project decoded so far together with the errors
	// (instead of a nil project), so that a caller can still probe the
	// sources that exist and report everything at once. Such a project is
	// for that only: it is not valid.
	Partial bool
	// Values are the merge values of this variant (see Value): every
	// {{ name }} in the project's values is replaced before decoding. A
	// field the project does not declare, or a declared field without a
	// default that Values lacks, is an error.
	Values Values
	// Row names the variant in messages ("rows.csv:4 (row 3)"; "" for
	// none): an error in a project loaded with values says which row made
	// it (Error.Row).
	Row string
	// Confine, when set, keeps the project inside a server's directories
	// (see Confine); nil leaves it free, as on the command line.
	Confine *Confine
}

// Load reads the project file at path. On invalid input it returns a nil
// *Project and an Errors value listing every problem, sorted by line. I/O
// errors on the project file itself are returned wrapped.
func Load(path string, opts Options) (*Project, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading project file: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("reading project file: %w", err)
	}
	return Parse(data, path, filepath.Dir(abs), opts)
}

// Parse is Load on bytes already read; name is the file as the user named it
// (for messages), dir the directory that relative paths resolve against.
func Parse(data []byte, name, dir string, opts Options) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolving project directory %s: %w", dir, err)
	}
	root, perr := parseYAML(data, name)
	if perr != nil {
		perr.Row = opts.Row
		return nil, Errors{perr}
	}
	d := &decoder{name: name, dir: abs, opts: opts, idPos: map[int]Pos{}}
	p := d.merged(root)
	if len(d.errs) > 0 {
		sortErrors(d.errs)
		if opts.Partial {
			return p, d.errs
		}
		return nil, d.errs
	}
	return p, nil
}

// parseYAML reads exactly one document and returns its top node.
func parseYAML(data []byte, name string) (*yaml.Node, *Error) {
	dec := yaml.NewDecoder(bytes.NewReader(joinSurrogates(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Msg: "the project file is empty (it needs at least a scenes list)"}
		}
		return nil, syntaxError(name, data, err)
	}
	if len(doc.Content) == 0 {
		return nil, &Error{File: name, Msg: "the project file is empty (it needs at least a scenes list)"}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: name, Line: extra.Line, Msg: "a project file holds one YAML document; found a second one (remove the ---)"}
	} else if !errors.Is(err, io.EOF) {
		return nil, syntaxError(name, data, err)
	}
	return doc.Content[0], nil
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 error into an Error at the line it names. A
// tab in the indentation of a line up to that one is named as the cause:
// yaml.v3 only says it "found character that cannot start any token".
func syntaxError(name string, data []byte, err error) *Error {
	msg := err.Error()
	line := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if l, m := whereYAML(data, msg); l > 0 {
			return &Error{File: name, Line: l, Msg: m}
		}
		line = 1 // yaml.v3 names no line for an error on the first one
	}
	if strings.Contains(msg, "invalid Unicode character escape") {
		if m := badEscape(data, line); m != "" {
			return &Error{File: name, Line: line, Msg: m}
		}
	}
	if tab := tabIndent(data); tab > 0 && (tab == line || strings.Contains(msg, "tab character") ||
		strings.Contains(msg, "cannot start any token") && tab <= line) {
		return &Error{File: name, Line: tab, Msg: "tabs are not allowed for indentation in YAML; use spaces (indent with two spaces per level)"}
	}
	return &Error{File: name, Line: line, Msg: "invalid YAML: " + secret.RedactTokens(msg)}
}

// tabIndent returns the number of the first line whose indentation holds a
// tab, or 0.
func tabIndent(data []byte) int {
	for i, l := range bytes.Split(data, []byte("\n")) {
		rest := bytes.TrimLeft(l, " \t")
		if bytes.IndexByte(l[:len(l)-len(rest)], '\t') >= 0 {
			return i + 1
		}
	}
	return 0
}

// sortErrors orders es by line, keeping discovery order within a line.
func sortErrors(es Errors) {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
}
