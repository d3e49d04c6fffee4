// Package frac is an exact rational number for frame rates and time bases.
package frac

import (
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

// New returns num/den reduced to lowest terms with a positive denominator.
func New(num, den int64) Rational {
	if den == 0 {
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
	if !r.Num().IsInt64() || !r.Denom().IsInt64() {
		return Rational{}, fmt.Errorf("%q is out of range", s)
	}
	return New(r.Num().Int64(), r.Denom().Int64()), nil
}

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

// MulDivRound returns round(x * num / den) for non-negative den, exactly
// (half away from zero), without overflow for the magnitudes media uses.
func MulDivRound(x, num, den int64) int64 {
	p := new(big.Int).Mul(big.NewInt(x), big.NewInt(num))
	d := big.NewInt(den)
	q, m := new(big.Int).QuoRem(p, d, new(big.Int))
	m2 := new(big.Int).Abs(m)
	m2.Lsh(m2, 1)
	if m2.Cmp(new(big.Int).Abs(d)) >= 0 {
		if p.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// MulDivFloor returns floor(x * num / den) for den > 0.
func MulDivFloor(x, num, den int64) int64 {
	p := new(big.Int).Mul(big.NewInt(x), big.NewInt(num))
	q, m := new(big.Int).DivMod(p, big.NewInt(den), new(big.Int))
	_ = m
	return q.Int64()
}

// SecondsToFrames converts seconds to a frame count at rate r, rounding to the
// nearest frame.
func SecondsToFrames(sec float64, r Rational) int64 {
	return int64(math.Round(sec * float64(r.Num) / float64(r.Den)))
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
