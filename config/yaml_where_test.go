package config

import "testing"

// syntaxCases are files yaml.v3 refuses without naming a line (the first
// line, bytes that are not UTF-8, control characters, an unknown alias) or
// with words a user cannot act on (a UTF-16 surrogate pair).
var syntaxCases = []struct{ name, src, want string }{
	{"one-line JSON", `{"scenes": [{"placeholder": {}, "duration": "1s"}]`,
		`project.yaml:1: invalid YAML: did not find expected ',' or '}'`},
	{"first line", "scenes: [}\n", `project.yaml:1: invalid YAML: did not find expected node content`},
	{"not UTF-8", "scenes:\n  - placeholder: {text: caf\xe9}\n    duration: 1s\n",
		`project.yaml:2: the file is not UTF-8 text: byte 0xe9 at column 28 (save it as UTF-8)`},
	{"cut UTF-8", "scenes:\n  - placeholder: {}\n    duration: 1s # \xc3\n",
		`project.yaml:3: the file is not UTF-8 text: byte 0xc3 at column 20 (save it as UTF-8)`},
	{"UTF-8 surrogate", "scenes:\n  - placeholder: {text: \xed\xa0\x80}\n",
		`project.yaml:2: the file is not UTF-8 text: byte 0xed at column 25 (save it as UTF-8)`},
	{"control character", "scenes:\n\n  - placeholder: {text: a\x01b}\n",
		`project.yaml:3: the file holds the control character U+0001 at column 26; YAML does not allow it (remove it)`},
	{"control character quoted", "scenes:\n  - placeholder: {text: \"\x7f\"}\n",
		`project.yaml:2: the file holds the control character U+007F at column 26; YAML does not allow it (remove it)`},
	{"noncharacter", "scenes:\n  - placeholder: {text: \uFFFE}\n",
		`project.yaml:2: the file holds the control character U+FFFE at column 25; YAML does not allow it (remove it)`},
	{"unknown alias", "scenes:\n  - placeholder: *card\n    duration: 1s\n",
		`project.yaml:2: *card refers to no anchor (define it first with &card)`},
	{"surrogate pair in YAML", "scenes:\n  - placeholder: {text: \"ok \\ud83d\\udc4d\"}\n",
		`project.yaml:2: \ud83d\udc4d is a UTF-16 surrogate pair, which YAML does not read; write the character itself, or \U0001F44D`},
	{"lone surrogate in JSON", `{"scenes": [{"placeholder": {"text": "\udc4d"}, "duration": "1s"}]}`,
		`project.yaml:1: \udc4d is half of a UTF-16 surrogate pair, which YAML does not read; write the character itself`},
	{"past U+10FFFF", "scenes:\n  - placeholder: {text: \"\\U00110000\"}\n",
		`project.yaml:2: \U00110000 is not a Unicode character (the last is \U0010FFFF)`},
}

// TestSyntaxErrorsNameTheLine checks that every YAML error names its line.
func TestSyntaxErrorsNameTheLine(t *testing.T) {
	for _, tc := range syntaxCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
		})
	}
}

// TestJSONSurrogatePairs checks that a JSON project written with escaped
// surrogate pairs (Python's json.dump does so for every emoji) loads, with
// the characters they stand for, and that an escaped backslash stays one.
func TestJSONSurrogatePairs(t *testing.T) {
	src := "{\"scenes\": [\n" +
		`{"placeholder": {"text": "\ud83d\udc4d \u00e9 \\ud83d\\udc4d \"\ud83c\udff3\""}, "duration": "1s"}` + "\n]}"
	p, err := Parse([]byte(src), "project.json", t.TempDir(), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := "👍 é \\ud83d\\udc4d \"🏳\""
	if got := p.Scenes[0].Placeholder.Text; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}
