package plan

import (
	"fmt"
	"image"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
)

// sceneColours are the RGB of the film's scenes in TestThumbnails.
var sceneColours = map[string][3]float64{
	"red": {255, 0, 0}, "lime": {0, 255, 0}, "blue": {0, 0, 255}, "white": {255, 255, 255}, "yellow": {255, 255, 0},
}

// TestThumbnails lays out sheets of a film of five coloured scenes (0.5 s
// each at 30 fps, 2.5 s): the sheet is exactly columns×rows tiles, each
// tile the colour of the scene on screen at its time and the cells after
// the last tile black; the VTT parses, its cues run from each tile's time
// to the next's (the last to the film's end) and point at each tile's
// rectangle of the sheet, named relative to the VTT (percent-encoded).
func TestThumbnails(t *testing.T) {
	dir := t.TempDir()
	scenes := []string{"red", "lime", "blue", "white", "yellow"}
	film := makeFilm(t, dir, testFilm{FPS: "30", Frames: 75, Colors: scenes, Silent: true})
	cases := []struct {
		name, every   string
		width, cols   int
		file          string
		columns, rows int
		tileH         int
		shows         []string // the scene of each tile
		cues          []string // start --> end of each cue
	}{
		{name: "two columns", every: "0.5s", width: 40, cols: 2, file: "thumbs.jpg", columns: 2, rows: 3, tileH: 22,
			shows: scenes, cues: []string{"00:00:00.000 --> 00:00:00.500", "00:00:00.500 --> 00:00:01.000", "00:00:01.000 --> 00:00:01.500",
				"00:00:01.500 --> 00:00:02.000", "00:00:02.000 --> 00:00:02.500"}},
		{name: "fewer tiles than columns, PNG", every: "0.7s", width: 64, cols: 10, file: "sheet one.png", columns: 4, rows: 1, tileH: 36,
			shows: []string{"red", "lime", "blue", "yellow"}, // 0, 0.7 (frame 21), 1.4 (42), 2.1 (63)
			cues:  []string{"00:00:00.000 --> 00:00:00.700", "00:00:00.700 --> 00:00:01.400", "00:00:01.400 --> 00:00:02.100", "00:00:02.100 --> 00:00:02.500"}},
		{name: "every in frames", every: "20f", width: 32, cols: 3, file: "t.jpeg", columns: 3, rows: 2, tileH: 18,
			shows: []string{"red", "lime", "blue", "yellow"}, // frames 0, 20, 40, 60
			cues:  []string{"00:00:00.000 --> 00:00:00.667", "00:00:00.667 --> 00:00:01.333", "00:00:01.333 --> 00:00:02.000", "00:00:02.000 --> 00:00:02.500"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			th := config.Thumbnails{Every: dur(t, tc.every), Width: tc.width, Columns: tc.cols, Path: path}
			sheetTemp, vttTemp := TempOutput(path, "t"), TempOutput(vttPath(th), "t")
			j, err := testBuilder(dir).thumbnailsJob(film, th, sheetTemp, vttTemp)
			if err != nil {
				t.Fatal(err)
			}
			runJob(t, j)
			codec := map[bool]string{true: "png", false: "mjpeg"}[strings.HasSuffix(tc.file, ".png")]
			if got := probeStream(t, sheetTemp, "v", "codec_name"); got != codec {
				t.Errorf("sheet codec %s, want %s", got, codec)
			}
			sheet := frames(t, sheetTemp)
			if len(sheet) != 1 {
				t.Fatalf("the sheet has %d pictures", len(sheet))
			}
			img := sheet[0]
			if got, want := img.Bounds().Size(), image.Pt(tc.columns*tc.width, tc.rows*tc.tileH); got != want {
				t.Fatalf("sheet of %v, want %v (%dx%d tiles of %dx%d)", got, want, tc.columns, tc.rows, tc.width, tc.tileH)
			}
			for k := 0; k < tc.columns*tc.rows; k++ {
				x, y := k%tc.columns*tc.width, k/tc.columns*tc.tileH
				inner := image.Rect(x+tc.width/4, y+tc.tileH/4, x+tc.width*3/4, y+tc.tileH*3/4)
				want := [3]float64{0, 0, 0} // past the last tile
				if k < len(tc.shows) {
					want = sceneColours[tc.shows[k]]
				}
				if c := region(img, inner); maxDiff(c, want) > 24 {
					t.Errorf("tile %d is %v, want %v", k, c, want)
				}
			}
			vtt, err := os.ReadFile(vttTemp)
			if err != nil {
				t.Fatal(err)
			}
			checkVTT(t, string(vtt), tc.file, tc.cues, tc.columns, tc.width, tc.tileH)
		})
	}
}

// cueRe is one cue: timings, then the tile's fragment.
var cueRe = regexp.MustCompile(`^(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\n([^\n#]+)#xywh=(\d+),(\d+),(\d+),(\d+)$`)

// checkVTT parses a WebVTT index and checks its cues: times, the sheet's
// name (URL-escaped) and each tile's rectangle.
func checkVTT(t *testing.T, vtt, sheet string, cues []string, columns, w, h int) {
	t.Helper()
	blocks := strings.Split(strings.TrimRight(vtt, "\n"), "\n\n")
	if blocks[0] != "WEBVTT" {
		t.Fatalf("the index starts %q, want WEBVTT", blocks[0])
	}
	if len(blocks)-1 != len(cues) {
		t.Fatalf("%d cues, want %d:\n%s", len(blocks)-1, len(cues), vtt)
	}
	name := strings.ReplaceAll(sheet, " ", "%20") // a name already encoded stays
	for k, b := range blocks[1:] {
		m := cueRe.FindStringSubmatch(b)
		if m == nil {
			t.Fatalf("cue %d does not parse: %q", k, b)
		}
		if got := m[1] + " --> " + m[2]; got != cues[k] {
			t.Errorf("cue %d: %s, want %s", k, got, cues[k])
		}
		if m[3] != name {
			t.Errorf("cue %d names %q, want %q", k, m[3], name)
		}
		want := fmt.Sprintf("%d,%d,%d,%d", k%columns*w, k/columns*h, w, h)
		if got := strings.Join(m[4:8], ","); got != want {
			t.Errorf("cue %d: xywh=%s, want %s", k, got, want)
		}
	}
}

// TestVTTIndex: at 29.97 fps, every 0.5s is 15 frames (0.5005 s), and the
// cues fall on those frames' times, rounded to the millisecond; the last
// ends with the film; the sheet's name is percent-encoded.
func TestVTTIndex(t *testing.T) {
	film := filmFile{Frames: 75, FPS: rate(t, "30000/1001"), Width: 1920, Height: 1080}
	th := config.Thumbnails{Every: dur(t, "0.5s"), Width: 160, Columns: 3}
	l, err := th.Layout(film.Frames, film.FPS, film.Width, film.Height)
	if err != nil {
		t.Fatal(err)
	}
	got := vttIndex(film, l, "my #1.jpg")
	cues := []string{"00:00:00.000 --> 00:00:00.501", "00:00:00.501 --> 00:00:01.001", "00:00:01.001 --> 00:00:01.502",
		"00:00:01.502 --> 00:00:02.002", "00:00:02.002 --> 00:00:02.503"}
	checkVTT(t, got, "my%20%231.jpg", cues, 3, 160, 90)
}

// TestVTTTime: cue times are hh:mm:ss.ttt, rounded to the millisecond.
func TestVTTTime(t *testing.T) {
	for in, want := range map[string]string{"0": "00:00:00.000", "3725.0005": "01:02:05.001", "0.6666": "00:00:00.667", "86399.9994": "23:59:59.999"} {
		if got := vttTime(ratOf(t, in)); got != want {
			t.Errorf("vttTime(%s) = %s, want %s", in, got, want)
		}
	}
}

// ratOf parses a decimal as an exact rational or fails the test.
func ratOf(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	return r
}
