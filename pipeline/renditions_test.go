package pipeline

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	osexec "os/exec"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe/probetest"
)

// twoClips writes two 1 s clips with sound and a project joining them
// with a 6-frame fade into a 160x90 film at 30 fps (54 frames).
func twoClips(t *testing.T, dir string, pattern string) string {
	t.Helper()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Audio: true, Pattern: pattern})
	fftest.Make(t, dir, fftest.Clip{Name: "b.mp4", Audio: true, Freq: 660, Pattern: pattern})
	path := filepath.Join(dir, "film.yaml")
	yaml := "output: {path: film.mp4, size: 160x90, fps: 30, quality: draft}\n" +
		"transition: {type: fade, duration: 6f}\nscenes:\n  - source: a.mp4\n  - source: b.mp4\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// renderRenditions prepares the project at path, plans it with the
// renditions outs makes from the film's output, and runs the plan with
// the ffmpeg binary bin.
func renderRenditions(t *testing.T, path, bin string, outs func(film config.Output) []config.Output, onEvent ...func(event.Event)) (*plan.Plan, *exec.Stats, error) {
	t.Helper()
	return renderRenditionsCtx(context.Background(), t, path, bin, outs, onEvent...)
}

// renderRenditionsCtx is renderRenditions under ctx (for cancelling).
func renderRenditionsCtx(ctx context.Context, t *testing.T, path, bin string, outs func(film config.Output) []config.Output, onEvent ...func(event.Event)) (*plan.Plan, *exec.Stats, error) {
	t.Helper()
	dir := filepath.Dir(path)
	eng := NewEngine(Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, Cache{Dir: filepath.Join(dir, "cache")})
	prep, err := eng.Plan(context.Background(), Request{Path: path, WorkRoot: filepath.Join(dir, "work")})
	if err != nil {
		t.Fatal(err)
	}
	sp := *prep.Spec
	sp.Renditions = outs(prep.Project.Output)
	dirs := eng.cache.For(dir)
	pl, err := buildPlan(&sp, nil, prep.Plan.WorkDir, "", 0, dirs, eng.ffmpegVersion(ctx, dirs))
	if err != nil {
		t.Fatal(err)
	}
	o := exec.Options{FFmpeg: bin, Jobs: 2, Cores: 2}
	if len(onEvent) > 0 {
		o.OnEvent = onEvent[0]
	}
	st, err := exec.Run(ctx, pl, o)
	return pl, st, err
}

// rendition is a copy of the film's output named name (its file name.ext
// beside the project) with codec and size; audio-only when codec is "".
func rendition(film config.Output, name, ext, codec string, w, h int) config.Output {
	o := film
	o.Name, o.Container, o.Codec, o.Width, o.Height = name, ext, codec, w, h
	o.Path = filepath.Join(filepath.Dir(film.Path), name+"."+ext)
	o.Audio, o.Fit, o.Profile = config.AudioCodec(ext, codec), "", ""
	return o
}

// TestRenditionCodecs renders one film into every codec and audio-only
// format at once and checks each file's streams: codec, profile, pixel
// format, BT.709 TV tags, size, frame rate, exact frame count, the audio
// codec, and the audio lasting the picture's length within one audio frame.
func TestRenditionCodecs(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := twoClips(t, dir, "")
	type want struct {
		name, ext, codec string
		profile          string
		w, h             int
		vcodec, vprofile string
		pixfmt           string
		acodec           string
		aframe           float64 // the audio codec's frame, seconds
	}
	const aac, opus, mp3, pcm, flac = 1024.0 / 48000, 960.0 / 48000, 1152.0 / 48000, 1.0 / 48000, 4608.0 / 48000
	cases := []want{
		{"film", "mp4", "h264", "", 160, 90, "h264", "Constrained Baseline", "yuv420p", "aac", aac}, // draft: ultrafast
		{"hevc", "mp4", "h265", "", 160, 90, "hevc", "Main", "yuv420p", "aac", aac},
		{"hevc-mkv", "mkv", "h265", "", 96, 54, "hevc", "Main", "yuv420p", "aac", aac},
		{"master", "mov", "prores", "hq", 160, 90, "prores", "HQ", "yuv422p10le", "pcm_s24le", pcm},
		// FFmpeg's ProRes decoder gives 4444 as 12 bits whatever was encoded.
		{"full", "mov", "prores", "4444", 160, 90, "prores", "4444", "yuv444p12le", "pcm_s24le", pcm},
		{"proxy", "mov", "prores", "proxy", 96, 54, "prores", "Proxy", "yuv422p10le", "pcm_s24le", pcm},
		{"web", "webm", "vp9", "", 128, 72, "vp9", "Profile 0", "yuv420p", "opus", opus},
		{"small", "mp4", "av1", "", 128, 72, "av1", "Main", "yuv420p", "aac", aac},
		{"av1-webm", "webm", "av1", "", 160, 90, "av1", "Main", "yuv420p", "opus", opus},
		{"sound", "m4a", "", "", 0, 0, "", "", "", "aac", aac},
		{"sound", "mp3", "", "", 0, 0, "", "", "", "mp3", mp3},
		{"sound", "wav", "", "", 0, 0, "", "", "", "pcm_s24le", pcm},
		{"sound", "opus", "", "", 0, 0, "", "", "", "opus", opus},
		{"sound", "flac", "", "", 0, 0, "", "", "", "flac", flac},
	}
	p, _, err := renderRenditions(t, path, fftest.FFmpeg(), func(film config.Output) []config.Output {
		var outs []config.Output
		for _, c := range cases {
			o := rendition(film, c.name, c.ext, c.codec, c.w, c.h)
			o.Profile = c.profile
			outs = append(outs, o)
		}
		return outs
	})
	if err != nil {
		t.Fatal(err)
	}
	const frames = 54
	film := float64(frames) / 30
	for _, c := range cases {
		t.Run(c.name+"."+c.ext, func(t *testing.T) {
			out := filepath.Join(dir, c.name+"."+c.ext)
			streams, _, _ := Streams(t, out)
			var v, a *fftest.Stream
			for i := range streams {
				switch s := &streams[i]; s.Type {
				case "video":
					v = s
				case "audio":
					a = s
				}
			}
			if c.vcodec == "" {
				if v != nil || len(streams) != 1 {
					t.Errorf("audio only: streams %+v", streams)
				}
			} else {
				if v == nil {
					t.Fatalf("no video stream in %s", out)
				}
				if v.Codec != c.vcodec || (c.vprofile != "" && v.Profile != c.vprofile) || v.PixFmt != c.pixfmt {
					t.Errorf("video %s %q %s, want %s %q %s", v.Codec, v.Profile, v.PixFmt, c.vcodec, c.vprofile, c.pixfmt)
				}
				if v.ColorSpace != "bt709" || v.ColorPrimaries != "bt709" || v.ColorTransfer != "bt709" || v.ColorRange != "tv" {
					t.Errorf("colour tags %s/%s/%s/%s, want bt709 TV", v.ColorSpace, v.ColorPrimaries, v.ColorTransfer, v.ColorRange)
				}
				if v.Width != c.w || v.Height != c.h || v.FrameRate != "30/1" {
					t.Errorf("%dx%d @ %s, want %dx%d @ 30/1", v.Width, v.Height, v.FrameRate, c.w, c.h)
				}
				if n := fftest.FrameCount(t, out); n != frames {
					t.Errorf("%d frames, want %d", n, frames)
				}
			}
			if a == nil || a.Codec != c.acodec || a.SampleRate != "48000" || a.Channels != 2 {
				t.Fatalf("audio %+v, want %s 48 kHz stereo", a, c.acodec)
			}
			// The picture's end (AAC's priming shifts both in Matroska).
			end := film
			if v != nil {
				end = fftest.StreamSeconds(t, out, "v")
				if math.Abs(end-film) > 0.03 {
					t.Errorf("the picture ends at %.4fs, want %.4fs", end, film)
				}
			}
			if d := fftest.StreamSeconds(t, out, "a"); math.Abs(d-end) > c.aframe+1e-3 {
				t.Errorf("audio ends at %.4fs, want %.4fs within one audio frame (%.4fs)", d, end, c.aframe)
			}
		})
	}
	if got := len(p.Deliver); got != len(cases) {
		t.Errorf("plan delivers %d files, want %d", got, len(cases))
	}
	assertNoThreadCounts(t, p)
}

// assertNoThreadCounts checks that no job of p (nor any part's arguments)
// holds a thread count: each is the reference the executor fills.
func assertNoThreadCounts(t *testing.T, p *plan.Plan) {
	t.Helper()
	check := func(id string, args []string) {
		for i := 0; i+1 < len(args); i++ {
			switch a, v := args[i], args[i+1]; a {
			case "-threads", "-filter_complex_threads":
				if v != plan.Threads {
					t.Errorf("%s: %s %s, want %s", id, a, v, plan.Threads)
				}
			case "-x265-params", "-svtav1-params":
				if strings.Count(v, plan.Threads) != strings.Count(v, "=")-strings.Count(v, "log-level=") {
					t.Errorf("%s: %s %s holds a thread count", id, a, v)
				}
			}
		}
	}
	for _, j := range p.Jobs {
		check(j.ID, j.Args)
		for k := range j.Parts {
			check(j.ID+" "+j.Parts[k].Name, j.PartArgs(k))
		}
	}
}

// Streams is fftest.Streams, for brevity.
func Streams(t *testing.T, path string) ([]fftest.Stream, string, float64) {
	t.Helper()
	return fftest.Streams(t, path)
}

// region is the mean R, G, B of the rectangle [x0,x1)x[y0,y1) of frame n.
func region(t *testing.T, path string, n, x0, y0, x1, y1 int) [3]float64 {
	t.Helper()
	img := fftest.Frame(t, path, n)
	var sum [3]float64
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			c := img.RGBAAt(x, y)
			sum[0] += float64(c.R)
			sum[1] += float64(c.G)
			sum[2] += float64(c.B)
		}
	}
	px := float64((x1 - x0) * (y1 - y0))
	return [3]float64{sum[0] / px, sum[1] / px, sum[2] / px}
}

// TestRenditionFit renders a film of a grey ramp (black at the left, white
// at the right) into vertical renditions and checks their pixels: cover
// shows the middle of the ramp over the whole height; blur shows the whole
// ramp in a band across the middle over a blurred mid grey; contain shows
// it between black bars.
func TestRenditionFit(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := twoClips(t, dir, "gradient")
	_, _, err := renderRenditions(t, path, fftest.FFmpeg(), func(film config.Output) []config.Output {
		outs := []config.Output{film}
		for _, fit := range []string{"cover", "blur", "contain"} {
			o := rendition(film, fit, "mp4", "h264", 90, 160)
			o.Fit = fit
			outs = append(outs, o)
		}
		return outs
	})
	if err != nil {
		t.Fatal(err)
	}
	grey := func(c [3]float64) float64 { return (c[0] + c[1] + c[2]) / 3 }
	const n = 10
	at := func(fit string, x0, y0, x1, y1 int) float64 {
		return grey(region(t, filepath.Join(dir, fit+".mp4"), n, x0, y0, x1, y1))
	}
	// cover: the middle third of the ramp (about 87 to 167), at every height.
	if l, r, lt := at("cover", 2, 70, 8, 90), at("cover", 82, 70, 88, 90), at("cover", 2, 2, 8, 20); l < 70 || l > 110 || r < 145 || r > 185 || math.Abs(lt-l) > 8 {
		t.Errorf("cover: left %.0f right %.0f top-left %.0f, want about 87, 167 and the left's", l, r, lt)
	}
	// blur: the whole ramp in the band (90x50 in the middle), a blurred
	// mid grey with no black or white above and below.
	if l, r := at("blur", 0, 70, 4, 90), at("blur", 86, 70, 90, 90); l > 40 || r < 215 {
		t.Errorf("blur: the band's left %.0f right %.0f, want black and white", l, r)
	}
	for _, y := range [][2]int{{4, 40}, {120, 156}} {
		if l, r := at("blur", 4, y[0], 20, y[1]), at("blur", 70, y[0], 86, y[1]); l < 60 || r > 195 || r-l > 110 {
			t.Errorf("blur: background rows %d-%d left %.0f right %.0f, want a blurred mid grey", y[0], y[1], l, r)
		}
	}
	// contain: black bars above and below the band.
	if top, bottom, band := at("contain", 0, 0, 90, 40), at("contain", 0, 120, 90, 160), at("contain", 60, 70, 90, 90); top > 20 || bottom > 20 || band < 150 {
		t.Errorf("contain: bars %.0f and %.0f, band's right %.0f; want black bars", top, bottom, band)
	}
	for _, fit := range []string{"cover", "blur", "contain"} {
		if n := fftest.FrameCount(t, filepath.Join(dir, fit+".mp4")); n != 54 {
			t.Errorf("%s: %d frames, want 54", fit, n)
		}
	}
}

// TestRenditionAddedLater renders a film, then the same film with two more
// renditions (a smaller H.264 and a VP9 WebM with Opus): every scene and
// transition job runs only the new encodings' parts, the audio job only
// the Opus stream, and a third render of all three runs nothing but the
// muxes. The film's own file is the same.
func TestRenditionAddedLater(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := twoClips(t, dir, "index")
	one := func(film config.Output) []config.Output { return []config.Output{film} }
	three := func(film config.Output) []config.Output {
		return []config.Output{film, rendition(film, "small", "mp4", "h264", 80, 44), rendition(film, "web", "webm", "vp9", 96, 54)}
	}
	p1, st1, err := renderRenditions(t, path, fftest.FFmpeg(), one)
	if err != nil {
		t.Fatal(err)
	}
	if st1.Cached != 0 {
		t.Errorf("cold render: %d hits", st1.Cached)
	}
	first := probetest.Info(t, p1.Output)
	p2, st2, err := renderRenditions(t, path, fftest.FFmpeg(), three)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range st2.Jobs {
		job := p2.Job(j.Job)
		switch {
		case job.Kind == plan.KindMux:
			if j.Cached {
				t.Errorf("%s: a mux is never cached", j.Job)
			}
		case job.Kind == plan.KindAudio:
			if j.Cached || !slices.Equal(j.Parts, []string{"opus"}) {
				t.Errorf("audio ran parts %v (cached %v), want only opus", j.Parts, j.Cached)
			}
		default:
			if j.Cached || len(j.Parts) != 2 || slices.ContainsFunc(j.Parts, func(s string) bool { return !strings.Contains(s, "h264-80x44") && !strings.Contains(s, "vp9-96x54") }) {
				t.Errorf("%s ran parts %v (cached %v), want only the two new encodings", j.Job, j.Parts, j.Cached)
			}
		}
	}
	if again := probetest.Info(t, p2.Output); again.Video.Frames != first.Video.Frames || again.Duration != first.Duration {
		t.Errorf("the film changed: %+v, was %+v", again.Video, first.Video)
	}
	for _, name := range []string{"film.mp4", "small.mp4", "web.webm"} {
		out := filepath.Join(dir, name)
		if n := fftest.FrameCount(t, out); n != 54 {
			t.Errorf("%s: %d frames, want 54", name, n)
		}
		// film frame 40 is frame 16 of b (which starts at 24)
		if got := fftest.FrameIndex(fftest.Frame(t, out, 40)); got != 16 {
			t.Errorf("%s: frame 40 shows source frame %d, want 16", name, got)
		}
	}
	_, st3, err := renderRenditions(t, path, fftest.FFmpeg(), three)
	if err != nil {
		t.Fatal(err)
	}
	var ran []string
	for _, j := range st3.Jobs {
		if !j.Cached {
			ran = append(ran, j.Job)
		}
	}
	slices.Sort(ran)
	if strings.Join(ran, " ") != "mux-film mux-small mux-web" || st3.Cached != 4 {
		t.Errorf("third render ran %v with %d hits, want only the muxes and 4 hits (2 scenes, the transition, the audio)", ran, st3.Cached)
	}
	// One rendition selected alone (not the film's own): all from the cache.
	_, st5, err := renderRenditions(t, path, fftest.FFmpeg(), func(film config.Output) []config.Output { return three(film)[2:] })
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range st5.Jobs {
		if !j.Cached && j.Job != "mux-web" {
			t.Errorf("the WebM alone: %s ran (parts %v)", j.Job, j.Parts)
		}
	}
	// A fade over the second scene's body: its three bodies run together, in one process
	// (their raw head is the transition's, unchanged).
	yaml, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(yaml), "transition:", "fade_out: 10f\ntransition:", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	starts := map[string]int{}
	_, st4, err := renderRenditions(t, path, fftest.FFmpeg(), three, func(ev event.Event) {
		if ev.State == "start" {
			starts[ev.Job]++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	ran = nil
	for _, j := range st4.Jobs {
		if !j.Cached {
			ran = append(ran, j.Job)
		}
		if j.Job == "s02-scene-2" && len(j.Parts) != 3 {
			t.Errorf("s02-scene-2 ran parts %v, want its three bodies", j.Parts)
		}
	}
	slices.Sort(ran)
	if strings.Join(ran, " ") != "audio mux-film mux-small mux-web s02-scene-2" || starts["s02-scene-2"] != 1 {
		t.Errorf("after the fade ran %v (s02-scene-2 started %d times), want the audio, the muxes and s02-scene-2 once", ran, starts["s02-scene-2"])
	}
	if m := fftest.MeanRGB(t, filepath.Join(dir, "web.webm"), 53); m[0]+m[1]+m[2] > 30 {
		t.Errorf("the WebM's last frame is %v, want faded to black", m)
	}
}

// TestRenditionFailureDeliversNothing renders two renditions with an
// ffmpeg that fails the second one's mux (after the first one's mux
// succeeded): no file at either path is replaced, no new file appears, no
// temporary is left beside them; with no earlier files, neither path exists.
func TestRenditionFailureDeliversNothing(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	real, err := osexecLookPath(fftest.FFmpeg())
	if err != nil {
		t.Skip(err)
	}
	for _, earlier := range []bool{true, false} {
		dir := t.TempDir()
		path := twoClips(t, dir, "")
		fake := filepath.Join(dir, "ffmpeg")
		script := "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in *.broken.mp4*) exit 1;; esac; done\nexec " + real + " \"$@\"\n"
		if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		films := []string{filepath.Join(dir, "film.mp4"), filepath.Join(dir, "broken.mp4")}
		if earlier {
			for _, f := range films {
				if err := os.WriteFile(f, []byte("earlier "+f), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		_, _, err := renderRenditions(t, path, fake, func(film config.Output) []config.Output {
			return []config.Output{film, rendition(film, "broken", "mp4", "h264", 96, 54)}
		})
		if err == nil || !strings.Contains(err.Error(), "mux-broken") {
			t.Fatalf("earlier files %v: err = %v, want the broken mux's failure", earlier, err)
		}
		for _, f := range films {
			b, err := os.ReadFile(f)
			switch {
			case earlier && (err != nil || string(b) != "earlier "+f):
				t.Errorf("%s was replaced or removed (%v)", f, err)
			case !earlier && err == nil:
				t.Errorf("%s was written by a failed render", f)
			}
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".partial") {
				t.Errorf("a temporary is left: %s", e.Name())
			}
		}
	}
}

// osexecLookPath finds a binary in PATH.
func osexecLookPath(bin string) (string, error) { return osexec.LookPath(bin) }

// TestAudioOnlyRenditions renders only sound (the soundtrack alone, as
// `--output soundtrack` would select it): no picture job runs, and the file
// holds the film's length of sound.
func TestAudioOnlyRenditions(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := twoClips(t, dir, "")
	p, _, err := renderRenditions(t, path, fftest.FFmpeg(), func(film config.Output) []config.Output {
		return []config.Output{rendition(film, "soundtrack", "m4a", "", 0, 0)}
	})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, j := range p.Jobs {
		kinds = append(kinds, j.Kind)
	}
	if strings.Join(kinds, " ") != "audio mux" {
		t.Errorf("jobs of kinds %v, want the audio mix and its mux", kinds)
	}
	out := filepath.Join(dir, "soundtrack.m4a")
	if d := fftest.StreamSeconds(t, out, "a"); math.Abs(d-1.8) > 1024.0/48000+1e-3 {
		t.Errorf("the soundtrack lasts %.4fs, want 1.8s", d)
	}
}

// TestRenditionCancelDeliversNothing cancels a render of two renditions
// when the first mux is done: no earlier file is replaced and no temporary
// is left.
func TestRenditionCancelDeliversNothing(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := twoClips(t, dir, "")
	films := []string{filepath.Join(dir, "film.mp4"), filepath.Join(dir, "small.mp4")}
	for _, f := range films {
		if err := os.WriteFile(f, []byte("earlier"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	muxes := 0
	_, _, err := renderRenditionsCtx(ctx, t, path, fftest.FFmpeg(), func(film config.Output) []config.Output {
		return []config.Output{film, rendition(film, "small", "mp4", "h264", 96, 54)}
	}, func(ev event.Event) {
		if ev.Kind == plan.KindMux && ev.State == "done" {
			if muxes++; muxes == 1 {
				cancel()
			}
		}
	})
	// The other mux may finish too (they run side by side): its
	// temporary must go as well.
	if err == nil || !strings.Contains(err.Error(), "cancel") {
		t.Fatalf("err = %v after %d muxes, want a cancelled render", err, muxes)
	}
	for _, f := range films {
		if b, err := os.ReadFile(f); err != nil || string(b) != "earlier" {
			t.Errorf("%s was replaced or removed (%v)", f, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".partial") {
			t.Errorf("a temporary is left: %s", e.Name())
		}
	}
}

// TestRenditionDamagedPartIsRedone damages the WebM's body segment of the
// first scene in the cache: the WebM's join finds it when it reads it, and
// only that part of the scene job runs again (with a warning naming the
// job and the file); the WebM is whole and the other parts stay hits.
func TestRenditionDamagedPartIsRedone(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	path := twoClips(t, dir, "index")
	two := func(film config.Output) []config.Output {
		return []config.Output{film, rendition(film, "web", "webm", "vp9", 96, 54)}
	}
	p, _, err := renderRenditions(t, path, fftest.FFmpeg(), two)
	if err != nil {
		t.Fatal(err)
	}
	s1 := p.Job("s01-scene-1")
	var seg string
	for _, o := range s1.Outputs {
		if strings.Contains(filepath.Base(o), "vp9") {
			seg = o
		}
	}
	if seg == "" {
		t.Fatalf("no VP9 body among %v", s1.Outputs)
	}
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 3; i < len(b)/3+256 && i < len(b); i++ {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(seg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	_, st, err := renderRenditions(t, path, fftest.FFmpeg(), two, func(ev event.Event) {
		if ev.State == "warning" {
			warnings = append(warnings, ev.Job+": "+ev.Warning)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range st.Jobs {
		switch {
		case j.Job == "s01-scene-1":
			if j.Cached || len(j.Parts) != 1 || !strings.Contains(seg, strings.TrimPrefix(j.Parts[0], "body ")) {
				t.Errorf("%s ran parts %v (cached %v), want only the VP9 body", j.Job, j.Parts, j.Cached)
			}
		case !j.Cached && !strings.HasPrefix(j.Job, "mux-"):
			t.Errorf("%s ran (parts %v)", j.Job, j.Parts)
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "s01-scene-1") || !strings.Contains(warnings[0], filepath.Base(seg)) {
		t.Errorf("warnings %q, want one naming s01-scene-1 and %s", warnings, filepath.Base(seg))
	}
	out := filepath.Join(dir, "web.webm")
	if n := fftest.FrameCount(t, out); n != 54 {
		t.Errorf("%d frames, want 54", n)
	}
	if got := fftest.FrameIndex(fftest.Frame(t, out, 10)); got != 10 {
		t.Errorf("frame 10 shows source frame %d", got)
	}
}
