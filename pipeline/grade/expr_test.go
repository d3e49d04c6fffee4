package grade

import (
	"strconv"
	"strings"
	"testing"
)

// evalExpr evaluates a Table expression the way lutyuv does (then
// truncates), for the grammar Expr writes: a number, then terms
// "±k*val" or "±k*clip(val-lo,0,step)".
func evalExpr(t *testing.T, expr string, val float64) float64 {
	t.Helper()
	expr = strings.TrimSuffix(strings.TrimPrefix(expr, "if(lt(val,256),"), ",0)")
	i := strings.IndexAny(expr[1:], "+-") + 1
	if i == 0 {
		i = len(expr)
	}
	sum := mustFloat(t, expr[:i])
	for _, term := range splitTerms(expr[i:]) {
		k, rest, _ := strings.Cut(term, "*")
		x := val
		if rest != "val" {
			args := strings.Split(strings.TrimSuffix(strings.TrimPrefix(rest, "clip(val-"), ")"), ",")
			x = clamp(val-mustFloat(t, args[0]), mustFloat(t, args[1]), mustFloat(t, args[2]))
		}
		sum += mustFloat(t, k) * x
	}
	return float64(int(sum))
}

// splitTerms splits "+a*x-b*y" into "+a*x", "-b*y" (signs inside parentheses stay).
func splitTerms(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == '+' || c == '-') && depth == 0 && i > start:
			out = append(out, s[start:i])
			start = i
		}
	}
	return append(out, s[start:])
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad number %q", s)
	}
	return v
}
