package conform

import (
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/probe"
)

// Overlay returns the filters that make a picture (an image or a clip's
// frames, already on the output's frame grid) into a layer of w×h film
// pixels drawn over the film: square pixels, scaled (keeping nothing of its
// own aspect: the caller chose w and h), converted to BT.709 TV range, in
// pixFmt, a YUV format with an alpha channel (opaque for a source without
// one). draft scales by area averaging, as Fit does for a preview.
func Overlay(v *probe.Video, w, h int, pixFmt string, draft bool) []ffmpeg.Filter {
	col := colourArgs(v)
	if draft {
		col = append(col, "flags", "area")
	}
	fs := anamorphic(v)
	// A transparent picture is resampled with its colour premultiplied by
	// its alpha (flatten's conversion, without the flattening), so that
	// the transparent pixels around a shape, whatever colour they hold,
	// do not bleed into its edges: they would draw a dark fringe round a
	// logo on transparent black.
	size := scale(col, "w", strconv.Itoa(w), "h", strconv.Itoa(h))
	if v == nil || !v.Alpha {
		return append(fs, size, ffmpeg.F("format", "pix_fmts", pixFmt))
	}
	fs = append(fs, flatten(v)...)
	return append(fs, size, ffmpeg.F("format", "pix_fmts", "yuva444p"),
		ffmpeg.F("unpremultiply", "inplace", "1"), ffmpeg.F("format", "pix_fmts", pixFmt))
}
