package config

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/internal/timecode"
	"gopkg.in/yaml.v3"
)

// str reads a text value. Numbers are accepted as their text; maps, lists,
// booleans and nulls are reported.
func (d *decoder) str(f field) (string, bool) { return d.text(f, "a string") }

// text reads a scalar as text; want describes the expected value in messages.
func (d *decoder) text(f field, want string) (string, bool) {
	n := deref(f.val)
	if n.Kind != yaml.ScalarNode || isNull(n) || n.ShortTag() == "!!bool" {
		d.errorf(n, f.path, "expected %s, found %s", want, describe(n))
		return "", false
	}
	return n.Value, true
}

// nonEmpty reads a text value that must not be blank.
func (d *decoder) nonEmpty(f field) (string, bool) {
	s, ok := d.str(f)
	if ok && strings.TrimSpace(s) == "" {
		d.errorf(f.val, f.path, "must not be empty")
		return "", false
	}
	return s, ok
}

// wholeRe matches a whole number in decimal.
var wholeRe = regexp.MustCompile(`^[-+]?[0-9]+$`)

// integer reads a whole number.
func (d *decoder) integer(f field) (int, bool) {
	n := deref(f.val)
	if n.Kind == yaml.ScalarNode && wholeRe.MatchString(n.Value) {
		if _, err := strconv.Atoi(n.Value); err != nil { // YAML reads a huge whole number as a float
			d.errorf(n, f.path, "%s is out of range (a whole number here is at most %d digits long)", quote.Short(n.Value, 24), len(strconv.Itoa(math.MaxInt))-1)
			return 0, false
		}
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		d.errorf(n, f.path, "expected a whole number, found %s", describe(n))
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil { // YAML's other spellings of an integer: 0x10, 0o17
		d.errorf(n, f.path, "%s: write a whole number in decimal digits (such as 16)", quote.Short(n.Value, 24))
		return 0, false
	}
	return v, true
}

// enum reads a value that must be one of allowed; what names it in messages
// (`unknown fit "cver" (did you mean "cover"?)`).
func (d *decoder) enum(f field, what string, allowed []string) (string, bool) {
	s, ok := d.str(f)
	if !ok {
		return "", false
	}
	for _, a := range allowed {
		if s == a {
			return s, true
		}
	}
	d.errorf(f.val, f.path, "unknown %s %s%s", what, quote.Q(s), enumHint(s, allowed))
	return "", false
}

// enumHint suggests an allowed value for a mistyped one, or lists them all.
func enumHint(s string, allowed []string) string {
	if h := suggest.Hint(s, allowed); h != "" {
		return h
	}
	return " (expected one of: " + strings.Join(allowed, ", ") + ")"
}

// duration reads a duration with a unit (timecode.Parse syntax).
func (d *decoder) duration(f field) (*timecode.Duration, bool) {
	s, ok := d.text(f, "a duration like 1.5s")
	if !ok {
		return nil, false
	}
	v, err := timecode.Parse(s)
	if err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return nil, false
	}
	return &v, true
}

// length reads a duration that must be greater than zero.
func (d *decoder) length(f field) (*timecode.Duration, bool) {
	v, ok := d.duration(f)
	if ok && v.IsZero() {
		d.errorf(f.val, f.path, "must be greater than zero, found %s", v)
		return nil, false
	}
	return v, ok
}

// check runs an external name check (transition or curve) and records its
// message at the value.
func (d *decoder) check(f field, name string, fn func(string) error) {
	if fn == nil {
		return
	}
	if err := fn(name); err != nil {
		d.errorf(f.val, f.path, "%s", err.Error())
	}
}
