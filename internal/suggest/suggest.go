// Package suggest finds the closest known name to a mistyped one, for
// "did you mean" hints in errors.
package suggest

import "strings"

// maxName is the longest name worth a suggestion: longer text is no typo of
// a name, and comparing it would cost its length times each candidate's.
const maxName = 64

// Closest returns the candidate nearest to name by edit distance, or "" when
// none is close enough to be a plausible typo.
func Closest(name string, candidates []string) string {
	if len(name) > maxName {
		return ""
	}
	best, bestDist := "", -1
	lname := strings.ToLower(name)
	for _, c := range candidates {
		if len(c) > maxName {
			continue
		}
		d := distance(lname, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := len(name) / 3
	if limit < 2 {
		limit = 2
	}
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// Hint formats Closest as ` (did you mean "x"?)`, or "" when nothing is close.
func Hint(name string, candidates []string) string {
	if c := Closest(name, candidates); c != "" {
		return ` (did you mean "` + c + `"?)`
	}
	return ""
}

// distance is the Damerau (optimal string alignment) edit distance, so a
// swapped pair of letters ("transiton" → "transition" is one insertion,
// "wipelfet" → "wipeleft" one swap) counts as one edit. Both strings hold at
// most maxName bytes, so three rows on the stack are enough: it allocates
// nothing.
func distance(a, b string) int {
	var ba, bb [maxName]rune
	ra, rb := toRunes(ba[:0], a), toRunes(bb[:0], b)
	var rows [3][maxName + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(rb); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// toRunes appends the runes of s to buf (whose capacity is maxName, the
// most runes s can hold).
func toRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}
