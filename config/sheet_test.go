package config

import (
	"testing"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

// TestSheetLayout checks the tiles, grid and cues of thumbnail sheets.
func TestSheetLayout(t *testing.T) {
	fps30 := frac.New(30, 1)
	tests := []struct {
		every                   string
		width, columns          int
		frames                  int64
		w, h                    int
		tiles, cols, rows, tile int // tile: the tile's height
		lastCue                 [2]int64
	}{
		{"2s", 160, 10, 300, 1920, 1080, 5, 5, 1, 90, [2]int64{240, 300}},
		{"2s", 160, 10, 315, 1920, 1080, 6, 6, 1, 90, [2]int64{300, 315}},
		{"1s", 160, 10, 30 * 95, 1920, 1080, 95, 10, 10, 90, [2]int64{2820, 2850}},
		{"1s", 100, 4, 90, 1080, 1920, 3, 3, 1, 178, [2]int64{60, 90}},
		{"45f", 16, 1, 46, 1280, 534, 2, 1, 2, 6, [2]int64{45, 46}},
		{"1f", 160, 100, 1, 640, 360, 1, 1, 1, 90, [2]int64{0, 1}},
	}
	for _, tt := range tests {
		th := Thumbnails{Every: timecode.MustParse(tt.every), Width: tt.width, Columns: tt.columns}
		l, err := th.Layout(tt.frames, fps30, tt.w, tt.h)
		if err != nil {
			t.Errorf("%+v: %v", tt, err)
			continue
		}
		s, e := l.Cue(l.Tiles - 1)
		if l.Tiles != tt.tiles || l.Columns != tt.cols || l.Rows != tt.rows || l.TileHeight != tt.tile ||
			[2]int64{s, e} != tt.lastCue || l.SheetWidth != tt.cols*tt.width || l.SheetHeight != tt.rows*tt.tile {
			t.Errorf("%s every, %d frames of %dx%d: got %+v, last cue %d..%d", tt.every, tt.frames, tt.w, tt.h, l, s, e)
		}
	}
	pos := Pos{File: "project.yaml", Line: 4, Path: "thumbnails"}
	tall := Thumbnails{Every: timecode.MustParse("1s"), Width: 320, Columns: 10, Pos: pos}
	_, err := tall.Layout(30*60*60*2, fps30, 1920, 1080)
	want := "project.yaml:4: thumbnails.every: a tile every 1s makes 7200 tiles: 720 rows of 180 pixels, a sheet 129600 pixels tall, more than 16384; write a longer every, more columns or a narrower width"
	if err == nil || err.Error() != want {
		t.Errorf("a 2-hour sheet: got %v, want %s", err, want)
	}
	short := Thumbnails{Every: timecode.MustParse("10ms"), Width: 160, Columns: 10, Pos: pos}
	_, err = short.Layout(300, fps30, 1920, 1080)
	want = "project.yaml:4: thumbnails.every: every 10ms is shorter than a frame at 30 fps: write at least 1f"
	if err == nil || err.Error() != want {
		t.Errorf("every under a frame: got %v, want %s", err, want)
	}
}
