package plan

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/source"
	"github.com/reel-film/reel/pipeline/timeline"
)

// seekMargin is how far before a segment's first frame a clip is opened, so
// that the frame covering the segment start is decoded whatever the source
// frame rate. The demuxer seeks to the keyframe before it anyway.
const seekMargin = 0.5

// seekArgs opens an input at seconds after its container's start (nothing
// when that is not after it). Callers seek seekMargin early, so that
// decoding is settled where the filters cut exactly.
func seekArgs(seconds float64) []string {
	if seconds <= 0 {
		return nil
	}
	return []string{"-ss", strconv.FormatFloat(seconds, 'f', 3, 64)}
}

// inputs collects a job's input arguments and numbers its inputs.
type inputs struct {
	args   []string
	files  []string // every file the job reads
	n      int      // how many are opened with -i
	writes []File   // files the executor writes for the job (card text)
}

// add appends one input with its options and returns its index.
func (in *inputs) add(path string, opts ...string) int {
	in.args = append(in.args, opts...)
	in.args = append(in.args, "-i", path)
	in.files = append(in.files, path)
	in.n++
	return in.n - 1
}

// read records a file that a filter reads (a LUT): an input of the job for
// the cache, but not one opened with -i.
func (in *inputs) read(path string) { in.files = append(in.files, path) }

// branch adds what produces scene-local frames [from, to) of s, conformed to
// the output, and returns the label of the result.
func (b *builder) branch(g *ffmpeg.Graph, in *inputs, s scene, from, to int64) string {
	fps := b.target.FPS
	var lbl string
	switch s.kind {
	case srcPlaceholder:
		ph := s.cfg.Placeholder
		color := ph.Color
		if color == "" {
			color = source.DefaultColor(s.cfg.Index)
		}
		lbl = source.Placeholder(g, b.card(in, s, to-from), color, s.cfg.Index+1, b.target.Width, b.target.Height, fps, from, to)
	case srcStill:
		idx := in.add(s.cfg.Source, append(decoder(s), stillRate(s, fps)...)...)
		fitted := conform.Fit(g, fmt.Sprintf("%d:v:0", idx), s.cfg.Fit, b.target, s.info.Video)
		lbl = g.Label("hold")
		g.Chain([]string{fitted}, conform.Hold(fps, to-from), []string{lbl})
	default:
		v := s.info.Video
		deint := conform.Deinterlace(s.cfg.Deinterlace, v, fps)
		origin := v.StartPTS + frac.MulDivRound(s.trimStart.Num, v.TimeBase.Den, s.trimStart.Den*v.TimeBase.Num)
		origin *= deint.Ticks // bwdif counts fields
		// -ss counts from the container's start, which is before the
		// video's when the sound starts first: SeekBase bridges the two.
		seek := s.info.SeekBase() + s.trimStart.Float() + float64(from)*float64(fps.Den)/float64(fps.Num) - seekMargin
		opts := decoder(s)
		if b.draft {
			// Deblocking is invisible at a quarter of the pixels, and
			// skipping it makes a preview's decoding, its main cost, cheaper.
			opts = append(opts, "-skip_loop_filter", "all")
		}
		if ss := seekArgs(seek); ss != nil {
			opts = append(append(opts, "-noaccurate_seek"), ss...)
		}
		idx := in.add(s.cfg.Source, opts...)
		timed := g.Label("t")
		g.Chain([]string{fmt.Sprintf("%d:v:0", idx)}, append(deint.Filters, conform.Timing(origin, fps, from, to)...), []string{timed})
		lbl = conform.Fit(g, timed, s.cfg.Fit, b.target, v)
	}
	lbl = b.grade(g, in, s, lbl)
	out := g.Label("c")
	g.Chain([]string{lbl}, conform.Finish(fps), []string{out})
	return out
}

// decoder returns the input options that choose the decoder of a scene's
// source when FFmpeg's default would lose something (the alpha channel of
// WebM VP8/VP9: libvpx).
// stillRate is the input option that reads a still at the film's rate:
// -framerate, which only the image demuxers (image2 and the *_pipe ones)
// take. A one-frame GIF, APNG, MOV or MKV is a still read by its own
// demuxer, which refuses the option; Hold times its one frame anyway.
func stillRate(s scene, fps frac.Rational) []string {
	if f := s.info.Format; f == "image2" || strings.HasSuffix(f, "_pipe") {
		return []string{"-framerate", fps.String()}
	}
	return nil
}

func decoder(s scene) []string {
	if v := s.info.Video; v.Decoder != "" {
		return []string{"-c:v", v.Decoder}
	}
	return nil
}

// sceneJob is the job that decodes and conforms one scene once. It encodes
// the scene's body (the frames no transition touches) as a segment, and hands
// the conformed frames under its transitions (head and tail) to the
// transition jobs as lossless raw video, so no clip is decoded, seeked or
// scaled twice.
type sceneJob struct {
	job        Job
	body       *Segment // nil when transitions take the whole scene
	head, tail string   // raw conformed frames [0, In) and [Frames-Out, Frames)
}

// sceneJob builds the job of scene s placed at span. When a film fade
// touches the body and the job also writes a raw head or tail, RawArgs are
// the arguments without the fade: the raw frames do not depend on it.
func (b *builder) sceneJob(i int, s scene, span timeline.Scene) *sceneJob {
	sj, faded := b.buildSceneJob(i, s, span, true)
	if faded && (sj.head != "" || sj.tail != "") {
		n := len(b.warnings) // said once, by the first build
		plain, _ := b.buildSceneJob(i, s, span, false)
		b.warnings = b.warnings[:n]
		sj.job.RawArgs = plain.job.Args
	}
	return sj
}

// buildSceneJob builds the job of scene s placed at span, with the film's
// fades on its body when fade is set; faded says whether one touched it.
func (b *builder) buildSceneJob(i int, s scene, span timeline.Scene, fade bool) (sj *sceneJob, faded bool) {
	g := ffmpeg.NewGraph()
	in := &inputs{}
	lbl := b.branch(g, in, s, 0, s.frames)
	type part struct {
		from, to int64
		path     string
		raw      bool
	}
	name := fmt.Sprintf("s%02d-%s", i+1, safeName(s.cfg.ID))
	var parts []part
	sj = &sceneJob{}
	// The body comes first: ffmpeg's progress counts the first output.
	if from, to := span.Body(); to > from {
		path := filepath.Join(b.workDir, name+"-body.mp4")
		sj.body = &Segment{path, to - from}
		parts = append(parts, part{from, to, path, false})
	}
	if span.In > 0 {
		sj.head = filepath.Join(b.workDir, name+"-head.nut")
		parts = append(parts, part{0, span.In, sj.head, true})
	}
	if span.Out > 0 {
		sj.tail = filepath.Join(b.workDir, name+"-tail.nut")
		parts = append(parts, part{s.frames - span.Out, s.frames, sj.tail, true})
	}
	labels := []string{lbl}
	if len(parts) > 1 {
		labels = make([]string, len(parts))
		for k := range labels {
			labels[k] = g.Label("part")
		}
		g.Chain([]string{lbl}, []ffmpeg.Filter{ffmpeg.F("split", "", strconv.Itoa(len(parts)))}, labels)
	}
	args := append(b.globalArgs(), "-copyts", "-filter_complex_threads", strconv.Itoa(b.threads))
	args = append(args, in.args...)
	var outs []string
	var fc []string
	fadedBody := false
	for k, pt := range parts {
		out := labels[k]
		if len(parts) > 1 {
			out = g.Label("out")
			g.Chain([]string{labels[k]}, []ffmpeg.Filter{
				ffmpeg.F("trim", "start_pts", strconv.FormatInt(pt.from, 10), "end_pts", strconv.FormatInt(pt.to, 10)),
				ffmpeg.F("setpts", "", "PTS-STARTPTS"),
			}, []string{out})
		}
		if !pt.raw && fade {
			faded := b.fadePicture(g, out, span.Start+pt.from, pt.to-pt.from)
			fadedBody = fadedBody || faded != out
			out = faded
		}
		fc = append(fc, "-map", "["+out+"]", "-frames:v", strconv.FormatInt(pt.to-pt.from, 10), "-an", "-sn", "-dn")
		if pt.raw {
			fc = append(fc, "-c:v", "rawvideo", "-f", "nut", pt.path)
		} else {
			fc = append(fc, b.encoderArgs()...)
			fc = append(fc, "-f", "mp4", pt.path)
		}
		outs = append(outs, pt.path)
	}
	args = append(args, "-filter_complex", g.String())
	args = append(args, fc...)
	sj.job = Job{ID: name, Kind: KindVideo, Scenes: sceneIDs(s), Args: args, Inputs: uniq(in.files),
		Outputs: outs, Files: in.writes, Frames: parts[0].to - parts[0].from, Seconds: b.tl.Seconds(s.frames), Cost: b.sceneCost(s)}
	return sj, fadedBody
}

// videoJob wraps a graph into a job that encodes frames frames to out.
func (b *builder) videoJob(id string, scenes []string, g *ffmpeg.Graph, in *inputs, lbl string, frames int64, out string) Job {
	args := append(b.globalArgs(), "-filter_complex_threads", strconv.Itoa(b.threads))
	args = append(args, in.args...)
	args = append(args, "-filter_complex", g.String(), "-map", "["+lbl+"]",
		"-frames:v", strconv.FormatInt(frames, 10), "-an", "-sn", "-dn")
	args = append(args, b.encoderArgs()...)
	args = append(args, "-f", "mp4", out)
	return Job{ID: id, Kind: KindVideo, Scenes: scenes, Args: args, Inputs: uniq(in.files),
		Outputs: []string{out}, Frames: frames, Seconds: b.tl.Seconds(frames), Cost: 2 * b.outPixels(frames)}
}

// encoderArgs are the identical encoder settings of every segment, so that
// segments join by stream copy.
func (b *builder) encoderArgs() []string {
	preset, crf := b.project.Output.EncoderSettings()
	threads := strconv.Itoa(b.threads)
	var args []string
	switch b.project.Output.Codec {
	case "h265":
		args = append(args, "-c:v", "libx265", "-preset", preset, "-crf", strconv.Itoa(crf),
			"-x265-params", "log-level=error:pools="+threads+":frame-threads="+threads, "-tag:v", "hvc1")
	default:
		args = append(args, "-c:v", "libx264", "-preset", preset, "-crf", strconv.Itoa(crf), "-threads", threads)
	}
	return append(args, "-pix_fmt", "yuv420p",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv")
}

// seconds formats a frame count as seconds for filter options (µs precision;
// filters round back to the exact frame).
func (b *builder) seconds(frames int64) string {
	return strconv.FormatFloat(b.tl.Seconds(frames), 'f', 6, 64)
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
