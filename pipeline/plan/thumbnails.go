package plan

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
)

// thumbnailsJob writes t's sheet to sheet and its WebVTT index to vtt (see
// vttIndex), which the executor writes for the job (a File at {{out1}}). The grid is config's
// (Thumbnails.Layout): a tile every Step film frames, tile k showing film
// frame k·Step (every, counted in whole frames of the film), Columns to a
// row, as many rows as they fill; the cells after the last tile are black.
// A sheet too tall is an error at thumbnails.every.
func (b *builder) thumbnailsJob(film filmFile, t config.Thumbnails, sheet, vtt string) (Job, error) {
	l, err := t.Layout(film.Frames, film.FPS, film.Width, film.Height)
	if err != nil {
		return Job{}, err
	}
	filters := []ffmpeg.Filter{
		ffmpeg.F("select", "expr", "not(mod(n,"+strconv.FormatInt(l.Step, 10)+"))"),
		ffmpeg.F("scale", "w", strconv.Itoa(l.TileWidth), "h", strconv.Itoa(l.TileHeight)),
		ffmpeg.F("setsar", "", "1"),
		ffmpeg.F("tile", "layout", fmt.Sprintf("%dx%d", l.Columns, l.Rows)),
	}
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
	th := Threads
	// The whole film is read from its start: n counts its frames.
	args := append(b.globalArgs(), "-filter_complex_threads", th, "-i", In(0),
		"-filter_complex", g.String(), "-map", "["+out+"]", "-frames:v", "1")
	args = append(append(args, enc...), "-threads", th)
	args = append(args, stillMuxer(Out(0))...)
	sec, _ := film.seconds().Float64()
	return Job{ID: "thumbnails", Kind: KindDerived, Args: args, Inputs: []string{film.Path}, Outputs: []string{sheet, vtt},
		Files: []File{{Path: Out(1), Content: vttIndex(film, l, filepath.Base(t.Path))}},
		Deps:  []string{film.Job}, Frames: 1, Seconds: sec,
		Cost: float64(film.Width*film.Height)*float64(film.Frames) + float64(l.Tiles*l.TileWidth*l.TileHeight)}, nil
}

// isPNG says whether a sheet's path asks for PNG (else JPEG).
func isPNG(path string) bool { return strings.EqualFold(filepath.Ext(path), ".png") }
