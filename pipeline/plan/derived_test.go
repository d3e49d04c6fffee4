package plan

import (
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/frac"
)

// TestDerivedFrames renders ranges of films at other rates and checks every
// frame of the rendition against the frame rule, the frame count
// (floor(duration·fps)) and the sound's length (the frames' time, to the
// sample, within one AAC frame once decoded).
func TestDerivedFrames(t *testing.T) {
	cases := []struct {
		name        string
		film        string // its rate
		filmFrames  int
		fps         string // the rendition's
		start, end  string // "" for none
		duration    string
		wantFrames  int64
		wantStartAt string // the range start as the rule counts it, in seconds (a frame count converted)
	}{
		{name: "12 fps from 0.55 s for 1 s", film: "30", filmFrames: 60, fps: "12", start: "0.55s", duration: "1s", wantFrames: 12},
		{name: "24 fps whole film", film: "30", filmFrames: 60, fps: "24", wantFrames: 48},
		{name: "30000/1001 to 15, start in film frames", film: "30000/1001", filmFrames: 60, fps: "15", start: "7f", duration: "1s", wantFrames: 15, wantStartAt: "7007/30000"},
		{name: "25 up to 30 with an end", film: "25", filmFrames: 50, fps: "30", start: "0.1s", end: "1.5s", wantFrames: 42},
		{name: "film rate, range to the end", film: "30", filmFrames: 60, fps: "", start: "1.5s", wantFrames: 15},
		{name: "start off both grids", film: "24", filmFrames: 48, fps: "10", start: "0.333s", duration: "1.2s", wantFrames: 12},
		{name: "seeking: from 3.4 s of 5 s", film: "30", filmFrames: 150, fps: "12", start: "3.4s", duration: "1.5s", wantFrames: 18},
		{name: "seeking, to the end", film: "30000/1001", filmFrames: 150, fps: "24000/1001", start: "00:00:02.5", wantFrames: 60},
		{name: "floor, not round: 0.99 s at 24", film: "30", filmFrames: 60, fps: "24", start: "0.5s", duration: "0.99s", wantFrames: 23},
	}
	films := map[string]filmFile{} // the films made so far, by rate and length
	filmDir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			key := fmt.Sprint(tc.film, "/", tc.filmFrames)
			film, ok := films[key]
			if !ok {
				d := filepath.Join(filmDir, strconv.Itoa(len(films)))
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
				film = makeFilm(t, d, testFilm{FPS: tc.film, Frames: tc.filmFrames, Pattern: "index"})
				films[key] = film
			}
			o := config.Output{Name: "teaser", Path: filepath.Join(dir, "teaser.mp4"), Container: "mp4", Codec: "h264",
				Quality: "high", CRF: 12, Width: 160, Height: 90, Audio: "aac"}
			if tc.fps != "" {
				o.FPS, _ = frac.Parse(tc.fps)
			}
			start := new(big.Rat)
			if tc.start != "" || tc.end != "" || tc.duration != "" {
				o.Range = &config.Range{Start: dur(t, "0s")}
				if tc.start != "" {
					o.Range.Start = dur(t, tc.start)
					start = secondsAt(o.Range.Start, film.FPS)
				}
				if tc.end != "" {
					e := dur(t, tc.end)
					o.Range.End = &e
				}
				if tc.duration != "" {
					d := dur(t, tc.duration)
					o.Range.Duration = &d
				}
			}
			if tc.wantStartAt != "" {
				want, _ := new(big.Rat).SetString(tc.wantStartAt)
				if start.Cmp(want) != 0 {
					t.Fatalf("start %s counts %v s, want %v", tc.start, start, want)
				}
			}
			out := filepath.Join(dir, ".teaser.mp4.partial")
			j, err := testBuilder(dir).derivedJob(film, o, out)
			if err != nil {
				t.Fatal(err)
			}
			if j.Frames != tc.wantFrames {
				t.Errorf("job frames %d, want %d", j.Frames, tc.wantFrames)
			}
			runJob(t, j)
			imgs := frames(t, out)
			if int64(len(imgs)) != tc.wantFrames {
				t.Fatalf("%d frames, want %d", len(imgs), tc.wantFrames)
			}
			rate := o.FPS
			if rate.IsZero() {
				rate = film.FPS
			}
			for k, img := range imgs {
				want := pickedFrame(start, int64(k), rate, film.FPS)
				if want >= film.Frames {
					t.Fatalf("the rule picks frame %d past the film's %d", want, film.Frames)
				}
				if got := fftest.FrameIndex(img); got != int(want%32) {
					t.Errorf("frame %d shows film frame %d (mod 32), want %d (%d)", k, got, want%32, want)
				}
			}
			// The sound covers the frames' time: the cut is exact to the
			// sample (TestDerivedSync, and PCM in TestDerivedCodecs), but
			// FFmpeg's AAC encoder may mark its last frame a few samples
			// short (928 of 944 here), and a decoder gives whole frames.
			wantSamples := tc.wantFrames * 48000 * rate.Den / rate.Num
			if d := atoi(t, probeStream(t, out, "a", "duration_ts")); d <= wantSamples-1024 || d > wantSamples {
				t.Errorf("sound of %d samples, want %d to one AAC frame less", d, wantSamples)
			}
			if n := audioSamples(t, out); n < wantSamples || n >= wantSamples+1024 {
				t.Errorf("decoded %d samples, want %d to one AAC frame more", n, wantSamples)
			}
		})
	}
}

// TestDerivedSync cuts a range of a film with flashes and beeps at other
// rates: each beep is where the film had it, less the start, to the
// millisecond (the cut is sample-exact), and each flash on the first
// rendition frame at or after it, so sound and picture stay within one
// rendition frame.
func TestDerivedSync(t *testing.T) {
	for _, tc := range []struct {
		fps     int64
		start   string
		at      float64 // start in seconds
		flashes []int   // the film's flashes in the range
	}{{12, "0.3s", 0.3, []int{20, 50, 75}}, {25, "0.51s", 0.51, []int{20, 50, 75}}, {15, "1.3s", 1.3, []int{50, 75}}} {
		t.Run(tc.start, func(t *testing.T) {
			dir := t.TempDir()
			flashes := []int{20, 50, 75}
			path := fftest.MakeSync(t, dir, fftest.SyncClip{Name: "film.mp4", FPS: "30", Seconds: 3, Flashes: flashes, FlashFrames: 3})
			info := fftest.Info(t, path)
			film := filmFile{Path: path, Job: "mux", Frames: 90, FPS: frac.New(30, 1), Width: info.Video.Width, Height: info.Video.Height, Audio: true}
			o := config.Output{Name: "cut", Container: "mp4", Codec: "h264", CRF: -1, Width: film.Width, Height: film.Height,
				FPS: frac.New(tc.fps, 1), Audio: "aac", Range: &config.Range{Start: dur(t, tc.start)}}
			out := filepath.Join(dir, "cut.mp4")
			j, err := testBuilder(dir).derivedJob(film, o, out)
			if err != nil {
				t.Fatal(err)
			}
			runJob(t, j)
			offs := fftest.AVOffsets(t, out, len(tc.flashes))
			got := fftest.FlashTimes(t, out)
			beeps := fftest.BeepTimes(t, out)
			for i, f := range tc.flashes {
				inFilm := float64(f)/30 - tc.at
				wantFlash := math.Ceil(inFilm*float64(tc.fps)-1e-9) / float64(tc.fps)
				if math.Abs(got[i]-wantFlash) > 0.001 {
					t.Errorf("flash %d at %.4f s, want %.4f", i, got[i], wantFlash)
				}
				if math.Abs(beeps[i]-inFilm) > 0.001 {
					t.Errorf("beep %d at %.4f s, want %.4f", i, beeps[i], inFilm)
				}
				if offs[i] > 0.0005 || offs[i] < -1/float64(tc.fps)-0.0005 {
					t.Errorf("beep %d is %.4f s after its flash, want within one frame before", i, offs[i])
				}
			}
		})
	}
}
