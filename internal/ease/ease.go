// Package ease holds the easing curves of layer animations and of motion
// (Ken Burns), in the two forms reel needs them: a value computed in Go
// (text, whose every animated frame reel writes) and an FFmpeg expression
// (images, videos and motion, whose frames FFmpeg computes). One
// definition keeps the same `easing:` looking the same on a title, a logo
// and a Ken Burns move.
package ease

import "fmt"

// Value maps progress p (clamped to 0..1) along the curve name: linear,
// in (starts slowly), out (ends slowly) or in-out. The curves are
// quadratic and rise steadily from 0 to 1.
func Value(name string, p float64) float64 {
	p = min(max(p, 0), 1)
	switch name {
	case "in":
		return p * p
	case "out":
		return 1 - (1-p)*(1-p)
	case "in-out":
		if p < 0.5 {
			return 2 * p * p
		}
		return 1 - 2*(1-p)*(1-p)
	}
	return p
}

// Expr is Value as an FFmpeg expression of p, an expression in 0..1.
func Expr(name, p string) string {
	switch name {
	case "in":
		return fmt.Sprintf("pow(%s,2)", p)
	case "out":
		return fmt.Sprintf("(1-pow(1-%s,2))", p)
	case "in-out":
		return fmt.Sprintf("if(lt(%[1]s,0.5),2*pow(%[1]s,2),1-2*pow(1-%[1]s,2))", p)
	}
	return p
}
