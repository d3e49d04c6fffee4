package config

import "github.com/reel-film/reel/internal/frac"

// MaxSheetSide is the tallest (and widest) thumbnail sheet: browsers and
// JPEG decoders handle images of up to 16384 pixels a side.
const MaxSheetSide = MaxSheetWidth

// SheetLayout is the grid of a thumbnail sheet for one film.
type SheetLayout struct {
	Tiles, Columns, Rows    int
	TileWidth, TileHeight   int   // even; the height keeps the film's aspect
	Step                    int64 // film frames between two tiles (Every)
	Frames                  int64 // the film's length in frames
	SheetWidth, SheetHeight int
}

// Cue is the span of the film tile i stands for, in film frames: from its
// time to the next tile's, or to the film's end (the WebVTT cue).
func (l SheetLayout) Cue(i int) (start, end int64) {
	start = int64(i) * l.Step
	return start, min(start+l.Step, l.Frames)
}

// Layout lays out the sheet of a film of frames frames at fps whose frame
// is w x h: a tile at 0, Every, 2×Every, … before the film's end. The error
// (at the thumbnails' position) says when Every is shorter than a frame or
// the sheet would be taller than MaxSheetSide, with the fix.
func (t Thumbnails) Layout(frames int64, fps frac.Rational, w, h int) (SheetLayout, error) {
	l := SheetLayout{Columns: t.Columns, TileWidth: t.Width, Frames: frames, Step: t.Every.Frames(fps)}
	every := Pos{File: t.Pos.File, Line: t.Pos.Line, Path: join(t.Pos.Path, "every")}
	if l.Step < 1 {
		return l, every.Errorf("every %s is shorter than a frame at %v fps: write at least 1f", t.Every, fps)
	}
	if w > 0 {
		l.TileHeight = max(2, 2*((h*t.Width+w)/(2*w)))
	}
	l.Tiles = int((frames + l.Step - 1) / l.Step)
	l.Columns = max(1, min(t.Columns, l.Tiles))
	l.Rows = (l.Tiles + l.Columns - 1) / l.Columns
	l.SheetWidth, l.SheetHeight = l.Columns*l.TileWidth, l.Rows*l.TileHeight
	if l.SheetHeight > MaxSheetSide {
		return l, every.Errorf("a tile every %s makes %d tiles: %d rows of %d pixels, a sheet %d pixels tall, more than %d; write a longer every, more columns or a narrower width", t.Every, l.Tiles, l.Rows, l.TileHeight, l.SheetHeight, MaxSheetSide)
	}
	return l, nil
}
