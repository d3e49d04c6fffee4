package rows

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/quote"
)

// jsonReader reads rows from one JSON text, token by token, so that each
// row and value is placed at its line and a repeated key is seen.
type jsonReader struct {
	name string
	data []byte // the whole file, for lines
	base int    // the offset of the text read in data
	end  int    // and of its end
	what string // what the text is: "file" or "line"
	dec  *json.Decoder
	bad  problems
}

// newJSONReader reads data[base:end], what ("file" or "line") of the file.
func newJSONReader(name string, data []byte, base, end int, what string) *jsonReader {
	dec := json.NewDecoder(bytes.NewReader(data[base:end]))
	dec.UseNumber()
	return &jsonReader{name: name, data: data, base: base, end: end, what: what, dec: dec}
}

// line is the line of the last byte of the last token read.
func (j *jsonReader) line() int { return lineAt(j.data, j.base+int(j.dec.InputOffset())-1) }

// syntax turns a decoder error into one at its line.
func (j *jsonReader) syntax(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s:%d: invalid JSON: %v", j.name, lineAt(j.data, j.base+int(se.Offset)-1), se)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%s:%d: invalid JSON: the %s ends inside a value (a bracket or brace is not closed)", j.name, lineAt(j.data, j.end-1), j.what)
	}
	return fmt.Errorf("%s: invalid JSON: %w", j.name, err)
}

// readJSON reads rows from a JSON array of objects.
func readJSON(name string, data []byte) ([]Row, error) {
	j := newJSONReader(name, data, 0, len(data), "file")
	tok, err := j.dec.Token()
	if err != nil {
		return nil, j.syntax(err)
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("%s:%d: expected an array of objects, one per variant (%s), found %s", name, j.line(), `[{"name": "Ada"}, {"name": "Zoë"}]`, describe(tok))
	}
	var rows []Row
	for j.dec.More() {
		r, err := j.row(len(rows) + 1)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	if _, err := j.dec.Token(); err != nil { // the closing ]
		return nil, j.syntax(err)
	}
	if err := j.finish("array"); err != nil {
		return nil, err
	}
	if err := j.bad.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// finish checks that nothing follows the value read (what names it).
func (j *jsonReader) finish(what string) error {
	if _, err := j.dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return j.syntax(err)
		}
		return fmt.Errorf("%s:%d: more JSON after the end of the %s", j.name, j.line(), what)
	}
	return nil
}

// row reads one object: the row index of the file.
func (j *jsonReader) row(index int) (Row, error) {
	tok, err := j.dec.Token()
	if err != nil {
		return Row{}, j.syntax(err)
	}
	line := j.line()
	if tok != json.Delim('{') {
		if d, ok := tok.(json.Delim); ok {
			j.skip(d)
		}
		j.bad.add(j.name, line, `row %d is %s; a row is an object of field values, like {"name": "Ada", "age": 36}`, index, describe(tok))
		return Row{}, nil
	}
	r := Row{Index: index, Line: line, Label: label(j.name, line, index), Values: config.Values{}}
	seen := map[string]int{}
	for j.dec.More() {
		tok, err := j.dec.Token()
		if err != nil {
			return Row{}, j.syntax(err)
		}
		key, kline := tok.(string), j.line()
		tok, err = j.dec.Token()
		if err != nil {
			return Row{}, j.syntax(err)
		}
		if prev, dup := seen[key]; dup {
			j.bad.add(j.name, kline, "row %d gives %s twice (lines %d and %d); give it once", index, quote.Q(key), prev, kline)
		}
		seen[key] = kline
		if !config.IsFieldName(key) {
			j.bad.add(j.name, kline, "row %d: %s is not a field name (a name holds letters, digits, _ and -, and starts with a letter or _)", index, quote.Q(key))
		}
		v, ok := jsonValue(tok)
		if !ok {
			if d, isDelim := tok.(json.Delim); isDelim {
				j.skip(d)
			}
			j.bad.add(j.name, kline, "row %d: the value of %s is %s; a field's value is a string, a number or a boolean (write a list or a map as a string)", index, quote.Q(key), describe(tok))
			continue
		}
		if tok != nil {
			r.Values[key] = v
		} else {
			delete(r.Values, key) // null: no value, the default applies
		}
	}
	if _, err := j.dec.Token(); err != nil { // the closing }
		return Row{}, j.syntax(err)
	}
	return r, nil
}

// skip reads the rest of the array or object opened by d.
func (j *jsonReader) skip(d json.Delim) {
	if d != '[' && d != '{' {
		return
	}
	for depth := 1; depth > 0; {
		tok, err := j.dec.Token()
		if err != nil {
			return
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
}

// jsonValue is the merge value of a JSON scalar token: a string !!str, a
// number as written (!!int when whole digits, else !!float), a boolean
// !!bool. null is ok with no value; arrays and objects are not ok.
func jsonValue(tok json.Token) (config.Value, bool) {
	switch v := tok.(type) {
	case string:
		return config.Value{Text: v, Tag: "!!str"}, true
	case json.Number:
		s := v.String()
		if strings.ContainsAny(s, ".eE") {
			return config.Value{Text: s, Tag: "!!float"}, true
		}
		return config.Value{Text: s, Tag: "!!int"}, true
	case bool:
		return config.Value{Text: fmt.Sprint(v), Tag: "!!bool"}, true
	case nil:
		return config.Value{}, true
	}
	return config.Value{}, false
}

// describe names what a JSON token starts, for messages.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return "the string " + quote.Q(v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	case nil:
		return "null"
	}
	return fmt.Sprint(tok)
}
