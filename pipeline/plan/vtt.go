package plan

import (
	"fmt"
	"math/big"
	"net/url"
	"strings"

	"github.com/reel-film/reel/config"
)

// vttIndex is the WebVTT index of a thumbnail sheet named name (the
// sheet's file name: it sits beside the index): one cue per tile, the span
// of the film it stands for (config's SheetLayout.Cue: from its frame to
// the next tile's, the last to the film's end), whose text is the tile's
// rectangle in the sheet as a media fragment, name#xywh=x,y,w,h. The name
// is percent-encoded as a URL path segment. Times are the frames' times to
// the millisecond, rounded to the nearest.
func vttIndex(film filmFile, l config.SheetLayout, name string) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	ref := url.PathEscape(name)
	for k := 0; k < l.Tiles; k++ {
		start, end := l.Cue(k)
		x, y := k%l.Columns*l.TileWidth, k/l.Columns*l.TileHeight
		fmt.Fprintf(&b, "\n%s --> %s\n%s#xywh=%d,%d,%d,%d\n", vttTime(film.frameTime(start)), vttTime(film.frameTime(end)),
			ref, x, y, l.TileWidth, l.TileHeight)
	}
	return b.String()
}

// frameTime is the time of film frame n, exactly.
func (f filmFile) frameTime(n int64) *big.Rat {
	return new(big.Rat).Mul(big.NewRat(n, 1), new(big.Rat).Inv(rat(f.FPS)))
}

// vttTime writes t seconds as hh:mm:ss.ttt.
func vttTime(t *big.Rat) string {
	ms := roundRat(mulRat(t, big.NewRat(1000, 1)))
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
