package ffmpeg

import (
	"fmt"
	"os"
	"strings"
)

// MaxInlineFilter is the longest filter graph passed to ffmpeg as an
// argument. Linux refuses any single argument over 128 KiB (MAX_ARG_STRLEN)
// with "argument list too long"; a longer graph (the audio mix of a film of
// many hundred scenes, a long text) is written to a file and passed with
// ffmpeg's script options instead.
const MaxInlineFilter = 64 << 10

// scriptOption is the option that reads the filter graph of opt from a
// file, or "" when opt takes no filter graph.
func scriptOption(opt string) string {
	switch {
	case opt == "-filter_complex" || opt == "-lavfi":
		return "-filter_complex_script"
	case opt == "-vf":
		return "-filter_script:v"
	case opt == "-af":
		return "-filter_script:a"
	case opt == "-filter" || strings.HasPrefix(opt, "-filter:"):
		return "-filter_script" + strings.TrimPrefix(opt, "-filter")
	}
	return ""
}

// spillFilters returns args with every filter graph longer than
// MaxInlineFilter moved into a file in dir (the system temp dir when empty),
// and a function that removes those files. args itself is not changed.
func spillFilters(args []string, dir string) ([]string, func(), error) {
	var files []string
	cleanup := func() {
		for _, f := range files {
			_ = os.Remove(f)
		}
	}
	var out []string
	for i := 0; i < len(args); i++ {
		script := scriptOption(args[i])
		if script == "" || i+1 >= len(args) || len(args[i+1]) <= MaxInlineFilter {
			continue
		}
		if out == nil {
			out = append([]string(nil), args...)
		}
		f, err := os.CreateTemp(dir, "reel-filter-*.txt")
		if err != nil {
			cleanup()
			return nil, func() {}, fmt.Errorf("writing a long filter graph to a file: %w", err)
		}
		files = append(files, f.Name())
		_, werr := f.WriteString(args[i+1])
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			cleanup()
			return nil, func() {}, fmt.Errorf("writing a long filter graph to a file: %w", werr)
		}
		out[i], out[i+1] = script, f.Name()
		i++
	}
	if out == nil {
		return args, cleanup, nil
	}
	return out, cleanup, nil
}
