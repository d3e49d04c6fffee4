package grade

import (
	"math"
	"strconv"
	"strings"
)

// tableStep is the distance in 8-bit code values between the knots of a
// Table: 33 knots over 0..256, close enough to any smooth curve (well under
// a tenth of a code value) while keeping the lutyuv expression short.
const tableStep = 8

// tableKnots is the number of knots of a Table.
const tableKnots = 256/tableStep + 1

// Table is a 1D map of one 8-bit plane (lutyuv), piecewise linear between
// knots every tableStep codes:
//
//	f(v) = Base + Σ Slopes[k]·clip(v − k·step, 0, step)
//
// Coefficients are rounded when the table is made, and both the filter
// expression and Eval use the rounded values, so the render and the Go
// model (and so the exported .cube) compute the same function.
type Table struct {
	Base   float64
	Slopes []float64 // one per segment; all equal for an affine table
}

// newTable samples f at the knots, clamps to [lo, hi] and rounds.
func newTable(f func(code float64) float64, lo, hi float64) Table {
	var knots [tableKnots]float64
	for k := range knots {
		knots[k] = clamp(f(float64(k*tableStep)), lo, hi)
	}
	t := Table{Base: round6(knots[0]), Slopes: make([]float64, tableKnots-1)}
	for k := range t.Slopes {
		t.Slopes[k] = round6((knots[k+1] - knots[k]) / tableStep)
	}
	return t
}

// identityTable is f(v) = v.
func identityTable() Table {
	return newTable(func(v float64) float64 { return v }, 0, 256)
}

// Eval applies the table to a code value (real, not rounded).
func (t Table) Eval(v float64) float64 {
	out := t.Base
	for k, s := range t.Slopes {
		out += s * clamp(v-float64(k*tableStep), 0, tableStep)
	}
	return out
}

// affine reports whether the table is one straight line over 0..256.
func (t Table) affine() bool {
	for _, s := range t.Slopes {
		if s != t.Slopes[0] {
			return false
		}
	}
	return true
}

// IsIdentity reports whether the table maps every code to itself.
func (t Table) IsIdentity() bool {
	return t.Base == 0 && t.affine() && t.Slopes[0] == 1
}

// Expr is the lutyuv expression of the table. lutyuv truncates, so 0.5 is
// added to round. An affine table is written as one product. A piecewise
// table is wrapped in if(lt(val,256),...,0): FFmpeg 5.1's lut evaluates the
// expression for all 65536 16-bit values even on 8-bit frames, and the lazy
// if skips the 65280 it never uses (0.3 s of CPU per job otherwise).
func (t Table) Expr() string {
	base := num(t.Base + 0.5)
	if t.affine() {
		return base + signed(t.Slopes[0]) + "*val"
	}
	var b strings.Builder
	b.WriteString(base)
	for k, s := range t.Slopes {
		if s == 0 {
			continue
		}
		lo := k * tableStep
		b.WriteString(signed(s) + "*clip(val-" + strconv.Itoa(lo) + ",0," + strconv.Itoa(tableStep) + ")")
	}
	return "if(lt(val,256)," + b.String() + ",0)"
}

// mix blends t toward the identity: identity + i·(t − identity).
func (t Table) mix(i float64) Table {
	return newTable(func(v float64) float64 { return v + i*(t.Eval(v)-v) }, 0, 255)
}

// compose returns the table of t after u: t(u(v)).
func (t Table) compose(u Table) Table {
	return newTable(func(v float64) float64 { return t.Eval(u.Eval(v)) }, 0, 255)
}

// signed formats v with its sign, for joining terms.
func signed(v float64) string {
	if v < 0 {
		return num(v)
	}
	return "+" + num(v)
}

func num(v float64) string { return strconv.FormatFloat(round6(v), 'f', -1, 64) }

func round6(v float64) float64 {
	r := math.Round(v*1e6) / 1e6
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}
