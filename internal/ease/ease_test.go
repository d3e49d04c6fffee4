package ease

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestCurves: every curve starts at 0, ends at 1, always rises, and has
// its shape (in below the line, out above, in-out through the middle).
func TestCurves(t *testing.T) {
	for _, name := range []string{"linear", "in", "out", "in-out"} {
		prev := 0.0
		for i := 1; i <= 100; i++ {
			v := Value(name, float64(i)/100)
			if v <= prev {
				t.Errorf("%s: %.3f at %d%%, not above %.3f", name, v, i, prev)
			}
			prev = v
		}
		if Value(name, 0) != 0 || Value(name, 1) != 1 || Value(name, -1) != 0 || Value(name, 2) != 1 {
			t.Errorf("%s: ends %v, %v", name, Value(name, 0), Value(name, 1))
		}
	}
	if Value("in", 0.25) >= 0.25 || Value("out", 0.25) <= 0.25 || Value("in-out", 0.5) != 0.5 {
		t.Error("curve shapes")
	}
}

// TestExprMatchesValue evaluates each expression (pow, if, lt: the only
// functions it uses) at many points and compares it with Value.
func TestExprMatchesValue(t *testing.T) {
	for _, name := range []string{"linear", "in", "out", "in-out"} {
		for i := 0; i <= 20; i++ {
			p := float64(i) / 20
			got := eval(t, Expr(name, strconv.FormatFloat(p, 'f', -1, 64)))
			if math.Abs(got-Value(name, p)) > 1e-12 {
				t.Errorf("%s at %v: expression gives %v, Value %v", name, p, got, Value(name, p))
			}
		}
	}
}

// eval evaluates the small expression language Expr writes.
func eval(t *testing.T, s string) float64 {
	t.Helper()
	e := &parser{s: s}
	v := e.sum()
	if e.i != len(s) {
		t.Fatalf("cannot evaluate %q at %d", s, e.i)
	}
	return v
}

type parser struct {
	s string
	i int
}

func (e *parser) sum() float64 {
	v := e.product()
	for e.i < len(e.s) && (e.s[e.i] == '+' || e.s[e.i] == '-') {
		op := e.s[e.i]
		e.i++
		if w := e.product(); op == '+' {
			v += w
		} else {
			v -= w
		}
	}
	return v
}

func (e *parser) product() float64 {
	v := e.atom()
	for e.i < len(e.s) && e.s[e.i] == '*' {
		e.i++
		v *= e.atom()
	}
	return v
}

func (e *parser) atom() float64 {
	switch {
	case e.s[e.i] == '(':
		e.i++
		v := e.sum()
		e.i++ // ')'
		return v
	case strings.HasPrefix(e.s[e.i:], "pow("), strings.HasPrefix(e.s[e.i:], "lt("), strings.HasPrefix(e.s[e.i:], "if("):
		name := e.s[e.i : strings.IndexByte(e.s[e.i:], '(')+e.i]
		e.i += len(name) + 1
		var args []float64
		for {
			args = append(args, e.sum())
			c := e.s[e.i]
			e.i++
			if c == ')' {
				break
			}
		}
		switch name {
		case "pow":
			return math.Pow(args[0], args[1])
		case "lt":
			if args[0] < args[1] {
				return 1
			}
			return 0
		}
		if args[0] != 0 {
			return args[1]
		}
		return args[2]
	}
	j := e.i
	for j < len(e.s) && (e.s[j] >= '0' && e.s[j] <= '9' || e.s[j] == '.') {
		j++
	}
	v, _ := strconv.ParseFloat(e.s[e.i:j], 64)
	e.i = j
	return v
}
