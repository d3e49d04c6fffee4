package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/rows"
)

// projectFiles expands the command line's projects: a file is itself, a
// directory every .yaml and .yml project file directly in it (sorted;
// hidden files skipped).
func projectFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			if os.IsNotExist(err) {
				return nil, usage(fmt.Errorf("project %s does not exist", a))
			}
			return nil, usage(fmt.Errorf("project %s: %w", a, err))
		}
		if !fi.IsDir() {
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, usage(fmt.Errorf("project directory %s: %w", a, err))
		}
		n := len(out)
		for _, e := range entries {
			name := e.Name()
			ext := strings.ToLower(filepath.Ext(name))
			if e.Type().IsRegular() && !strings.HasPrefix(name, ".") && (ext == ".yaml" || ext == ".yml") {
				out = append(out, filepath.Join(a, name))
			}
		}
		if len(out) == n {
			return nil, usage(fmt.Errorf("project directory %s holds no .yaml or .yml project file", a))
		}
	}
	return out, nil
}

// setValues reads --set name=value flags, each name checked against the
// fields the projects declare: a value for a field no project declares is
// a mistake (a misspelt name), not a value to ignore.
func setValues(sets []string, projects []string) (config.Values, error) {
	vals, err := rows.ParseSet(sets)
	if err != nil || len(vals) == 0 {
		return vals, usage(err)
	}
	var declared []string
	for _, p := range projects {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, usage(fmt.Errorf("project %s: %w", p, err))
		}
		fields, err := config.ReadFields(data, p)
		if err != nil {
			return nil, err // the project's own mistake, reported as such (exit 2)
		}
		for _, f := range fields {
			declared = append(declared, f.Name)
		}
	}
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if !slices.Contains(declared, n) {
			hint := suggest.Hint(n, declared)
			if hint == "" && len(declared) > 0 {
				hint = " (its fields: " + strings.Join(declared, ", ") + ")"
			} else if hint == "" {
				hint = " (it declares no fields:)"
			}
			return nil, usage(fmt.Errorf("--set %s: the project has no merge field %q%s", n, n, hint))
		}
	}
	return vals, nil
}

// variantRequests makes the batch's variants: every project with every
// row of the data file (or once, without one), each with the --set
// values over the row's.
func variantRequests(cmd *cobra.Command, s settings, projects []string, data string, set config.Values) ([]pipeline.Request, error) {
	var rs []rows.Row
	if data != "" {
		var err error
		if rs, err = rows.Read(data); err != nil {
			return nil, usage(err)
		}
	}
	var out []pipeline.Request
	for _, p := range projects {
		if data == "" {
			req := newRequest(cmd, s, p)
			req.Values = set
			out = append(out, req)
			continue
		}
		for _, r := range rs {
			req := newRequest(cmd, s, p)
			req.Values = config.Values{}
			for k, v := range r.Values {
				req.Values[k] = v
			}
			for k, v := range set {
				req.Values[k] = v
			}
			req.Row = r.Label
			if len(projects) > 1 {
				req.Row = p + " × " + r.Label
			}
			out = append(out, req)
		}
	}
	return out, nil
}
