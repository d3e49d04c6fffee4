package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/pipeline"
)

// checkToolOutput checks the -o file of a helper command (grades export,
// grades preview) before any work: an extension the command writes, never
// one of its inputs under any spelling, and a place it can be written (see
// pipeline.CheckWritable). Every problem is a usage error naming -o.
func checkToolOutput(out string, exts []string, inputs ...string) error {
	ext := strings.ToLower(filepath.Ext(out))
	if !slices.Contains(exts, ext) {
		return usage(fmt.Errorf("-o %s: this command writes %s files%s", out, strings.Join(exts, ", "), suggest.Hint(ext, exts)))
	}
	for _, in := range inputs {
		if pipeline.SameFile(out, in) {
			return usage(fmt.Errorf("-o %s: this is the input %s; reel never writes over its inputs, name another output file", out, in))
		}
	}
	if err := pipeline.CheckWritable(out); err != nil {
		return usage(fmt.Errorf("-o %s: %w", out, err))
	}
	return nil
}

// partialPath is the hidden temporary file beside path that a command
// writes before renaming it into place (pipeline.PartialPath).
func partialPath(path string) string { return pipeline.PartialPath(path) }
