package config

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fieldsHead declares the fields the project tests use.
const fieldsHead = `fields:
  name: {default: friend, description: "viewer's first name"}
  len: {default: 2s}
  crf: {default: 23}
  fps: {default: 29.97}
  interlaced: {default: false}
  city:
`

// parseWith parses src with vals as the merge values of the row "rows.csv:4
// (row 3)".
func parseWith(t *testing.T, src string, vals Values) (*Project, error) {
	t.Helper()
	opts := testOptions()
	opts.Values, opts.Row = vals, "rows.csv:4 (row 3)"
	return Parse([]byte(src), "project.yaml", t.TempDir(), opts)
}

// TestFieldDeclarations checks what the fields section declares and the
// values a project is loaded with.
func TestFieldDeclarations(t *testing.T) {
	src := fieldsHead + "  empty: {}\nscenes:\n  - placeholder: {text: \"{{ name }} in {{ city }}\"}\n    duration: 1s\n"
	p, err := parseWith(t, src, Values{"city": {Text: "Paris"}, "crf": {Text: "30", Tag: "!!int"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{
		{Name: "name", Default: &Value{Text: "friend", Tag: "!!str"}, Description: "viewer's first name", Pos: Pos{"project.yaml", 2, "fields.name"}},
		{Name: "len", Default: &Value{Text: "2s", Tag: "!!str"}, Pos: Pos{"project.yaml", 3, "fields.len"}},
		{Name: "crf", Default: &Value{Text: "23", Tag: "!!int"}, Pos: Pos{"project.yaml", 4, "fields.crf"}},
		{Name: "fps", Default: &Value{Text: "29.97", Tag: "!!float"}, Pos: Pos{"project.yaml", 5, "fields.fps"}},
		{Name: "interlaced", Default: &Value{Text: "false", Tag: "!!bool"}, Pos: Pos{"project.yaml", 6, "fields.interlaced"}},
		{Name: "city", Pos: Pos{"project.yaml", 7, "fields.city"}},
		{Name: "empty", Pos: Pos{"project.yaml", 8, "fields.empty"}},
	}
	if !reflect.DeepEqual(p.Fields, want) {
		t.Errorf("fields:\n%s", jsonDiff(t, p.Fields, want))
	}
	wantVals := Values{
		"name": {"friend", "!!str"}, "len": {"2s", "!!str"}, "crf": {"30", "!!int"}, "fps": {"29.97", "!!float"},
		"interlaced": {"false", "!!bool"}, "city": {"Paris", ""},
	}
	if !reflect.DeepEqual(p.Values, wantVals) {
		t.Errorf("values %v, want %v", p.Values, wantVals)
	}
	if got := p.Scenes[0].Placeholder.Text; got != "friend in Paris" {
		t.Errorf("text %q", got)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings: %v", p.Warnings)
	}

	// No fields, no values: nothing changes.
	p = parseOK(t, "scenes:\n  - placeholder: {text: hi}\n    duration: 1s\n", t.TempDir(), testOptions())
	if p.Fields != nil || p.Values != nil {
		t.Errorf("a project without fields: %v %v", p.Fields, p.Values)
	}
}

// TestMergedValues checks that substituted values decode as the values
// written in their place would: durations, whole and decimal numbers,
// booleans, text in UTF-8, in YAML and in JSON.
func TestMergedValues(t *testing.T) {
	src := fieldsHead + `output: {fps: "{{ fps }}", crf: "{{ crf }}"}
scenes:
  - placeholder: {text: "{{ name }}, {{ city }}: {{ len }}"}
    duration: "{{ len }}"
  - source: a.mp4
    deinterlace: "{{ interlaced }}"
`
	json := `{"fields": {"name": {"default": "friend"}, "len": null, "crf": {}, "fps": null, "interlaced": null, "city": null},
 "output": {"fps": "{{ fps }}", "crf": "{{ crf }}"},
 "scenes": [{"placeholder": {"text": "{{ name }}, {{ city }}: {{ len }}"}, "duration": "{{len}}"}, {"source": "a.mp4", "deinterlace": "{{ interlaced }}"}]}`
	for _, tc := range []struct {
		name, src string
		vals      Values
		text      string
		frames    int64 // of the scene at the film's rate
		crf       int
		fps       string
		deint     string
	}{
		{"defaults", src, Values{"city": {Text: "Paris"}}, "friend, Paris: 2s", 60, 23, "30000/1001", "off"},
		{"row values", src, Values{"city": {Text: "李雷"}, "name": {Text: "Zoë"}, "len": {Text: "3s"}, "crf": {Text: "30"}, "fps": {Text: "25"}, "interlaced": {Text: "true"}},
			"Zoë, 李雷: 3s", 75, 30, "25", "on"},
		{"JSON typed values", src, Values{"city": {Text: "Ñandú", Tag: "!!str"}, "len": {Text: "1.5s", Tag: "!!str"}, "crf": {Text: "18", Tag: "!!int"}, "interlaced": {Text: "true", Tag: "!!bool"}},
			"friend, Ñandú: 1.5s", 45, 18, "30000/1001", "on"},
		{"frames", src, Values{"city": {Text: "x"}, "len": {Text: "12f"}}, "friend, x: 12f", 12, 23, "30000/1001", "off"},
		{"JSON project", json, Values{"city": {Text: "Oslo"}, "len": {Text: "2s"}, "crf": {Text: "20"}, "fps": {Text: "24"}, "interlaced": {Text: "false"}},
			"friend, Oslo: 2s", 48, 20, "24", "off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parseWith(t, tc.src, tc.vals)
			if err != nil {
				t.Fatal(err)
			}
			s, o := p.Scenes[0], p.Output
			deint := p.Scenes[1].Deinterlace
			if s.Placeholder.Text != tc.text {
				t.Errorf("text %q, want %q", s.Placeholder.Text, tc.text)
			}
			if f := s.Duration.Frames(o.FPS); f != tc.frames {
				t.Errorf("duration %s = %d frames, want %d", s.Duration, f, tc.frames)
			}
			if o.CRF != tc.crf || o.FPS.String() != tc.fps || deint != tc.deint {
				t.Errorf("crf %d fps %s deinterlace %s, want %d %s %s", o.CRF, o.FPS, deint, tc.crf, tc.fps, tc.deint)
			}
		})
	}
}

// TestMergeInjection checks that a value stays one value in the decoded
// project: no key, list item or field comes out of it.
func TestMergeInjection(t *testing.T) {
	src := "fields: {name: {}, other: {default: SECRET}}\nscenes:\n  - placeholder: {text: \"Hi {{ name }}\"}\n    duration: 1s\n"
	for _, v := range []string{
		"x\nduration: 99s", "x\n  - placeholder: {text: b}", "x\", duration: 99s, y: \"", "{{ other }}", "\\{{ other }}", "*a", "!!int 5", "x # comment",
	} {
		p, err := parseWith(t, src, Values{"name": {Text: v}})
		if err != nil {
			t.Fatalf("value %q: %v", v, err)
		}
		if len(p.Scenes) != 1 || p.Scenes[0].Placeholder.Text != "Hi "+v || p.Scenes[0].Duration.String() != "1s" {
			t.Errorf("value %q: %d scenes, text %q, duration %s", v, len(p.Scenes), p.Scenes[0].Placeholder.Text, p.Scenes[0].Duration)
		}
	}
}

// TestDefaultIsLiteral checks that a default is a value, not a template:
// braces and backslashes in it stay as written.
func TestDefaultIsLiteral(t *testing.T) {
	src := "fields: {a: {default: \"{{ b }} \\\\{{\"}, b: {default: x}}\nscenes:\n  - placeholder: {text: \"{{ a }}|\\\\{{ b }}\"}\n    duration: 1s\n"
	p, err := parseWith(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Scenes[0].Placeholder.Text, `{{ b }} \{{|{{ b }}`; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}

// TestMergeErrors checks the reports of projects loaded with values: each
// at the template's line and the field path of the {{ }}, after the row.
func TestMergeErrors(t *testing.T) {
	const row = "rows.csv:4 (row 3): "
	for _, tc := range []struct {
		name, src string
		vals      Values
		want      string
	}{
		{"undeclared", "fields: {name: {}}\nscenes:\n  - placeholder: {text: \"{{ nmae }}\"}\n    duration: 1s\n", Values{"name": {Text: "Ada"}},
			row + `project.yaml:3: scenes[0].placeholder.text: unknown merge field "nmae" (did you mean "name"?; declare it under fields:)`},
		{"no fields section", "scenes:\n  - placeholder: {text: \"{{ name }}\"}\n    duration: 1s\n", nil,
			row + `project.yaml:2: scenes[0].placeholder.text: unknown merge field "name" (declare it under fields:)`},
		{"no value at each use", fieldsHead + "scenes:\n  - placeholder: {text: \"{{ city }}\"}\n    duration: 1s\n  - source: \"{{ city }}.mp4\"\n", nil,
			row + `project.yaml:9: scenes[0].placeholder.text: merge field "city" has no value (give the row a city value, or a default under fields:)` + "\n" +
				row + `project.yaml:11: scenes[1].source: merge field "city" has no value (give the row a city value, or a default under fields:)`},
		{"bad substituted duration", fieldsHead + "scenes:\n  - placeholder: {text: hi}\n    duration: \"{{ len }}\"\n", Values{"len": {Text: "abc"}, "city": {Text: "x"}},
			row + `project.yaml:10: scenes[0].duration: "abc" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f) (the value comes from {{ len }} = "abc")`},
		{"substituted number out of range", fieldsHead + "output: {crf: \"{{ crf }}\"}\nscenes:\n  - placeholder: {text: hi}\n    duration: 1s\n", Values{"crf": {Text: "99"}, "city": {Text: "x"}},
			row + `project.yaml:8: output.crf: crf 99 is out of range (0..51; lower is better quality) (the value comes from {{ crf }} = "99")`},
		{"substituted text in a longer value", fieldsHead + "scenes:\n  - placeholder: {text: hi}\n    duration: \"{{ crf }}x\"\n", Values{"city": {Text: "x"}},
			row + `project.yaml:10: scenes[0].duration: "23x" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f) (the value comes from {{ crf }} = "23")`},
		{"no cascade from a failed field", fieldsHead + "scenes:\n  - placeholder: {text: hi}\n    duration: \"{{ lne }}\"\n", Values{"city": {Text: "x"}},
			row + `project.yaml:10: scenes[0].duration: unknown merge field "lne" (did you mean "len"?; declare it under fields:)`},
		{"unquoted field", fieldsHead + "scenes:\n  - placeholder: {text: hi}\n    duration: {{ len }}\n", Values{"city": {Text: "x"}},
			row + `project.yaml:10: scenes[0].duration: {{ len }} must be in quotes: write "{{ len }}" (unquoted, YAML reads the braces as a map)`},
		{"other errors name the row", "scenes:\n  - placeholder: {text: hi}\n    duratoin: 1s\n", nil,
			row + `project.yaml:2: scenes[0]: a placeholder needs a duration (e.g. duration: 3s)` + "\n" +
				row + `project.yaml:3: scenes[0].duratoin: unknown key (did you mean "duration"?)`},
		{"syntax error names the row", "scenes: [\n", nil, row + `project.yaml:1: invalid YAML: did not find expected node content`},
		{"bad typed value", "fields: {n: {}}\nscenes:\n  - placeholder: {text: \"{{ n }}\"}\n    duration: 1s\n", Values{"n": {Text: "abc", Tag: "!!int"}},
			row + `project.yaml:1: fields.n: the value of merge field "n": "abc" is not a whole number`},
		{"generator placeholder in a value", "fields: {flag: {}}\ngenerators:\n  g: {kind: command, run: [gen, \"{prompt}\", \"{{ flag }}\", \"{output}\"]}\nscenes: [{source: a.mp4}]\n", Values{"flag": {Text: "{promt}"}},
			row + `project.yaml:3: generators.g.run[2]: unknown placeholder {promt} (did you mean "prompt"?) (the value comes from {{ flag }} = "{promt}")`},
		{"double braces in a generator", "generators:\n  g: {kind: command, run: [gen, \"{{prompt}}\", \"{output}\"]}\nscenes: [{source: a.mp4}]\n", nil,
			row + `project.yaml:2: generators.g.run[1]: unknown merge field "prompt" (declare it under fields:)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parseWith(t, tc.src, tc.vals)
			checkErrors(t, p, err, tc.want)
		})
	}
}

// TestFieldErrors checks mistakes in the fields section.
func TestFieldErrors(t *testing.T) {
	const scenes = "scenes:\n  - placeholder: {text: hi}\n    duration: 1s\n"
	for _, tc := range []struct{ name, src, want string }{
		{"list", "fields: [name]\n" + scenes, `project.yaml:1: fields: expected a map of merge fields such as {name: {default: friend, description: "viewer's first name"}}, found a list`},
		{"bad name", "fields:\n  first name: {}\n" + scenes, `project.yaml:2: fields.first name: "first name" is not a merge field name (a name holds letters, digits, _ and -, and starts with a letter or _)`},
		{"name with a digit first", "fields:\n  1st: {}\n" + scenes, `project.yaml:2: fields.1st: "1st" is not a merge field name (a name holds letters, digits, _ and -, and starts with a letter or _)`},
		{"name with braces", "fields:\n  \"{{x}}\": {}\n" + scenes, `project.yaml:2: fields.{{x}}: "{{x}}" is not a merge field name (a name holds letters, digits, _ and -, and starts with a letter or _)`},
		{"unknown key", "fields:\n  name: {defualt: x}\n" + scenes, `project.yaml:2: fields.name.defualt: unknown key (did you mean "default"?)`},
		{"short form", "fields:\n  name: friend\n" + scenes, `project.yaml:2: fields.name: expected a map, found the string "friend"`},
		{"default is a map", "fields:\n  name: {default: {a: 1}}\n" + scenes, `project.yaml:2: fields.name.default: expected a string, number or boolean, found a map`},
		{"default is null", "fields:\n  name: {default: }\n" + scenes, `project.yaml:2: fields.name.default: expected a default value, found nothing (write default: "" for empty text, or leave default out for a field every variant must give)`},
		{"duplicate", "fields:\n  name: {}\n  name: {default: x}\n" + scenes, `project.yaml:3: fields.name: duplicate field (first declared at line 2)`},
		{"description is a list", "fields:\n  name: {description: [a]}\n" + scenes, `project.yaml:2: fields.name.description: expected a string, found a list`},
		{"uses of a broken field are not reported", "fields:\n  name: {default: [a]}\nscenes:\n  - placeholder: {text: \"{{ name }}\"}\n    duration: 1s\n",
			`project.yaml:2: fields.name.default: expected a string, number or boolean, found a list`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
			if _, err := ReadFields([]byte(tc.src), "project.yaml"); err == nil || err.Error() != tc.want {
				t.Errorf("ReadFields: %v, want %s", err, tc.want)
			}
		})
	}
}

// TestUndeclaredValueWarns checks that a value for a field the project
// does not declare is a warning naming the row.
func TestUndeclaredValueWarns(t *testing.T) {
	p, err := parseWith(t, "fields: {name: {}}\nscenes:\n  - placeholder: {text: \"{{ name }}\"}\n    duration: 1s\n", Values{"name": {Text: "Ada"}, "nmae": {Text: "x"}, "zzz": {Text: "y"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "rows.csv:4 (row 3): project.yaml:1: fields: a value is given for \"nmae\", but the project declares no such merge field (did you mean \"name\"?) (declare it under fields:, or leave the value out)\n" +
		"rows.csv:4 (row 3): project.yaml:1: fields: a value is given for \"zzz\", but the project declares no such merge field (declare it under fields:, or leave the value out)"
	if got := p.Warnings.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, ok := p.Values["nmae"]; ok {
		t.Errorf("Values holds an undeclared field: %v", p.Values)
	}
}

// TestReadFields checks that the fields are read without the rest of the
// project being decoded.
func TestReadFields(t *testing.T) {
	fs, err := ReadFields([]byte("fields:\n  b: {default: 3}\n  a:\nscenes: not even a list\ncolour: red\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{{Name: "b", Default: &Value{"3", "!!int"}, Pos: Pos{"p.yaml", 2, "fields.b"}}, {Name: "a", Pos: Pos{"p.yaml", 3, "fields.a"}}}
	if !reflect.DeepEqual(fs, want) {
		t.Errorf("got %+v, want %+v", fs, want)
	}
	for _, src := range []string{"scenes: []\n", "- a\n", "fields:\n"} {
		if fs, err := ReadFields([]byte(src), "p.yaml"); fs != nil || err != nil {
			t.Errorf("%q: %v %v, want no fields", src, fs, err)
		}
	}
	if _, err := ReadFields([]byte("fields: {a: [\n"), "p.yaml"); err == nil || !strings.HasPrefix(err.Error(), "p.yaml:") {
		t.Errorf("invalid YAML: %v", err)
	}
}

// TestMergeEverywhere fills each kind of value the issue names: text,
// sources, prompts, colours, durations, grades, output paths and a
// generator's settings.
func TestMergeEverywhere(t *testing.T) {
	src := `fields: {id: {}, clip: {}, colour: {}, look: {}, mix: {}, topic: {}, model: {}, len: {}}
output: {path: "out/{{ id }}.mp4"}
generators:
  g: {kind: replicate, model: "acme/{{ model }}", token_env: TOKEN}
scenes:
  - source: "clips/{{ clip }}.mp4"
    grade: {preset: "{{ look }}", intensity: "{{ mix }}"}
  - background: "{{ colour }}"
    duration: "{{ len }}"
  - prompt: "{{ topic }} at dawn"
    generator: g
    duration: "{{ len }}"
`
	p, err := parseWith(t, src, Values{"id": {Text: "ada"}, "clip": {Text: "Zoë"}, "colour": {Text: "#203040"}, "look": {Text: "cinematic"},
		"mix": {Text: "0.5"}, "topic": {Text: "a storm, \"slow\""}, "model": {Text: "video"}, "len": {Text: "1.5s"}})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Scenes
	checks := []struct{ what, got, want string }{
		{"output", filepath.ToSlash(p.Output.Path), filepath.ToSlash(filepath.Join(p.Dir, "out", "ada.mp4"))},
		{"source", filepath.ToSlash(s[0].Source), filepath.ToSlash(filepath.Join(p.Dir, "clips", "Zoë.mp4"))},
		{"grade", fmt.Sprintf("%s %g", s[0].Grade.Preset, s[0].Grade.Intensity), "cinematic 0.5"},
		{"colour", s[1].Background.Color, "#203040"},
		{"duration", s[1].Duration.String() + " " + s[2].Duration.String(), "1.5s 1.5s"},
		{"prompt", s[2].Prompt.Text, `a storm, "slow" at dawn`},
		{"model", p.Generators["g"].Model, "acme/video"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
}
