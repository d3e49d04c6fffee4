package plan

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/source"
	"github.com/reel-film/reel/transitions"
)

// seekMargin is how far before a segment's first frame a clip is opened, so
// that the frame covering the segment start is decoded whatever the source
// frame rate. The demuxer seeks to the keyframe before it anyway.
const seekMargin = 0.5

// inputs collects a job's input arguments and numbers its inputs.
type inputs struct {
	args  []string
	files []string
}

// add appends one input with its options and returns its index.
func (in *inputs) add(path string, opts ...string) int {
	in.args = append(in.args, opts...)
	in.args = append(in.args, "-i", path)
	in.files = append(in.files, path)
	return len(in.files) - 1
}

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
		text := ph.Text
		if text == "" {
			text = s.cfg.ID
		}
		lbl = source.Placeholder(g, text, color, s.cfg.Index+1, b.target.Width, b.target.Height, fps, from, to)
	case srcStill:
		idx := in.add(s.cfg.Source, "-framerate", fps.String())
		fitted := conform.Fit(g, fmt.Sprintf("%d:v:0", idx), s.cfg.Fit, b.target, s.info.Video)
		lbl = g.Label("hold")
		g.Chain([]string{fitted}, conform.Hold(fps, to-from), []string{lbl})
	default:
		v := s.info.Video
		origin := v.StartPTS + frac.MulDivRound(s.trimStart.Num, v.TimeBase.Den, s.trimStart.Den*v.TimeBase.Num)
		seek := s.trimStart.Float() + float64(from)*float64(fps.Den)/float64(fps.Num) - seekMargin
		var opts []string
		if seek > 0 {
			opts = []string{"-noaccurate_seek", "-ss", strconv.FormatFloat(seek, 'f', 3, 64)}
		}
		idx := in.add(s.cfg.Source, opts...)
		timed := g.Label("t")
		g.Chain([]string{fmt.Sprintf("%d:v:0", idx)}, conform.Timing(origin, fps, from, to), []string{timed})
		lbl = conform.Fit(g, timed, s.cfg.Fit, b.target, v)
	}
	out := g.Label("c")
	g.Chain([]string{lbl}, conform.Finish(fps), []string{out})
	return out
}

// bodyJob renders the part of scene s that no transition touches.
func (b *builder) bodyJob(n int, s scene, from, to int64) Job {
	g := ffmpeg.NewGraph()
	in := &inputs{}
	lbl := b.branch(g, in, s, from, to)
	out := b.segPath(n, "body-"+s.cfg.ID)
	return b.videoJob(fmt.Sprintf("v%02d-body-%s", n, s.cfg.ID), sceneIDs(s), g, in, lbl, to-from, out)
}

// transitionJob renders the window where scene a gives way to scene c.
func (b *builder) transitionJob(n int, a, c scene, frames int64, tr transitions.Transition, spec *config.TransitionSpec) Job {
	g := ffmpeg.NewGraph()
	in := &inputs{}
	out := g.Label("x")
	switch tr.Kind {
	case transitions.Dip:
		half := frames / 2
		la := b.branch(g, in, a, a.frames-frames, a.frames-frames+half)
		lc := b.branch(g, in, c, half, frames)
		fa, fc := g.Label("dip"), g.Label("dip")
		g.Chain([]string{la}, []ffmpeg.Filter{ffmpeg.F("fade", "type", "out", "start_frame", "0", "nb_frames", strconv.FormatInt(half, 10), "color", spec.Color)}, []string{fa})
		g.Chain([]string{lc}, []ffmpeg.Filter{ffmpeg.F("fade", "type", "in", "start_frame", "0", "nb_frames", strconv.FormatInt(frames-half, 10), "color", spec.Color)}, []string{fc})
		g.Chain([]string{fa, fc}, []ffmpeg.Filter{ffmpeg.F("concat", "n", "2", "v", "1", "a", "0"), ffmpeg.F("format", "pix_fmts", "yuv420p")}, []string{out})
	default:
		la := b.branch(g, in, a, a.frames-frames, a.frames)
		lc := b.branch(g, in, c, 0, frames)
		pa, pc := g.Label("pad"), g.Label("pad")
		// xfade (5.1) drops the last transition frame when its first input
		// ends exactly at offset+duration: pad both inputs, cut the result.
		g.Chain([]string{la}, []ffmpeg.Filter{ffmpeg.F("tpad", "stop_mode", "clone", "stop", "2")}, []string{pa})
		g.Chain([]string{lc}, []ffmpeg.Filter{ffmpeg.F("tpad", "stop_mode", "clone", "stop", "2")}, []string{pc})
		g.Chain([]string{pa, pc}, []ffmpeg.Filter{
			ffmpeg.F("xfade", "transition", tr.XFade, "duration", b.seconds(frames), "offset", "0"),
			ffmpeg.F("trim", "end_frame", strconv.FormatInt(frames, 10)),
			ffmpeg.F("format", "pix_fmts", "yuv420p"),
		}, []string{out})
	}
	path := b.segPath(n, tr.Name+"-"+a.cfg.ID+"-"+c.cfg.ID)
	return b.videoJob(fmt.Sprintf("v%02d-%s-%s-%s", n, tr.Name, a.cfg.ID, c.cfg.ID), sceneIDs(a, c), g, in, out, frames, path)
}

// videoJob wraps a graph into a job that encodes frames frames to out.
func (b *builder) videoJob(id string, scenes []string, g *ffmpeg.Graph, in *inputs, lbl string, frames int64, out string) Job {
	args := append(b.globalArgs(), "-copyts")
	args = append(args, in.args...)
	args = append(args, "-filter_complex", g.String(), "-map", "["+lbl+"]",
		"-frames:v", strconv.FormatInt(frames, 10), "-an", "-sn", "-dn")
	args = append(args, b.encoderArgs()...)
	args = append(args, "-f", "mp4", out)
	return Job{ID: id, Kind: KindVideo, Scenes: scenes, Args: args, Inputs: uniq(in.files),
		Outputs: []string{out}, Frames: frames, Seconds: b.tl.Seconds(frames)}
}

// encoderArgs are the identical encoder settings of every segment, so that
// segments join by stream copy.
func (b *builder) encoderArgs() []string {
	preset, crf := b.project.Output.EncoderSettings()
	threads := strconv.Itoa(b.threads)
	args := []string{"-filter_complex_threads", threads}
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
