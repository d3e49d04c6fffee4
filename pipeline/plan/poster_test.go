package plan

import (
	"image"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
)

// TestPoster writes posters of a film of coloured scenes (red, lime, blue,
// white, 15 frames each at 30 fps) at times on either side of scene
// changes: each shows the film frame on screen then (floor(at·fps)), at
// the film's size, its colours those of that frame (the JPEG is BT.601
// full range, as JPEG decoders read it), clearly not the neighbouring
// scene's.
func TestPoster(t *testing.T) {
	dir := t.TempDir()
	film := makeFilm(t, dir, testFilm{FPS: "30", Frames: 60, Colors: []string{"red", "lime", "blue", "white"}, Silent: true})
	src := frames(t, film.Path)
	mid := image.Rect(40, 20, 120, 70)
	for _, tc := range []struct {
		at          string
		frame, next int // the frame shown, and one of the scene beside
	}{
		{"0s", 0, 15},
		{"0.49s", 14, 15},   // floor(14.7): still red
		{"0.5s", 15, 14},    // frame 15: lime
		{"29f", 29, 30},     // a frame count
		{"1.0333s", 30, 29}, // floor(30.999)
		{"1.99s", 59, 44},   // the last frame
	} {
		t.Run(tc.at, func(t *testing.T) {
			out := filepath.Join(dir, ".poster-"+tc.at+".jpg.partial")
			p := config.Poster{At: dur(t, tc.at), Path: filepath.Join(dir, "poster.jpg")}
			j, err := testBuilder(dir).posterJob(film, p, out)
			if err != nil {
				t.Fatal(err)
			}
			runJob(t, j)
			for key, want := range map[string]string{"codec_name": "mjpeg", "width": "160", "height": "90"} {
				if got := probeStream(t, out, "v", key); got != want {
					t.Errorf("%s %s, want %s", key, got, want)
				}
			}
			img := frames(t, out)[0]
			got, want, other := region(img, mid), region(src[tc.frame], mid), region(src[tc.next], mid)
			if d := maxDiff(got, want); d > 4 {
				t.Errorf("poster %v, film frame %d %v: %.1f apart", got, tc.frame, want, d)
			}
			if d := maxDiff(got, other); d < 100 {
				t.Errorf("poster %v is close to frame %d of the scene beside (%v)", got, tc.next, other)
			}
		})
	}
}

// TestPosterPastTheEnd: a time at or past the film's end is an error at
// poster.at that says how long the film is.
func TestPosterPastTheEnd(t *testing.T) {
	film := filmFile{Path: "film.mp4", Job: "mux", Frames: 60, FPS: rate(t, "30"), Width: 160, Height: 90}
	for _, at := range []string{"2s", "2.5s", "60f", "00:01:00"} {
		p := config.Poster{At: dur(t, at), Path: "/out/poster.jpg", Pos: config.Pos{File: "p.yaml", Line: 7, Path: "poster"}}
		_, err := testBuilder(t.TempDir()).posterJob(film, p, "/out/.poster.jpg.partial")
		if err == nil {
			t.Fatalf("poster at %s of a 2 s film: no error", at)
		}
		for _, want := range []string{"p.yaml:7: poster.at: " + at, "after the end of the film (2s long, 60 frames)", "last frame is at 1.967s"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
	}
}
