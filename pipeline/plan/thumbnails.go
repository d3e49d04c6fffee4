package plan

import (
	"fmt"
	"math/big"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
)

// DefaultColumns is the tiles per row of a thumbnail sheet that gives none.
const DefaultColumns = 10

// maxSheetSide is the longest side of a sheet: JPEG stores sizes in 16
// bits; PNG is held to the same so that a sheet opens anywhere.
const maxSheetSide = 65535

// sheet is the layout of a thumbnail sheet: tiles for t = 0, every,
// 2·every, ... before the film's end, columns to a row, as many rows as
// they fill.
type sheet struct {
	every         *big.Rat // seconds between tiles
	tiles         int64
	columns, rows int64
	tileW, tileH  int
}

// sheetLayout lays out t's sheet for the film. A tile is Width wide and as
// high as keeps the film's aspect, rounded to the nearest even number. A
// film with fewer tiles than Columns gets a single row of just those; the
// last row's cells past the last tile are black. A sheet too large for an
// image is an error at the thumbnails line.
func sheetLayout(film filmFile, t config.Thumbnails) (sheet, *config.Error) {
	s := sheet{every: secondsAt(t.Every, film.FPS), tileW: t.Width}
	if s.every.Sign() <= 0 {
		return s, t.Pos.Errorf("thumbnails: every must be more than 0")
	}
	s.tiles = ceilRat(new(big.Rat).Quo(film.seconds(), s.every))
	s.columns = int64(t.Columns)
	if s.columns <= 0 {
		s.columns = DefaultColumns
	}
	s.columns = min(s.columns, s.tiles)
	s.rows = (s.tiles + s.columns - 1) / s.columns
	s.tileH = 2 * int(roundRat(big.NewRat(int64(t.Width)*int64(film.Height), 2*int64(film.Width))))
	s.tileH = max(s.tileH, 2)
	w, h := s.columns*int64(s.tileW), s.rows*int64(s.tileH)
	if w > maxSheetSide || h > maxSheetSide {
		return s, t.Pos.Errorf("thumbnails: %d tiles of %dx%d in %d columns make a sheet of %dx%d, more than an image can hold (%d a side): take a longer every, or more columns",
			s.tiles, s.tileW, s.tileH, s.columns, w, h, maxSheetSide)
	}
	return s, nil
}

// at is the time of tile k.
func (s sheet) at(k int64) *big.Rat { return mulRat(big.NewRat(k, 1), s.every) }

// thumbnailsJob writes t's sheet to sheetTemp, tile k showing the film
// frame on screen at k·every (the frame rule of pick), and gives the
// executor the WebVTT index to write at vttTemp (see vttIndex).
func (b *builder) thumbnailsJob(film filmFile, t config.Thumbnails, sheetTemp, vttTemp string) (Job, error) {
	s, cerr := sheetLayout(film, t)
	if cerr != nil {
		return Job{}, cerr
	}
	if !s.every.Num().IsInt64() || !s.every.Denom().IsInt64() {
		return Job{}, t.Pos.Errorf("thumbnails: every %s is too fine", t.Every)
	}
	rate := frac.Rational{Num: s.every.Denom().Int64(), Den: s.every.Num().Int64()} // a tile every `every`
	filters, err := pick(film.FPS, new(big.Rat), rate, s.tiles)
	if err != nil {
		return Job{}, t.Pos.Errorf("thumbnails: every %s: %v", t.Every, err)
	}
	filters = append(filters,
		ffmpeg.F("scale", "w", strconv.Itoa(s.tileW), "h", strconv.Itoa(s.tileH)),
		ffmpeg.F("setsar", "", "1"),
		ffmpeg.F("tile", "layout", fmt.Sprintf("%dx%d", s.columns, s.rows)))
	enc := []string{"-c:v", "mjpeg", "-q:v", "2"}
	if isPNG(t.Path) {
		filters = append(filters,
			ffmpeg.F("scale", "in_color_matrix", "bt709", "in_range", "tv"),
			ffmpeg.F("format", "pix_fmts", "rgb24"))
		enc = []string{"-c:v", "png"}
	} else {
		filters = append(filters, jpegColour()...)
	}
	g := ffmpeg.NewGraph()
	out := g.Label("sheet")
	g.Chain([]string{"0:v:0"}, filters, []string{out})
	th := strconv.Itoa(b.threads)
	args := append(b.globalArgs(), "-filter_complex_threads", th, "-copyts", "-i", film.Path,
		"-filter_complex", g.String(), "-map", "["+out+"]", "-frames:v", "1")
	args = append(append(args, enc...), "-threads", th)
	args = append(args, stillMuxer(sheetTemp)...)
	sec, _ := film.seconds().Float64()
	return Job{ID: "thumbnails", Kind: KindDerived, Args: args, Inputs: []string{film.Path}, Outputs: []string{sheetTemp},
		Files: []File{{Path: vttTemp, Content: vttIndex(film, s, filepath.Base(t.Path))}},
		Deps:  []string{film.Job}, Frames: 1, Seconds: sec,
		Cost: float64(film.Width*film.Height)*float64(film.Frames) + float64(s.tiles)*float64(s.tileW*s.tileH)}, nil
}

// isPNG says whether a sheet's path asks for PNG (else JPEG).
func isPNG(path string) bool { return strings.EqualFold(filepath.Ext(path), ".png") }
