package config

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// mergeFields are the fields the tree tests declare: n, name and other
// without defaults, greeting with one.
var mergeFields = []Field{{Name: "n"}, {Name: "name"}, {Name: "other"}, {Name: "greeting", Default: &Value{Text: "hello"}}}

// mergeTree substitutes vals in src (a YAML document) with mergeFields
// declared, and returns the tree written back as YAML and the errors.
func mergeTree(t *testing.T, src string, vals Values) (string, Errors) {
	t.Helper()
	root, perr := parseYAML([]byte(src), "project.yaml")
	if perr != nil {
		t.Fatalf("parse: %v", perr)
	}
	d := &decoder{name: "project.yaml"}
	vs, _ := d.mergeValues(mergeFields, vals, Pos{})
	m := d.substitute(root, nil, mergeFields, nil, vs)
	out, err := yaml.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), m.errs
}

// TestSubstituteTypes checks the type and text each kind of value takes, in
// a value that is one field and inside longer text.
func TestSubstituteTypes(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		vals      Values
		want      string
	}{
		{"text", `a: "{{ name }}"`, Values{"name": {Text: "Ada"}}, `a: "Ada"`},
		{"whole number", `a: "{{ n }}"`, Values{"n": {Text: "48"}}, `a: 48`},
		{"negative number", `a: "{{ n }}"`, Values{"n": {Text: "-3"}}, `a: -3`},
		{"decimal number", `a: "{{ n }}"`, Values{"n": {Text: "2.5"}}, `a: 2.5`},
		{"exponent", `a: "{{ n }}"`, Values{"n": {Text: "1e3"}}, `a: 1e3`},
		{"boolean", `a: "{{ n }}"`, Values{"n": {Text: "true"}}, `a: true`},
		{"boolean capitalised", `a: "{{ n }}"`, Values{"n": {Text: "False"}}, `a: False`},
		{"duration is text", `a: "{{ n }}"`, Values{"n": {Text: "3s"}}, `a: "3s"`},
		{"null is text", `a: "{{ n }}"`, Values{"n": {Text: "null"}}, `a: "null"`},
		{"tilde is text", `a: "{{ n }}"`, Values{"n": {Text: "~"}}, `a: "~"`},
		{"empty is text", `a: "{{ n }}"`, Values{"n": {Text: ""}}, `a: ""`},
		{"hex is text", `a: "{{ n }}"`, Values{"n": {Text: "0x10"}}, `a: "0x10"`},
		{"yes is text", `a: "{{ n }}"`, Values{"n": {Text: "yes"}}, `a: "yes"`},
		{"JSON number", `a: "{{ n }}"`, Values{"n": {Text: "48", Tag: "!!int"}}, `a: 48`},
		{"JSON float", `a: "{{ n }}"`, Values{"n": {Text: "2", Tag: "!!float"}}, `a: !!float 2`},
		{"JSON string of digits", `a: "{{ n }}"`, Values{"n": {Text: "48", Tag: "!!str"}}, `a: "48"`},
		{"JSON boolean", `a: "{{ n }}"`, Values{"n": {Text: "true", Tag: "!!bool"}}, `a: true`},
		{"default", `a: "{{ greeting }}"`, nil, `a: "hello"`},
		{"value over default", `a: "{{ greeting }}"`, Values{"greeting": {Text: "hi"}}, `a: "hi"`},
		{"inside text", `a: "Hi {{ name }}!"`, Values{"name": {Text: "Ada"}}, `a: "Hi Ada!"`},
		{"number inside text", `a: "{{ n }}px"`, Values{"n": {Text: "48"}}, `a: "48px"`},
		{"two fields", `a: "{{ greeting }}, {{ name }}"`, Values{"name": {Text: "Zoë"}}, `a: "hello, Zoë"`},
		{"one field twice", `a: "{{ n }}{{ n }}"`, Values{"n": {Text: "4"}}, `a: "44"`},
		{"plain scalar", `a: Hi {{ name }}`, Values{"name": {Text: "李雷"}}, `a: "Hi 李雷"`},
		{"single quotes", `a: '{{ n }}'`, Values{"n": {Text: "7"}}, `a: 7`},
		{"no spaces", `a: "{{n}}"`, Values{"n": {Text: "7"}}, `a: 7`},
		{"many spaces", `a: "{{    n   }}"`, Values{"n": {Text: "7"}}, `a: 7`},
		{"tab inside braces", "a: \"{{\tn }}\"", Values{"n": {Text: "7"}}, `a: 7`},
		{"in a list", `a: [x, "{{ n }}", "y{{ n }}"]`, Values{"n": {Text: "7"}}, `a: [x, 7, "y7"]`},
		{"nested map", "a:\n  b:\n    c: \"{{ name }}\"", Values{"name": {Text: "Ñandú"}}, "a:\n    b:\n        c: \"Ñandú\""},
		{"escaped key is a key", `'\{{ n }}': x`, Values{"n": {Text: "7"}}, `'\{{ n }}': x`},
		{"number value untouched", `a: 48`, Values{"n": {Text: "7"}}, `a: 48`},
		{"closing braces alone", `a: "x }} y"`, nil, `a: "x }} y"`},
		{"spaced braces are text", `a: "{ {n} }"`, Values{"n": {Text: "7"}}, `a: "{ {n} }"`},
		{"single braces untouched", `a: "{prompt} {n}"`, Values{"n": {Text: "7"}}, `a: "{prompt} {n}"`},

		// A value is text: it never adds structure, and is not read again.
		{"newline and key in a value", `a: "{{ name }}"`, Values{"name": {Text: "a: b\n- c"}}, `a: "a: b\n- c"`},
		{"key injection", `a: "x {{ name }}"`, Values{"name": {Text: "\"\nb: 1"}}, `a: "x \"\nb: 1"`},
		{"list injection", `a: "{{ name }}"`, Values{"name": {Text: "- c\n- d"}}, `a: "- c\n- d"`},
		{"flow injection", `a: "{{ name }}"`, Values{"name": {Text: "{b: 1}"}}, `a: "{b: 1}"`},
		{"field in a value", `a: "{{ name }}"`, Values{"name": {Text: "{{ other }}"}, "other": {Text: "X"}}, `a: "{{ other }}"`},
		{"escape in a value", `a: "{{ name }}"`, Values{"name": {Text: `\{{ other }}`}, "other": {Text: "X"}}, `a: "\\{{ other }}"`},
		{"anchor in a value", `a: "{{ name }}"`, Values{"name": {Text: "*x"}}, `a: "*x"`},

		// Aliases: the anchored value is replaced once, every alias sees it.
		{"alias", "a: &x \"{{ n }}\"\nb: *x", Values{"n": {Text: "7"}}, "a: &x 7\nb: *x"},
		{"alias of text", "a: &x \"{{ n }}s\"\nb: [*x, *x]", Values{"n": {Text: "7"}}, "a: &x \"7s\"\nb: [*x, *x]"},
		{"merge key", "a: &x {c: \"{{ n }}\"}\nb: {<<: *x, d: \"{{ n }}\"}", Values{"n": {Text: "7"}},
			"a: &x {c: 7}\nb: {!!merge <<: *x, d: 7}"},

		// A literal {{.
		{"escaped", `a: '\{{ n }}'`, Values{"n": {Text: "7"}}, `a: "{{ n }}"`},
		{"escaped in double quotes", `a: "\\{{ n }} is {{ n }}"`, Values{"n": {Text: "7"}}, `a: "{{ n }} is 7"`},
		{"escaped without a field", `a: 'use \{{ and }}'`, nil, `a: "use {{ and }}"`},
		{"escaped unclosed", `a: 'a \{{ b'`, nil, `a: "a {{ b"`},
		{"other backslashes stay", `a: 'C:\x\{{ n }}\'`, Values{"n": {Text: "7"}}, `a: "C:\\x{{ n }}\\"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := mergeTree(t, tc.src, tc.vals)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if got = strings.TrimSuffix(got, "\n"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestSubstituteErrors checks the errors of fields written wrong, at the
// value's line and path.
func TestSubstituteErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string
	}{
		{"undeclared", "a:\n  b: \"{{ nmae }}\"", `project.yaml:2: a.b: unknown merge field "nmae" (did you mean "name"?; declare it under fields:)`},
		{"undeclared far", "a: \"{{ city }}\"", `project.yaml:1: a: unknown merge field "city" (declare it under fields:)`},
		{"case matters", "a: \"{{ Name }}\"", `project.yaml:1: a: unknown merge field "Name" (did you mean "name"?; declare it under fields:)`},
		{"no value", "a: [x, \"{{ n }}\"]", `project.yaml:1: a[1]: merge field "n" has no value (give it a value (--set n=...), or a default under fields:)`},
		{"no value, every use", "a: \"{{ n }}\"\nb: \"x{{ n }}\"",
			"project.yaml:1: a: merge field \"n\" has no value (give it a value (--set n=...), or a default under fields:)\n" +
				`project.yaml:2: b: merge field "n" has no value (give it a value (--set n=...), or a default under fields:)`},
		{"one error per field in a value", "a: \"{{ xyzzy }}{{ xyzzy }}\"", `project.yaml:1: a: unknown merge field "xyzzy" (declare it under fields:)`},
		{"unclosed", "a: \"Hi {{ name\"", `project.yaml:1: a: "{{ name" opens a merge field with "{{" that is never closed with "}}" (write \{{ for a literal "{{"; in a double-quoted YAML or JSON string, "\\{{")`},
		{"closed by one brace", "a: \"{{ name }\"", `project.yaml:1: a: "{{ name }" opens a merge field with "{{" that is never closed with "}}" (write \{{ for a literal "{{"; in a double-quoted YAML or JSON string, "\\{{")`},
		{"empty braces", "a: \"{{ }}\"", `project.yaml:1: a: "{{ }}" is not a merge field: a field's name holds letters, digits, _ and -, and starts with a letter or _ (write \{{ for a literal "{{"; in a double-quoted YAML or JSON string, "\\{{")`},
		{"two words", "a: \"{{ first name }}\"", `project.yaml:1: a: "{{ first name }}" is not a merge field: a field's name holds letters, digits, _ and -, and starts with a letter or _ (write \{{ for a literal "{{"; in a double-quoted YAML or JSON string, "\\{{")`},
		{"triple braces", "a: \"{{{name}}}\"", `project.yaml:1: a: "{{{name}}" is not a merge field: a field's name holds letters, digits, _ and -, and starts with a letter or _ (write \{{ for a literal "{{"; in a double-quoted YAML or JSON string, "\\{{")`},
		{"starts with a digit", "a: \"{{ 1st }}\"", `project.yaml:1: a: "{{ 1st }}" is not a merge field: a field's name holds letters, digits, _ and -, and starts with a letter or _ (write \{{ for a literal "{{"; in a double-quoted YAML or JSON string, "\\{{")`},
		{"unquoted", "a:\n  b: {{ name }}", `project.yaml:2: a.b: {{ name }} must be in quotes: write "{{ name }}" (unquoted, YAML reads the braces as a map)`},
		{"in a key", "a:\n  \"{{ name }}\": 1", `project.yaml:2: a.{{ name }}: a key cannot hold a merge field (keys are the file's structure; only values are filled)`},
		{"anchored, reported once", "a: &x \"{{ xyzzy }}\"\nb: *x\nc: *x", `project.yaml:1: a: unknown merge field "xyzzy" (declare it under fields:)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := mergeTree(t, tc.src, nil)
			if got := errs.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestTypeOf checks the typing of untyped values (a CSV cell, --set).
func TestTypeOf(t *testing.T) {
	for text, want := range map[string]string{
		"48": "!!int", "+3": "!!int", "-0": "!!int", "007": "!!int", "99999999999999999999": "!!float",
		"2.5": "!!float", ".5": "!!float", "5.": "!!float", "1e3": "!!float", "-1.5E-2": "!!float",
		"true": "!!bool", "FALSE": "!!bool", "True": "!!bool",
		"tRUE": "!!str", "yes": "!!str", "on": "!!str", "null": "!!str", "~": "!!str", "": "!!str",
		"3s": "!!str", "1_000": "!!str", "0x1F": "!!str", ".inf": "!!str", "NaN": "!!str", "1e": "!!str", " 4": "!!str",
	} {
		if got := TypeOf(Value{Text: text}); got != want {
			t.Errorf("TypeOf(%q) = %s, want %s", text, got, want)
		}
	}
	if got := TypeOf(Value{Text: "48", Tag: "!!str"}); got != "!!str" {
		t.Errorf("a tagged value: %s, want its tag", got)
	}
}
