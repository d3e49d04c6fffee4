package plan

import (
	"context"
	"fmt"
	"image"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

// testFilm describes a film made as a mux job writes one: H.264 with
// B-frames (a keyframe every 30 frames, so that ranges seek) and AAC in
// MP4, BT.709 TV range, exactly Frames frames at FPS,
// 160x90, with a 440 Hz tone of exactly the same length (unless Silent).
type testFilm struct {
	FPS    string   // "30", "30000/1001"
	Frames int      // frames of the film
	Colors []string // scenes of flat colours of equal length (the rest to the last); else Pattern
	// Pattern is "index" (frame n is grey (n*8)%256, see fftest.FrameIndex),
	// "ramp" (a grey ramp, black left to white right) or "colour" (a
	// gradient of more colours than a GIF palette holds: red across, green
	// down, blue changing over time).
	Pattern string
	Silent  bool
}

// makeFilm renders f into dir as film.mp4 and describes it.
func makeFilm(t *testing.T, dir string, f testFilm) filmFile {
	t.Helper()
	fftest.Require(t)
	fps, err := frac.Parse(f.FPS)
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("s=160x90:r=%s", f.FPS)
	var graph string
	switch {
	case len(f.Colors) > 0:
		per := f.Frames / len(f.Colors)
		var labels string
		for i, c := range f.Colors {
			n := per
			if i == len(f.Colors)-1 {
				n = f.Frames - per*(len(f.Colors)-1)
			}
			graph += fmt.Sprintf("color=c=%s:%s,trim=end_frame=%d[c%d];", c, base, n, i)
			labels += fmt.Sprintf("[c%d]", i)
		}
		graph += fmt.Sprintf("%sconcat=n=%d:v=1:a=0,", labels, len(f.Colors))
	case f.Pattern == "index":
		g := `mod(N*8\,256)`
		graph = fmt.Sprintf("color=c=black:%s,format=gbrp,geq=r=%s:g=%s:b=%s,", base, g, g, g)
	case f.Pattern == "ramp":
		g := `X*255/(W-1)`
		graph = fmt.Sprintf("color=c=black:%s,format=gbrp,geq=r=%s:g=%s:b=%s,", base, g, g, g)
	case f.Pattern == "colour":
		graph = fmt.Sprintf("color=c=black:%s,format=gbrp,geq=r=X*255/(W-1):g=Y*255/(H-1):b=128+64*sin(N/5),", base)
	default:
		t.Fatalf("testFilm: no pictures")
	}
	graph += fmt.Sprintf("scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,trim=end_frame=%d[v]", f.Frames)
	samples := frac.MulDivRound2(int64(f.Frames), 48000*fps.Den, fps.Num, 1)
	args := []string{"-hide_banner", "-nostdin", "-y", "-v", "error", "-filter_complex", graph, "-map", "[v]",
		"-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-g", "30", "-pix_fmt", "yuv420p",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"}
	if !f.Silent {
		args = append(args, "-filter_complex", fmt.Sprintf("sine=frequency=440:sample_rate=48000,pan=stereo|c0=c0|c1=c0,atrim=end_sample=%d[a]", samples),
			"-map", "[a]", "-c:a", "aac", "-b:a", "192k")
	}
	path := filepath.Join(dir, "film.mp4")
	args = append(args, "-movflags", "+faststart", "-f", "mp4", path)
	if _, err := ffmpeg.Run(context.Background(), fftest.FFmpeg(), args, ffmpeg.RunOptions{}); err != nil {
		t.Fatalf("making the film: %v", err)
	}
	if n := fftest.FrameCount(t, path); n != f.Frames {
		t.Fatalf("the test film has %d frames, want %d", n, f.Frames)
	}
	return filmFile{Path: path, Job: "mux", Frames: int64(f.Frames), FPS: fps, Width: 160, Height: 90, Audio: !f.Silent}
}

// testBuilder is a builder for the derived jobs of a project whose fit is
// cover.
func testBuilder(dir string) *builder {
	return &builder{project: &config.Project{Fit: "cover"}, workDir: dir}
}

// runJob runs j as the executor does: its files written, its command
// through the one runner, with one thread.
func runJob(t *testing.T, j Job) {
	t.Helper()
	for _, f := range j.Files {
		path, err := FilePath(f, JobEnv(&j, 1))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(f.Content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args, err := Expand(j.Args, JobEnv(&j, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ffmpeg.Run(context.Background(), fftest.FFmpeg(), args, ffmpeg.RunOptions{}); err != nil {
		t.Fatalf("job %s: %v", j.ID, err)
	}
}

// frames decodes every frame of path's first video stream as RGB.
func frames(t *testing.T, path string) []*image.RGBA {
	t.Helper()
	info := fftest.Info(t, path)
	w, h := info.Video.Width, info.Video.Height
	var out strings.Builder
	args := []string{"-nostdin", "-v", "error", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"}
	if _, err := ffmpeg.Run(context.Background(), fftest.FFmpeg(), args, ffmpeg.RunOptions{Stdout: &out}); err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	raw := []byte(out.String())
	size := w * h * 3
	var imgs []*image.RGBA
	for off := 0; off+size <= len(raw); off += size {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for p := 0; p < w*h; p++ {
			copy(img.Pix[p*4:p*4+3], raw[off+p*3:off+p*3+3])
			img.Pix[p*4+3] = 255
		}
		imgs = append(imgs, img)
	}
	return imgs
}

// region is the mean RGB of the rectangle r of img.
func region(img *image.RGBA, r image.Rectangle) [3]float64 {
	var sum [3]float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := img.RGBAAt(x, y)
			sum[0], sum[1], sum[2] = sum[0]+float64(p.R), sum[1]+float64(p.G), sum[2]+float64(p.B)
		}
	}
	n := float64(r.Dx() * r.Dy())
	return [3]float64{sum[0] / n, sum[1] / n, sum[2] / n}
}

// maxDiff is the largest difference of the channels of a and b.
func maxDiff(a, b [3]float64) float64 {
	d := 0.0
	for i := range a {
		d = max(d, a[i]-b[i], b[i]-a[i])
	}
	return d
}

// dur is a duration written as text ("1.5s", "45f"), as the loader parses it.
func dur(t *testing.T, s string) timecode.Duration {
	t.Helper()
	d, err := timecode.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pickedFrame is the film frame the frame rule gives rendition frame k:
// floor((start + k/rate)·film), worked out here on its own.
func pickedFrame(start *big.Rat, k int64, rate, film frac.Rational) int64 {
	t := new(big.Rat).Add(start, new(big.Rat).SetFrac64(k*rate.Den, rate.Num))
	t.Mul(t, new(big.Rat).SetFrac64(film.Num, film.Den))
	q := new(big.Int).Div(t.Num(), t.Denom())
	return q.Int64()
}

// probeStream returns ffprobe's value of key for the first stream of kind
// (v or a) of path.
func probeStream(t *testing.T, path, kind, key string) string {
	t.Helper()
	var out strings.Builder
	args := []string{"-v", "error", "-select_streams", kind + ":0", "-show_entries", "stream=" + key, "-of", "default=nw=1:nk=1", path}
	if _, err := ffmpeg.Run(context.Background(), fftest.FFprobe(), args, ffmpeg.RunOptions{Stdout: &out, Literal: true}); err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	return strings.TrimSpace(out.String())
}

// audioSamples decodes path's sound and counts its samples per channel.
func audioSamples(t *testing.T, path string) int64 {
	t.Helper()
	st := fftest.Audio(t, path)
	return st.Samples
}

// atoi parses an integer or fails the test.
func atoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}

// rate parses a frame rate or fails the test.
func rate(t *testing.T, s string) frac.Rational {
	t.Helper()
	r, err := frac.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
