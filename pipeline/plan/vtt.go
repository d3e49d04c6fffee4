package plan

import (
	"fmt"
	"math/big"
	"net/url"
	"strings"
)

// vttIndex is the WebVTT index of a thumbnail sheet named name (the
// sheet's file name: it sits beside the index): one cue per tile, from
// its time to the next tile's (the last to the film's end), whose text is
// the tile's rectangle in the sheet as a media fragment,
// name#xywh=x,y,w,h. The name is percent-encoded as a URL path segment.
// Times are written to the millisecond, rounded to the nearest.
func vttIndex(film filmFile, s sheet, name string) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	ref := url.PathEscape(name)
	for k := int64(0); k < s.tiles; k++ {
		end := film.seconds()
		if k+1 < s.tiles {
			end = s.at(k + 1)
		}
		x, y := (k%s.columns)*int64(s.tileW), (k/s.columns)*int64(s.tileH)
		fmt.Fprintf(&b, "\n%s --> %s\n%s#xywh=%d,%d,%d,%d\n", vttTime(s.at(k)), vttTime(end), ref, x, y, s.tileW, s.tileH)
	}
	return b.String()
}

// vttTime writes t seconds as hh:mm:ss.ttt.
func vttTime(t *big.Rat) string {
	ms := roundRat(mulRat(t, big.NewRat(1000, 1)))
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
