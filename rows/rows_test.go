package rows

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
)

// readFile writes data to a file called name in a new directory and reads
// its rows; labels name the file by its base name.
func readFile(t *testing.T, name, data string) ([]Row, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	return Read(name)
}

// str and untyped make values.
func str(s string) config.Value     { return config.Value{Text: s, Tag: "!!str"} }
func untyped(s string) config.Value { return config.Value{Text: s} }

// row makes the Row index of file at line.
func row(file string, index, line int, vals config.Values) Row {
	return Row{Index: index, Line: line, Label: fmt.Sprintf("%s:%d (row %d)", file, line, index), Values: vals}
}

// TestRead checks the rows of good files, with their lines and labels.
func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name, file, data string
		want             []Row
	}{
		{"csv", "rows.csv", "name,city,len\nAda,Paris,3s\nZoë,\"Paris, France\",48\n", []Row{
			row("rows.csv", 1, 2, config.Values{"name": untyped("Ada"), "city": untyped("Paris"), "len": untyped("3s")}),
			row("rows.csv", 2, 3, config.Values{"name": untyped("Zoë"), "city": untyped("Paris, France"), "len": untyped("48")}),
		}},
		{"csv with UTF-8, CRLF and a BOM", "rows.csv", "\xEF\xBB\xBFname,city\r\n李雷,\"Ñandú, \"\"el\"\" sur\"\r\nΖωή,\r\n", []Row{
			row("rows.csv", 1, 2, config.Values{"name": untyped("李雷"), "city": untyped(`Ñandú, "el" sur`)}),
			row("rows.csv", 2, 3, config.Values{"name": untyped("Ζωή")}),
		}},
		{"csv with a newline in a cell", "rows.csv", "id,text\n1,\"two\r\nlines\"\n2,x\n", []Row{
			row("rows.csv", 1, 2, config.Values{"id": untyped("1"), "text": untyped("two\nlines")}),
			row("rows.csv", 2, 4, config.Values{"id": untyped("2"), "text": untyped("x")}),
		}},
		{"csv without a final newline, blank lines skipped", "rows.csv", "id\n\n1\n\n2", []Row{
			row("rows.csv", 1, 3, config.Values{"id": untyped("1")}),
			row("rows.csv", 2, 5, config.Values{"id": untyped("2")}),
		}},
		{"csv with an empty row", "rows.csv", "a,b\n,\n", []Row{row("rows.csv", 1, 2, config.Values{})}},
		{"json", "rows.json", `[
  {"name": "Ada", "n": 48, "x": -1.5e3, "len": "3s", "ok": true, "city": null},
  {"name": "Zoë"}, {}
]`, []Row{
			row("rows.json", 1, 2, config.Values{"name": str("Ada"), "n": {Text: "48", Tag: "!!int"}, "x": {Text: "-1.5e3", Tag: "!!float"}, "len": str("3s"), "ok": {Text: "true", Tag: "!!bool"}}),
			row("rows.json", 2, 3, config.Values{"name": str("Zoë")}),
			row("rows.json", 3, 3, config.Values{}),
		}},
		{"json with a BOM, numbers as written", "rows.json", "\xEF\xBB\xBF[{\"n\": 1.50, \"m\": 100000000000000000000000}]", []Row{
			row("rows.json", 1, 1, config.Values{"n": {Text: "1.50", Tag: "!!float"}, "m": {Text: "100000000000000000000000", Tag: "!!int"}}),
		}},
		{"jsonl", "rows.jsonl", "{\"name\": \"Ada\", \"n\": 2}\n\n   \r\n{\"name\": \"李雷\"}\r\n{\"name\": \"x\\ny\"}", []Row{
			row("rows.jsonl", 1, 1, config.Values{"name": str("Ada"), "n": {Text: "2", Tag: "!!int"}}),
			row("rows.jsonl", 2, 4, config.Values{"name": str("李雷")}),
			row("rows.jsonl", 3, 5, config.Values{"name": str("x\ny")}),
		}},
		{"extension in capitals", "ROWS.CSV", "a\n1\n", []Row{row("ROWS.CSV", 1, 2, config.Values{"a": untyped("1")})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readFile(t, tc.file, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

// TestReadErrors checks the report of each bad file: the file and line,
// and what to fix.
func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"empty csv", "rows.csv", "", "rows.csv: the file is empty (a header line naming the fields, then one line per variant)"},
		{"header only", "rows.csv", "name,city\n", "rows.csv: the file holds no rows (a header line naming the fields, then one line per variant)"},
		{"ragged row", "rows.csv", "name,city\nAda,Paris\nZoë,Paris, France\n", `rows.csv:3: row 2 has 3 cells, the header names 2 fields (quote a cell that holds a comma: "Paris, France")`},
		{"short row", "rows.csv", "name,city\nAda\n", `rows.csv:2: row 1 has 1 cells, the header names 2 fields (quote a cell that holds a comma: "Paris, France")`},
		{"duplicate header", "rows.csv", "name,city,name\na,b,c\n", `rows.csv:1: columns 1 and 3 of the header both name "name" (name each field once)`},
		{"empty header cell", "rows.csv", "name,,city\na,b,c\n", `rows.csv:1: column 2 of the header is empty (the header's cells name the fields)`},
		{"space in a header", "rows.csv", "name, city\na,b\n", `rows.csv:1: column 2 of the header, " city", is not a field name (a name holds letters, digits, _ and -, and starts with a letter or _; no spaces)`},
		{"semicolons", "rows.csv", "name;city\nAda;Paris\n", `rows.csv:1: the header "name;city" is one column: reel reads comma-separated values, and this file looks separated by ";" (save it with commas)`},
		{"tabs", "rows.csv", "name\tcity\nAda\tParis\n", `rows.csv:1: the header "name\tcity" is one column: reel reads comma-separated values, and this file looks separated by "\t" (save it with commas)`},
		{"bare quote", "rows.csv", "name\nsay \"hi\"\n", `rows.csv:2: bare " in non-quoted-field (line 2, byte 5) (a cell with a quote in it is quoted, and its quotes doubled: "say ""hi""")`},
		{"unclosed quote", "rows.csv", "name\n\"Ada\nZoë\n", `rows.csv:2: extraneous or missing " in quoted-field (line 3, byte 6) (a quoted cell ends with a quote before the next comma or line; double a quote inside it: "say ""hi""")`},
		{"latin-1", "rows.csv", "name\nAda\nZo\xEB\n", "rows.csv:3: the file is not valid UTF-8 (byte 0xEB); save it as UTF-8"},
		{"latin-1 json", "rows.json", "[{\"name\": \"Ada\"},\n {\"name\": \"Zo\xEB\"}]", "rows.json:2: the file is not valid UTF-8 (byte 0xEB); save it as UTF-8"},
		{"unknown extension", "rows.txt", "a\n1\n", `rows.txt: reel reads rows from .csv, .json (an array of objects) or .jsonl (one object per line) files, not ".txt"`},
		{"no extension", "rows", "a\n1\n", `rows: reel reads rows from .csv, .json (an array of objects) or .jsonl (one object per line) files, not ""`},
		{"json object", "rows.json", `{"name": "Ada"}`, `rows.json:1: expected an array of objects, one per variant ([{"name": "Ada"}, {"name": "Zoë"}]), found an object`},
		{"empty json array", "rows.json", "[ ]\n", `rows.json: the file holds no rows (an array of objects, one per variant: [{"name": "Ada"}, {"name": "Zoë"}])`},
		{"nested values", "rows.json", "[\n {\"name\": \"Ada\"},\n {\"name\": \"Zoë\",\n  \"tags\": [\"a\", {\"b\": 1}],\n  \"who\": {\"first\": \"Zoë\"}}\n]", `rows.json:4: row 2: the value of "tags" is a list; a field's value is a string, a number or a boolean (write a list or a map as a string)` + "\n" +
			`rows.json:5: row 2: the value of "who" is an object; a field's value is a string, a number or a boolean (write a list or a map as a string)`},
		{"row not an object", "rows.json", "[{\"a\": 1},\n \"b\", [1]]", `rows.json:2: row 2 is the string "b"; a row is an object of field values, like {"name": "Ada", "age": 36}` + "\n" +
			`rows.json:2: row 3 is a list; a row is an object of field values, like {"name": "Ada", "age": 36}`},
		{"repeated key", "rows.json", "[{\"a\": 1,\n \"a\": 2}]", `rows.json:2: row 1 gives "a" twice (lines 1 and 2); give it once`},
		{"bad key", "rows.json", `[{"first name": "Ada"}]`, `rows.json:1: row 1: "first name" is not a field name (a name holds letters, digits, _ and -, and starts with a letter or _)`},
		{"json syntax", "rows.json", "[{\"a\": 1},\n {\"a\": 2,}]", `rows.json:2: invalid JSON: invalid character '}' looking for beginning of object key string`},
		{"json unclosed", "rows.json", "[{\"a\": 1},\n {\"a\": 2}", `rows.json:2: invalid JSON: the file ends inside a value (a bracket or brace is not closed)`},
		{"json trailing", "rows.json", "[{\"a\": 1}]\n[]", `rows.json:2: more JSON after the end of the array`},
		{"jsonl array", "rows.jsonl", "{\"a\": 1}\n[{\"a\": 2}]\n", `rows.jsonl:2: row 2 is a list; a row is an object of field values, like {"name": "Ada", "age": 36}`},
		{"jsonl two objects on a line", "rows.jsonl", "{\"a\": 1} {\"a\": 2}\n", `rows.jsonl:1: more JSON after the end of the line's object`},
		{"jsonl object over lines", "rows.jsonl", "{\"a\": 1,\n\"b\": 2}\n", "rows.jsonl:1: invalid JSON: the line ends inside a value (a bracket or brace is not closed)\n" +
			`rows.jsonl:2: invalid JSON: invalid character ':' looking for beginning of value`},
		{"jsonl nested", "rows.jsonl", "{\"a\": 1}\n{\"a\": {\"b\": 2}}\n", `rows.jsonl:2: row 2: the value of "a" is an object; a field's value is a string, a number or a boolean (write a list or a map as a string)`},
		{"blank jsonl", "rows.jsonl", "\n  \n", `rows.jsonl: the file is empty (one object per line, one per variant: {"name": "Ada"})`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readFile(t, tc.file, tc.data)
			if err == nil {
				t.Fatalf("no error; rows %+v", rows)
			}
			if rows != nil {
				t.Errorf("rows along with the error")
			}
			if err.Error() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", err, tc.want)
			}
		})
	}
}

// TestReadMissing checks that an unreadable file is an I/O error naming it.
func TestReadMissing(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "nope.csv"))
	if err == nil || !strings.Contains(err.Error(), "nope.csv") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v", err)
	}
}

// TestManyProblems checks that a file with many bad rows lists the first
// ones and counts the rest.
func TestManyProblems(t *testing.T) {
	data := "a,b\n" + strings.Repeat("1\n", 30)
	_, err := readFile(t, "rows.csv", data)
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || lines[maxErrors] != "and 10 more problems" || !strings.HasPrefix(lines[0], "rows.csv:2: row 1 ") {
		t.Errorf("got %d lines: %s ... %s", len(lines), lines[0], lines[len(lines)-1])
	}
}

// TestMergeRow checks that a row's values merge into a project: the CSV's
// untyped cells and JSON's typed values decode as the project expects.
func TestMergeRow(t *testing.T) {
	const tpl = "fields: {name: {}, len: {default: 2s}, crf: {default: 23}}\noutput: {crf: \"{{ crf }}\"}\nscenes:\n  - placeholder: {text: \"Hi {{ name }}\"}\n    duration: \"{{ len }}\"\n"
	for _, tc := range []struct{ file, data string }{
		{"rows.csv", "name,len,crf\n\"Zoë, the first\",3s,30\n"},
		{"rows.json", `[{"name": "Zoë, the first", "len": "3s", "crf": 30}]`},
		{"rows.jsonl", `{"name": "Zoë, the first", "len": "3s", "crf": 30}`},
	} {
		rows, err := readFile(t, tc.file, tc.data)
		if err != nil {
			t.Fatal(err)
		}
		p, err := config.Parse([]byte(tpl), "tpl.yaml", t.TempDir(), config.Options{SkipFileChecks: true, Values: rows[0].Values, Row: rows[0].Label})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if s := p.Scenes[0]; s.Placeholder.Text != "Hi Zoë, the first" || s.Duration.String() != "3s" || p.Output.CRF != 30 {
			t.Errorf("%s: text %q duration %s crf %d", tc.file, s.Placeholder.Text, s.Duration, p.Output.CRF)
		}
	}
	rows, err := readFile(t, "rows.csv", "name,len\nAda,abc\n")
	if err != nil {
		t.Fatal(err)
	}
	_, err = config.Parse([]byte(tpl), "tpl.yaml", t.TempDir(), config.Options{SkipFileChecks: true, Values: rows[0].Values, Row: rows[0].Label})
	want := `rows.csv:2 (row 1): tpl.yaml:5: scenes[0].duration: "abc" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f) (the value comes from {{ len }} = "abc")`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// TestParseSet checks --set values.
func TestParseSet(t *testing.T) {
	got, err := ParseSet([]string{"name=Ada", "city=Paris=France", "n=48", "empty=", "greeting=a: b"})
	if err != nil {
		t.Fatal(err)
	}
	want := config.Values{"name": untyped("Ada"), "city": untyped("Paris=France"), "n": untyped("48"), "empty": untyped(""), "greeting": untyped("a: b")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, err := ParseSet(nil); err != nil || len(got) != 0 {
		t.Errorf("no args: %v %v", got, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"name"}, `--set "name": write --set name=value`},
		{[]string{"=Ada"}, `--set "=Ada": the field's name is missing before the = (write --set name=value)`},
		{[]string{"first name=Ada"}, `--set "first name=Ada": "first name" is not a field name (a name holds letters, digits, _ and -, and starts with a letter or _)`},
		{[]string{"name=Zo\xEB"}, `--set name: the value is not valid UTF-8`},
		{[]string{"name=Ada", "city=x", "name=Zoë"}, `--set "name=Ada" and --set "name=Zoë" both give name (give it once)`},
		{[]string{"a", "=b"}, "--set \"a\": write --set name=value\n--set \"=b\": the field's name is missing before the = (write --set name=value)"},
	} {
		if _, err := ParseSet(tc.args); err == nil || err.Error() != tc.want {
			t.Errorf("%q: got\n%v\nwant\n%s", tc.args, err, tc.want)
		}
	}
}
