// Package rows reads the data of a batch render: one row of merge values
// per variant, from a CSV file (a header line names the fields), a JSON
// array of objects or JSON Lines (one object per line), and the values of
// --set name=value. Every problem names the file and line, and what to fix.
package rows

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/reel-film/reel/config"
)

// Row is one variant's merge values.
type Row struct {
	Index  int           // 1-based, in the order of the file
	Line   int           // where the row starts in the data file
	Label  string        // names the row in messages: "rows.csv:4 (row 3)" (config.Options.Row)
	Values config.Values // by field name; a field without a value here takes its default
}

// reader returns the reader of data files with the extension ext.
func reader(ext string) (func(name string, data []byte) ([]Row, error), bool) {
	switch ext {
	case ".csv":
		return readCSV, true
	case ".json":
		return readJSON, true
	case ".jsonl", ".ndjson":
		return readJSONL, true
	}
	return nil, false
}

// Read reads the rows of the data file at path (see Parse). Labels name the
// file as path does.
func Read(path string) ([]Row, error) {
	if _, ok := reader(strings.ToLower(filepath.Ext(path))); !ok {
		return nil, unknownFormat(path)
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, missingError(path)
	case err != nil:
		return nil, fmt.Errorf("data file %s: %w", path, unwrapPath(err))
	}
	return Parse(path, data)
}

// Parse reads the rows of data, a file called name, by the extension of
// name: .csv, .json (an array of objects) or .jsonl (one object per line;
// .ndjson too). A byte-order mark is skipped. A file without rows, in
// another encoding than UTF-8, or with a value that is not a string,
// number or boolean is an error.
func Parse(name string, data []byte) ([]Row, error) {
	ext := strings.ToLower(filepath.Ext(name))
	read, ok := reader(ext)
	if !ok {
		return nil, unknownFormat(name)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if err := checkUTF8(name, data); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: the file is empty (%s)", name, shape(ext))
	}
	rows, err := read(name, data)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: the file holds no rows (%s)", name, shape(ext))
	}
	return rows, nil
}

// unknownFormat is the error for a data file of no known extension.
func unknownFormat(name string) error {
	return fmt.Errorf("%s: reel reads rows from .csv, .json (an array of objects) or .jsonl (one object per line) files, not %q", name, filepath.Ext(name))
}

// shape says what a data file of the extension holds.
func shape(ext string) string {
	if ext == ".csv" {
		return "a header line naming the fields, then one line per variant"
	}
	if ext == ".json" {
		return `an array of objects, one per variant: [{"name": "Ada"}, {"name": "Zoë"}]`
	}
	return `one object per line, one per variant: {"name": "Ada"}`
}

// checkUTF8 reports the line of the first byte of data that is not UTF-8.
func checkUTF8(name string, data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return fmt.Errorf("%s:%d: the file is not valid UTF-8 (byte 0x%02X); save it as UTF-8", name, lineAt(data, i), data[i])
		}
		i += n
	}
	return nil
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	return bytes.Count(data[:max(0, min(off, len(data)))], []byte("\n")) + 1
}

// label names row index at line of the file name.
func label(name string, line, index int) string {
	return fmt.Sprintf("%s:%d (row %d)", name, line, index)
}

// maxErrors is how many problems of one file are listed.
const maxErrors = 20

// problems collects the problems of one file.
type problems []error

// add records a problem at line of the file name.
func (p *problems) add(name string, line int, format string, a ...any) {
	*p = append(*p, fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, a...)))
}

// err returns the problems as one error (nil for none), at most maxErrors
// of them.
func (p problems) err() error {
	if len(p) > maxErrors {
		return errors.Join(append(p[:maxErrors:maxErrors], fmt.Errorf("and %d more problems", len(p)-maxErrors))...)
	}
	return errors.Join(p...)
}

// unwrapPath drops the operation and path of a *fs.PathError, which the
// message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// missingError is a data file that does not exist; it is fs.ErrNotExist.
type missingError string

func (e missingError) Error() string        { return "data file " + string(e) + " does not exist" }
func (e missingError) Is(target error) bool { return target == fs.ErrNotExist }
