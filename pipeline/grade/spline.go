package grade

import (
	"math"
	"sort"
)

// newSpline returns the monotone cubic (Fritsch–Carlson) through pts: it
// never overshoots, so a curve that rises everywhere stays rising. Outside
// the points it holds the end values. No points is the identity.
func newSpline(pts [][2]float64) func(float64) float64 {
	n := len(pts)
	if n < 2 {
		return func(x float64) float64 { return x }
	}
	d := make([]float64, n-1) // secant slopes
	for i := range d {
		d[i] = (pts[i+1][1] - pts[i][1]) / (pts[i+1][0] - pts[i][0])
	}
	m := make([]float64, n) // tangents
	m[0], m[n-1] = d[0], d[n-2]
	for i := 1; i < n-1; i++ {
		if d[i-1]*d[i] > 0 {
			m[i] = (d[i-1] + d[i]) / 2
		}
	}
	for i := range d {
		if d[i] == 0 {
			m[i], m[i+1] = 0, 0
			continue
		}
		a, b := m[i]/d[i], m[i+1]/d[i]
		if s := a*a + b*b; s > 9 {
			t := 3 / math.Sqrt(s)
			m[i], m[i+1] = t*a*d[i], t*b*d[i]
		}
	}
	return func(x float64) float64 {
		if x <= pts[0][0] {
			return pts[0][1]
		}
		if x >= pts[n-1][0] {
			return pts[n-1][1]
		}
		i := sort.Search(n, func(k int) bool { return pts[k][0] > x }) - 1
		h := pts[i+1][0] - pts[i][0]
		t := (x - pts[i][0]) / h
		t2, t3 := t*t, t*t*t
		return (2*t3-3*t2+1)*pts[i][1] + (t3-2*t2+t)*h*m[i] + (-2*t3+3*t2)*pts[i+1][1] + (t3-t2)*h*m[i+1]
	}
}
