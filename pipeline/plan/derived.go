package plan

import (
	"math/big"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/timeline"
)

// KindDerived is a job made from the first rendition's finished film: a
// derived rendition (a range, another frame rate, a GIF), the poster or
// the thumbnails. What it writes is delivered (a temporary renamed with
// the render's other outputs), not a cache entry: like a mux, it has no
// content key.
const KindDerived = "derived"

// filmFile is the first rendition's finished film, as its mux job writes
// it: H.264 and AAC in MP4, at the film's size and rate, exactly Frames
// frames from time 0.
type filmFile struct {
	Path          string        // the mux job's temporary output
	Job           string        // the id of that mux job
	Frames        int64         // its frames
	FPS           frac.Rational // the film's rate
	Width, Height int           // the film's size
	Audio         bool          // it has a sound track (48 kHz)
}

// seconds is the film's length.
func (f filmFile) seconds() *big.Rat {
	return new(big.Rat).Mul(big.NewRat(f.Frames, 1), new(big.Rat).Inv(rat(f.FPS)))
}

// video describes the film's frames to the fit builders: BT.709 TV range
// 4:2:0.
func (f filmFile) video() *probe.Video {
	return &probe.Video{Width: f.Width, Height: f.Height, PixFmt: "yuv420p", ColorSpace: "bt709", ColorRange: "tv"}
}

// Derived reports whether rendition o is made from the finished film
// rather than by the scene jobs and the audio job (a segmented rendition:
// a video of the whole film at its rate, or the whole soundtrack): it is a
// GIF, has a range, or has another frame rate than the film (film is the
// first output).
func Derived(o, film config.Output) bool {
	if o.Range != nil {
		return true
	}
	if o.AudioOnly() {
		return false
	}
	return o.Codec == "gif" || (!o.FPS.IsZero() && o.FPS.Num*film.FPS.Den != film.FPS.Num*o.FPS.Den)
}

// derivedJob makes rendition o from the film, writing temp: its range (the
// whole film by default) at its own rate, fitted into its own size, with
// the film's sound (o.Audio, none for a GIF) cut to the same samples, and
// the soft captions of the window (subtitleInput). See derived_time.go for the
// frame rule and rangeWindow for the frame count.
func (b *builder) derivedJob(film filmFile, o config.Output, temp string) (Job, error) {
	w, cerr := rangeWindow(film, o)
	if cerr != nil {
		return Job{}, cerr
	}
	g := ffmpeg.NewGraph()
	var maps, enc []string
	th := Threads
	pixels := float64(film.Width * film.Height)
	if !o.AudioOnly() {
		v, err := b.derivedPicture(g, film, o, w)
		if err != nil {
			return Job{}, o.Pos.Errorf("%v", err)
		}
		maps = append(maps, "-map", "["+v+"]")
		if o.Codec == "gif" {
			enc = append(enc, "-c:v", "gif")
		} else {
			enc = encoderArgs(o, th)
		}
		ow, oh := outSize(o, film)
		pixels += float64(ow * oh)
	}
	if codec := audioCodec(o); codec != "" {
		maps = append(maps, "-map", "["+cutSound(g, film, w)+"]")
		enc = append(enc, soundArgs(codec)...)
	} else {
		enc = append(enc, "-an")
	}
	args := append(b.globalArgs(), "-filter_complex_threads", th)
	args = append(args, filmSeek(w.start)...)
	args = append(args, "-i", In(0))
	var files []File
	sn := []string{"-sn"}
	if b.softCaptions(o) {
		from := ratTime(w.start)
		f, opts, m := b.subtitleInput(o, from, from+ratTime(w.length()), 1)
		files = append(files, f)
		args = append(append(args, opts...), "-i", FileRef(0))
		sn = m
	}
	args = append(args, "-filter_complex", g.String())
	args = append(append(append(append(args, maps...), enc...), sn...), "-dn")
	args = append(append(append(args, b.disclosureArgs()...), renditionMuxer(o)...), Out(0))
	sec, _ := w.length().Float64()
	return Job{ID: "derived-" + safeName(o.Name), Kind: KindDerived, Args: args, Inputs: []string{film.Path},
		Outputs: []string{temp}, Files: files, Deps: []string{film.Job}, Frames: w.frames, Seconds: sec,
		Cost: pixels*float64(w.frames) + sec*audioSecondCost}, nil
}

// derivedPicture adds the rendition's picture to g and returns its label:
// the window's frames, fitted into the rendition's shape when it is not
// the film's, then (a GIF) mapped to the clip's palette or made into the
// encoder's pixel format.
func (b *builder) derivedPicture(g *ffmpeg.Graph, film filmFile, o config.Output, w window) (string, error) {
	filters, err := pick(film.FPS, w.start, w.rate, w.frames)
	if err != nil {
		return "", err
	}
	lbl := g.Label("pick")
	g.Chain([]string{"0:v:0"}, filters, []string{lbl})
	if ow, oh := outSize(o, film); ow != film.Width || oh != film.Height {
		fit := o.Fit
		if fit == "" {
			fit = b.project.Fit
		}
		lbl = conform.Fit(g, lbl, fit, conform.Target{Width: ow, Height: oh, FPS: w.rate}, film.video())
	}
	if o.Codec == "gif" {
		return gifPalette(g, lbl), nil
	}
	out := g.Label("v")
	g.Chain([]string{lbl}, []ffmpeg.Filter{
		ffmpeg.F("setsar", "", "1"),
		ffmpeg.F("format", "pix_fmts", o.Encoding().PixFmt),
	}, []string{out})
	return out, nil
}

// outSize is o's picture size: its own, else the film's.
func outSize(o config.Output, film filmFile) (int, int) {
	if o.Width > 0 && o.Height > 0 {
		return o.Width, o.Height
	}
	return film.Width, film.Height
}

// cutSound adds the window's sound to g and returns its label: the film's
// samples [round(start·48000), round(end·48000)), where end is the time
// after the window's last frame, counted by their own time stamps
// (asettb), so the cut is sample-exact and in sync with the frames. The
// sound is padded with silence past its end (by the frame rule it is never
// needed; a film without sound gives silence throughout).
func cutSound(g *ffmpeg.Graph, film filmFile, w window) string {
	sr := big.NewRat(timeline.SampleRate, 1)
	from := roundRat(mulRat(w.start, sr))
	to := roundRat(mulRat(new(big.Rat).Add(w.start, w.length()), sr))
	out := g.Label("a")
	trim := []ffmpeg.Filter{
		ffmpeg.F("asettb", "expr", "1/"+strconv.Itoa(timeline.SampleRate)),
		ffmpeg.F("apad"),
		ffmpeg.F("atrim", "start_pts", strconv.FormatInt(from, 10), "end_pts", strconv.FormatInt(to, 10)),
		ffmpeg.F("asetpts", "", "PTS-STARTPTS"),
	}
	if !film.Audio {
		g.Chain(nil, []ffmpeg.Filter{
			ffmpeg.F("anullsrc", "r", strconv.Itoa(timeline.SampleRate), "cl", "stereo"),
			ffmpeg.F("atrim", "end_sample", strconv.FormatInt(to-from, 10)),
		}, []string{out})
		return out
	}
	g.Chain([]string{"0:a:0"}, trim, []string{out})
	return out
}

// roundRat is x rounded to the nearest integer, halves up.
func roundRat(x *big.Rat) int64 {
	return floorRat(new(big.Rat).Add(x, big.NewRat(1, 2)))
}
