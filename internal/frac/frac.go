// Package frac is an exact rational number for frame rates and time bases.
package frac

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Rational is Num/Den with Den > 0, kept in lowest terms by the constructors.
type Rational struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// New returns num/den reduced to lowest terms with a positive denominator;
// a zero or math.MinInt64 term (whose negation overflows) gives the zero
// Rational.
func New(num, den int64) Rational {
	if den == 0 || den == math.MinInt64 || num == math.MinInt64 {
		return Rational{}
	}
	if den < 0 {
		num, den = -num, -den
	}
	g := gcd(abs(num), den)
	if g > 1 {
		num, den = num/g, den/g
	}
	return Rational{Num: num, Den: den}
}

// Parse reads "30", "30000/1001", "30000:1001" or a decimal such as "29.97".
// The NTSC decimals 23.976, 29.97, 47.952, 59.94 and 119.88 map to their exact
// x000/1001 rates, as every editor does.
func Parse(s string) (Rational, error) {
	s = strings.TrimSpace(s)
	for _, sep := range []string{"/", ":"} {
		if a, b, ok := strings.Cut(s, sep); ok {
			n, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
			d, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
			if err1 != nil || err2 != nil || d == 0 {
				return Rational{}, fmt.Errorf("%q is not a rational number like 30000/1001", s)
			}
			if outOfRange(n) || outOfRange(d) {
				return Rational{}, fmt.Errorf("%q is %w", s, ErrRange)
			}
			return New(n, d), nil
		}
	}
	switch s {
	case "23.976", "23.98":
		return New(24000, 1001), nil
	case "29.97":
		return New(30000, 1001), nil
	case "47.952":
		return New(48000, 1001), nil
	case "59.94":
		return New(60000, 1001), nil
	case "119.88":
		return New(120000, 1001), nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return Rational{}, fmt.Errorf("%q is not a number like 30 or 30000/1001", s)
	}
	if !r.Num().IsInt64() || !r.Denom().IsInt64() || outOfRange(r.Num().Int64()) || outOfRange(r.Denom().Int64()) {
		return Rational{}, fmt.Errorf("%q is %w", s, ErrRange)
	}
	return New(r.Num().Int64(), r.Denom().Int64()), nil
}

// ErrRange is wrapped by Parse's error for a number too large (or with too
// many decimals) to hold.
var ErrRange = errors.New("out of range")

// MaxTerm bounds the numerator and denominator Parse accepts, so that
// products of two terms never overflow int64.
const MaxTerm = 1 << 31

// outOfRange reports whether a term is beyond MaxTerm.
func outOfRange(v int64) bool { return v > MaxTerm || v < -MaxTerm }

// IsZero reports whether r is unset or zero.
func (r Rational) IsZero() bool { return r.Num == 0 || r.Den == 0 }

// Float returns r as a float64 (0 for an unset value).
func (r Rational) Float() float64 {
	if r.Den == 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// Inv returns Den/Num.
func (r Rational) Inv() Rational { return New(r.Den, r.Num) }

// String formats r as "30" or "30000/1001".
func (r Rational) String() string {
	if r.Den == 1 {
		return strconv.FormatInt(r.Num, 10)
	}
	return fmt.Sprintf("%d/%d", r.Num, r.Den)
}

// MulDivRound returns round(x * num / den) for den != 0, exactly (half away
// from zero). The product never overflows; a result beyond int64 saturates
// at math.MaxInt64 or math.MinInt64, and den == 0 gives 0.
func MulDivRound(x, num, den int64) int64 {
	return divRound(new(big.Int).Mul(big.NewInt(x), big.NewInt(num)), big.NewInt(den))
}

// MulDivRound2 returns round(x * num / (den1 * den2)) like MulDivRound,
// without overflow in either product.
func MulDivRound2(x, num, den1, den2 int64) int64 {
	return divRound(new(big.Int).Mul(big.NewInt(x), big.NewInt(num)), new(big.Int).Mul(big.NewInt(den1), big.NewInt(den2)))
}

// divRound returns round(p / d), half away from zero, saturated to int64.
func divRound(p, d *big.Int) int64 {
	if d.Sign() == 0 {
		return 0
	}
	q, m := new(big.Int).QuoRem(p, d, new(big.Int))
	m.Abs(m).Lsh(m, 1)
	if m.Cmp(new(big.Int).Abs(d)) >= 0 {
		if p.Sign()*d.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return saturate(q)
}

// MulDivFloor returns floor(x * num / den) for den > 0, saturated to int64
// (0 for den <= 0).
func MulDivFloor(x, num, den int64) int64 {
	if den <= 0 {
		return 0
	}
	p := new(big.Int).Mul(big.NewInt(x), big.NewInt(num))
	q, _ := new(big.Int).DivMod(p, big.NewInt(den), new(big.Int))
	return saturate(q)
}

// saturate returns q, or the int64 bound nearest to it.
func saturate(q *big.Int) int64 {
	switch {
	case q.IsInt64():
		return q.Int64()
	case q.Sign() > 0:
		return math.MaxInt64
	}
	return math.MinInt64
}

// SecondsToFrames converts seconds to a frame count at rate r, rounding to the
// nearest frame. It saturates instead of overflowing, and NaN gives 0.
func SecondsToFrames(sec float64, r Rational) int64 {
	if r.Den == 0 {
		return 0
	}
	f := math.Round(sec * float64(r.Num) / float64(r.Den))
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

func abs(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}
