package rows

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/quote"
)

// readCSV reads rows from CSV: the first record names the fields, each
// other record is a row. An empty cell gives no value (the field's default
// applies); the others are untyped (config.TypeOf types them as unquoted
// YAML values: "48" a number, "3s" text).
func readCSV(name string, data []byte) ([]Row, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // counted here, for a message that says what to fix
	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	var bad problems
	checkHeader(name, header, func(i int) int { l, _ := r.FieldPos(i); return l }, &bad)
	if err := bad.err(); err != nil {
		return nil, err
	}
	var rows []Row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			bad = append(bad, csvError(name, err))
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			bad.add(name, line, "row %d has %d cells, the header names %d fields (quote a cell that holds a comma: \"Paris, France\")", len(rows)+1, len(rec), len(header))
			rows = append(rows, Row{})
			continue
		}
		vals := config.Values{}
		for i, cell := range rec {
			if cell != "" {
				vals[header[i]] = config.Value{Text: cell}
			}
		}
		rows = append(rows, Row{Index: len(rows) + 1, Line: line, Label: label(name, line, len(rows)+1), Values: vals})
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// checkHeader reports header cells that are empty, repeated or not field
// names.
func checkHeader(name string, header []string, lineOf func(int) int, bad *problems) {
	if len(header) == 1 {
		for _, sep := range []string{";", "\t", "|"} {
			if strings.Contains(header[0], sep) {
				bad.add(name, lineOf(0), "the header %s is one column: reel reads comma-separated values, and this file looks separated by %s (save it with commas)", quote.Q(header[0]), quote.Q(sep))
				return
			}
		}
	}
	first := map[string]int{}
	for i, h := range header {
		col, line := i+1, lineOf(i)
		switch {
		case h == "":
			bad.add(name, line, "column %d of the header is empty (the header's cells name the fields)", col)
		case !config.IsFieldName(h):
			bad.add(name, line, "column %d of the header, %s, is not a field name (a name holds letters, digits, _ and -, and starts with a letter or _; no spaces)", col, quote.Q(h))
		case first[h] > 0:
			bad.add(name, line, "columns %d and %d of the header both name %s (name each field once)", first[h], col, quote.Q(h))
		default:
			first[h] = col
		}
	}
}

// csvError names the line of a CSV syntax error and says what to fix.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	fix := ""
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		fix = ` (a cell with a quote in it is quoted, and its quotes doubled: "say ""hi""")`
	case errors.Is(pe.Err, csv.ErrQuote):
		fix = ` (a quoted cell ends with a quote before the next comma or line; double a quote inside it: "say ""hi""")`
	}
	// A quoted cell that is never closed runs to the end of the file: the
	// row's first line is where to look.
	return errors.New(name + ":" + strconv.Itoa(pe.StartLine) + ": " + pe.Err.Error() + " (line " + strconv.Itoa(pe.Line) + ", byte " + strconv.Itoa(pe.Column) + ")" + fix)
}
