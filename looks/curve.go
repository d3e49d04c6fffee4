package looks

import "fmt"

// CheckCurve reports what is wrong with curve points: fewer than two,
// values outside 0..1, or inputs not strictly increasing.
func CheckCurve(pts [][2]float64) error {
	if len(pts) < 2 {
		return fmt.Errorf("a curve needs at least 2 points, found %d", len(pts))
	}
	for i, p := range pts {
		if p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1 {
			return fmt.Errorf("point %d [%g, %g] is outside 0..1", i+1, p[0], p[1])
		}
		if i > 0 && p[0] <= pts[i-1][0] {
			return fmt.Errorf("point %d: inputs must increase (%g after %g)", i+1, p[0], pts[i-1][0])
		}
	}
	return nil
}
