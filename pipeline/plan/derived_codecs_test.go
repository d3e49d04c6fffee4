package plan

import (
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/frac"
)

// TestDerivedCodecs makes a range of a film of coloured scenes in every
// codec and another shape: the stream layout (codec, pixel format, colour
// tags, size), the exact frame count, the sound's codec and length (to the
// sample for PCM, within a codec frame otherwise), and the fit of the film
// frame into the shape.
func TestDerivedCodecs(t *testing.T) {
	dir := t.TempDir()
	film := makeFilm(t, dir, testFilm{FPS: "30", Frames: 45, Colors: []string{"red", "lime", "blue"}})
	cases := []struct {
		container, codec, profile string
		w, h                      int
		fit                       string
		vcodec, pix               string
		audio, acodec             string // the sound's codec as config gives it, and FFmpeg's name
		audioFrame                int64  // samples the decoded sound may differ by (a codec frame)
		priming                   int64  // samples decoded before time 0 (Matroska keeps AAC's priming and starts the picture after it)
	}{
		{"mkv", "h264", "", 96, 54, "", "h264", "yuv420p", "aac", "aac", 1024, 1024},
		{"mp4", "h265", "", 90, 160, "contain", "hevc", "yuv420p", "aac", "aac", 1024, 0},
		{"webm", "vp9", "", 160, 160, "blur", "vp9", "yuv420p", "opus", "opus", 960, 0},
		{"mp4", "av1", "", 128, 72, "cover", "av1", "yuv420p", "aac", "aac", 1024, 0},
		{"mov", "prores", "hq", 160, 90, "", "prores", "yuv422p10le", "pcm", "pcm_s24le", 0, 0},
		{"mkv", "prores", "4444", 160, 90, "", "prores", "yuv444p12le", "pcm", "pcm_s24le", 0, 0}, // FFmpeg decodes ProRes 4444 as 12-bit
	}
	for _, tc := range cases {
		t.Run(tc.codec+tc.profile+"-"+tc.container, func(t *testing.T) {
			d := dur(t, "0.8s")
			o := config.Output{Name: tc.codec, Container: tc.container, Codec: tc.codec, Profile: tc.profile, Quality: "draft", CRF: -1,
				Width: tc.w, Height: tc.h, Fit: tc.fit, FPS: frac.New(15, 1), Audio: tc.audio,
				Range: &config.Range{Start: dur(t, "0.2s"), Duration: &d}}
			out := filepath.Join(dir, "."+tc.codec+tc.profile+"."+tc.container+".partial")
			j, err := testBuilder(dir).derivedJob(film, o, out)
			if err != nil {
				t.Fatal(err)
			}
			runJob(t, j)
			for key, want := range map[string]string{"codec_name": tc.vcodec, "pix_fmt": tc.pix, "color_space": "bt709", "color_range": "tv",
				"width": itoa(tc.w), "height": itoa(tc.h)} {
				if got := probeStream(t, out, "v", key); got != want {
					t.Errorf("%s %s, want %s", key, got, want)
				}
			}
			imgs := frames(t, out)
			if len(imgs) != 12 { // floor(0.8 s · 15)
				t.Fatalf("%d frames, want 12", len(imgs))
			}
			if got := probeStream(t, out, "a", "codec_name"); got != tc.acodec {
				t.Errorf("audio codec %s, want %s", got, tc.acodec)
			}
			// The frames cover 0.8 s: 38,400 samples at 48 kHz.
			if n := audioSamples(t, out) - tc.priming; n < 38400-tc.audioFrame || n >= 38400+max(tc.audioFrame, 1) {
				t.Errorf("decoded %d samples, want 38400 (within %d)", n, tc.audioFrame)
			}
			checkFit(t, imgs[0], tc.fit)
		})
	}
}

// checkFit looks at the first frame (the film's red scene) in its shape:
// red in the middle; black bars above and below for contain of a wide
// film into a tall frame; a blurred red (not black) there for blur.
func checkFit(t *testing.T, img *image.RGBA, fit string) {
	t.Helper()
	b := img.Bounds()
	mid := image.Rect(b.Dx()/3, b.Dy()*2/5, b.Dx()*2/3, b.Dy()*3/5)
	if c := region(img, mid); maxDiff(c, [3]float64{255, 0, 0}) > 24 {
		t.Errorf("the middle is %v, want red", c)
	}
	top := image.Rect(b.Dx()/3, 2, b.Dx()*2/3, b.Dy()/8)
	c := region(img, top)
	switch {
	case fit == "contain" && maxDiff(c, [3]float64{0, 0, 0}) > 20:
		t.Errorf("contain: the bar above is %v, want black", c)
	case fit == "blur" && c[0] < 100:
		t.Errorf("blur: the band above is %v, want the blurred red", c)
	}
}

func itoa(n int) string { return frac.New(int64(n), 1).String() }

// TestDerivedSoundOnly cuts a range of the film's sound alone: exactly the
// range's samples (WAV, FLAC), and within a codec frame (M4A, Opus).
func TestDerivedSoundOnly(t *testing.T) {
	dir := t.TempDir()
	film := makeFilm(t, dir, testFilm{FPS: "30", Frames: 45, Pattern: "index"})
	for _, tc := range []struct {
		container, codec string
		frame            int64
	}{{"wav", "pcm_s24le", 0}, {"m4a", "aac", 1024}, {"flac", "flac", 0}, {"opus", "opus", 960}} {
		t.Run(tc.container, func(t *testing.T) {
			d := dur(t, "0.61s")
			o := config.Output{Name: "sound", Container: tc.container, Audio: config.AudioCodec(tc.container, ""), CRF: -1, Range: &config.Range{Start: dur(t, "0.333s"), Duration: &d}}
			out := filepath.Join(dir, ".sound."+tc.container+".partial")
			j, err := testBuilder(dir).derivedJob(film, o, out)
			if err != nil {
				t.Fatal(err)
			}
			runJob(t, j)
			if got := probeStream(t, out, "a", "codec_name"); got != tc.codec {
				t.Errorf("codec %s, want %s", got, tc.codec)
			}
			if got := probeStream(t, out, "v", "codec_name"); got != "" {
				t.Errorf("a picture (%s) in a sound-only rendition", got)
			}
			// [round(0.333·48000), round(0.943·48000)) = 29,280 samples.
			if n := audioSamples(t, out); n < 29280 || n >= 29280+max(tc.frame, 1) {
				t.Errorf("%d samples, want 29280 (to a frame more)", n)
			}
		})
	}
}

// TestDerivedSilentFilm: a rendition with sound made from a film without
// any gets silence of the frames' length.
func TestDerivedSilentFilm(t *testing.T) {
	dir := t.TempDir()
	film := makeFilm(t, dir, testFilm{FPS: "30", Frames: 30, Pattern: "index", Silent: true})
	d := dur(t, "0.5s")
	o := config.Output{Name: "cut", Container: "mov", Codec: "prores", Profile: "proxy", CRF: -1, FPS: frac.New(24, 1), Audio: "pcm",
		Range: &config.Range{Start: dur(t, "0.25s"), Duration: &d}}
	out := filepath.Join(dir, ".cut.mov.partial")
	j, err := testBuilder(dir).derivedJob(film, o, out)
	if err != nil {
		t.Fatal(err)
	}
	runJob(t, j)
	if n := len(frames(t, out)); n != 12 {
		t.Errorf("%d frames, want 12", n)
	}
	st := fftest.Audio(t, out)
	if st.Samples != 24000 || st.Channels != 2 || st.SampleRate != 48000 || !math.IsInf(st.RMSdB, -1) {
		t.Errorf("sound %+v, want 24000 samples of stereo silence at 48 kHz", st)
	}
}
