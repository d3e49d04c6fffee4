package rows

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reel-film/reel/config"
)

// FuzzParse checks that the readers never panic, and that what they accept
// is well formed: rows numbered from 1 in order, lines that never go back,
// labels that name them, field names a project can declare, values that
// fit their tags, all UTF-8. data's first byte picks the format.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"cname,city\nAda,\"Paris, France\"\nZoë,\n",
		"c\xEF\xBB\xBFa,b\r\n\"x\r\ny\",2\r\n",
		"j[{\"name\": \"Ada\", \"n\": 48, \"x\": 1.5e3, \"ok\": true, \"z\": null}, {}]",
		"j[{\"a\": [1, {\"b\": 2}]}, \"s\"]",
		"l{\"a\": 1}\n\n{\"a\": \"李雷\"}\n",
		"l{\"a\": 1,\n\"b\": 2}\n",
	} {
		f.Add([]byte(s))
	}
	exts := map[byte]string{'c': "rows.csv", 'j': "rows.json", 'l': "rows.jsonl"}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		name, ok := exts[data[0]]
		if !ok {
			name = "rows.csv"
		}
		rows, err := Parse(name, data[1:])
		if (rows == nil) == (err == nil) {
			t.Fatalf("rows %v and error %v: want exactly one", rows != nil, err)
		}
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, name+":") || strings.Count(msg, "\n") > maxErrors {
				t.Fatalf("error %q", msg)
			}
			return
		}
		line := 0
		for i, r := range rows {
			if r.Index != i+1 || r.Line < 1 || r.Line < line || r.Label != label(name, r.Line, r.Index) {
				t.Fatalf("row %d: %+v after line %d", i+1, r, line)
			}
			line = r.Line
			for k, v := range r.Values {
				if !config.IsFieldName(k) || !utf8.ValidString(v.Text) || badValue(v) {
					t.Fatalf("row %d: %q = %+v", r.Index, k, v)
				}
			}
		}
	})
}

// badValue reports a value whose text does not fit its tag.
func badValue(v config.Value) bool {
	if v.Tag == "" || v.Tag == "!!str" {
		return false
	}
	return config.TypeOf(config.Value{Text: v.Text}) != v.Tag && !(v.Tag == "!!float" && config.TypeOf(config.Value{Text: v.Text}) == "!!int")
}
