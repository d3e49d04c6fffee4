package otio

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// Value is one JSON value of an OpenTimelineIO file, with the line it
// starts on, so that a problem can name its place.
type Value struct {
	Kind Kind
	Line int
	Str  string
	Num  float64
	Bool bool
	Keys []string          // an object's keys in file order
	Obj  map[string]*Value // an object's members
	Arr  []*Value
}

// Kind is the type of a JSON value.
type Kind int

// The kinds of JSON values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// String names the kind for messages ("a list").
func (k Kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "a list", "an object"}[k]
}

// Get returns the member key of an object, nil when v is not an object or
// has none.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	return v.Obj[key]
}

// Any returns v as plain Go values (map[string]any, []any, string,
// float64, bool, nil). NaN and the infinities, which OTIO's JSON allows in
// metadata, become nil.
func (v *Value) Any() any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case Bool:
		return v.Bool
	case Number:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return nil
		}
		if v.Num == math.Trunc(v.Num) && math.Abs(v.Num) < 1<<53 {
			return int64(v.Num)
		}
		return v.Num
	case String:
		return v.Str
	case Array:
		out := make([]any, len(v.Arr))
		for i, e := range v.Arr {
			out[i] = e.Any()
		}
		return out
	case Object:
		out := make(map[string]any, len(v.Keys))
		for _, k := range v.Keys {
			out[k] = v.Obj[k].Any()
		}
		return out
	}
	return nil
}

// SyntaxError is a JSON syntax error at a line.
type SyntaxError struct {
	Line int
	Msg  string
}

// Error writes the error with its line.
func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// maxDepth bounds nesting, so that a hostile file cannot exhaust the stack.
const maxDepth = 200

// ParseJSON reads JSON as OpenTimelineIO writes it: standard JSON plus the
// bare tokens NaN, Infinity and -Infinity (Python's json module writes
// them for such floats in metadata).
func ParseJSON(data []byte) (*Value, error) {
	p := &parser{data: data, line: 1}
	if !utf8.Valid(data) {
		return nil, p.errorf("the file is not UTF-8 text")
	}
	p.skip()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.pos < len(p.data) {
		return nil, p.errorf("unexpected %q after the end of the document", p.data[p.pos])
	}
	return v, nil
}

type parser struct {
	data []byte
	pos  int
	line int
}

func (p *parser) errorf(format string, a ...any) error {
	return &SyntaxError{Line: p.line, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) skip() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\n':
			p.line++
		case ' ', '\t', '\r':
		default:
			return
		}
		p.pos++
	}
}

func (p *parser) lit(word string) bool {
	if len(p.data)-p.pos >= len(word) && string(p.data[p.pos:p.pos+len(word)]) == word {
		p.pos += len(word)
		return true
	}
	return false
}

func (p *parser) value(depth int) (*Value, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested more than %d levels deep", maxDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of the file")
	}
	v := &Value{Line: p.line}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(v, depth)
	case c == '[':
		return p.array(v, depth)
	case c == '"':
		s, err := p.str()
		v.Kind, v.Str = String, s
		return v, err
	case p.lit("true"):
		v.Kind, v.Bool = Bool, true
	case p.lit("false"):
		v.Kind = Bool
	case p.lit("null"):
		v.Kind = Null
	case p.lit("NaN"):
		v.Kind, v.Num = Number, math.NaN()
	case p.lit("Infinity"):
		v.Kind, v.Num = Number, math.Inf(1)
	case p.lit("-Infinity"):
		v.Kind, v.Num = Number, math.Inf(-1)
	case c == '-' || c >= '0' && c <= '9':
		start := p.pos
		p.pos++
		for p.pos < len(p.data) && stringsContains("0123456789.eE+-", p.data[p.pos]) {
			p.pos++
		}
		n, err := strconv.ParseFloat(string(p.data[start:p.pos]), 64)
		if err != nil {
			return nil, p.errorf("%q is not a number", p.data[start:p.pos])
		}
		v.Kind, v.Num = Number, n
	default:
		return nil, p.errorf("unexpected %q (expected a value)", c)
	}
	return v, nil
}

func stringsContains(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

func (p *parser) str() (string, error) {
	start := p.pos
	p.pos++
	for p.pos < len(p.data) {
		switch c := p.data[p.pos]; {
		case c == '\\':
			p.pos += 2
		case c == '"':
			p.pos++
			var s string
			if err := json.Unmarshal(p.data[start:p.pos], &s); err != nil {
				return "", p.errorf("bad string: %v", err)
			}
			return s, nil
		case c == '\n' || c < 0x20:
			return "", p.errorf("a control character inside a string")
		default:
			p.pos++
		}
	}
	return "", p.errorf("a string is not closed")
}

func (p *parser) object(v *Value, depth int) (*Value, error) {
	v.Kind, v.Obj = Object, map[string]*Value{}
	p.pos++
	p.skip()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		p.skip()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("expected a key in quotes")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skip()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("expected ':' after the key %q", key)
		}
		p.pos++
		p.skip()
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, dup := v.Obj[key]; !dup {
			v.Keys = append(v.Keys, key)
		}
		v.Obj[key] = val
		p.skip()
		if p.pos >= len(p.data) {
			return nil, p.errorf("an object is not closed")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return nil, p.errorf("unexpected %q in an object (expected ',' or '}')", p.data[p.pos])
		}
	}
}

func (p *parser) array(v *Value, depth int) (*Value, error) {
	v.Kind = Array
	p.pos++
	p.skip()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		p.skip()
		e, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.Arr = append(v.Arr, e)
		p.skip()
		if p.pos >= len(p.data) {
			return nil, p.errorf("a list is not closed")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return nil, p.errorf("unexpected %q in a list (expected ',' or ']')", p.data[p.pos])
		}
	}
}
