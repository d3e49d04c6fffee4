package plan

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/timeline"
	"github.com/reel-film/reel/transitions"
)

// transitionJob renders the window where scene a gives way to scene c from
// the conformed tail of a and head of c.
func (b *builder) transitionJob(a, c scene, ja, jc *sceneJob, win timeline.Transition, tr transitions.Transition, spec *config.TransitionSpec) Job {
	frames := win.Frames
	id := fmt.Sprintf("t-%s-%s-%s", tr.Name, safeName(a.cfg.ID), safeName(c.cfg.ID))
	build := func() (*ffmpeg.Graph, *inputs, string) {
		g := ffmpeg.NewGraph()
		in := &inputs{}
		tb := ffmpeg.F("settb", "expr", b.target.FPS.Inv().String())
		la := fmt.Sprintf("%d:v:0", in.add(ja.tail))
		lc := fmt.Sprintf("%d:v:0", in.add(jc.head))
		out := g.Label("x")
		switch tr.Kind {
		case transitions.Dip:
			dip(g, tb, la, lc, out, frames, spec.Color)
		default:
			pa, pc := g.Label("pad"), g.Label("pad")
			// xfade (5.1) drops the last transition frame when its first input
			// ends exactly at offset+duration: pad both inputs, cut the result.
			g.Chain([]string{la}, []ffmpeg.Filter{tb, ffmpeg.F("tpad", "stop_mode", "clone", "stop", "2")}, []string{pa})
			g.Chain([]string{lc}, []ffmpeg.Filter{tb, ffmpeg.F("tpad", "stop_mode", "clone", "stop", "2")}, []string{pc})
			g.Chain([]string{pa, pc}, []ffmpeg.Filter{
				ffmpeg.F("xfade", "transition", tr.XFade, "duration", b.seconds(frames), "offset", "0"),
				ffmpeg.F("trim", "end_frame", strconv.FormatInt(frames, 10)),
				ffmpeg.F("format", "pix_fmts", "yuv420p"),
			}, []string{out})
		}
		return g, in, b.fadePicture(g, b.drawLayers(g, in, out, win.Start, frames), win.Start, frames)
	}
	j := b.videoJob(id, id, sceneIDs(a, c), build, frames)
	j.Deps = []string{ja.tailJob, jc.headJob}
	j.Cost += b.layerCost(win.Start, frames)
	return j
}

// dip fades the first half of the window (frames/2, from la) out to colour
// and the rest (from lc) in from it. fade needs at least one frame, so a
// 1-frame dip, whose first half is empty, is the fade-in alone: one frame of
// the colour.
func dip(g *ffmpeg.Graph, tb ffmpeg.Filter, la, lc, out string, frames int64, color string) {
	half := strconv.FormatInt(frames/2, 10)
	fadeIn := []ffmpeg.Filter{tb,
		ffmpeg.F("trim", "start_pts", half), ffmpeg.F("setpts", "", "PTS-STARTPTS"),
		ffmpeg.F("fade", "type", "in", "start_frame", "0", "nb_frames", strconv.FormatInt(frames-frames/2, 10), "color", color)}
	if frames/2 == 0 {
		g.Chain([]string{lc}, append(fadeIn, ffmpeg.F("format", "pix_fmts", "yuv420p")), []string{out})
		return
	}
	fa, fc := g.Label("dip"), g.Label("dip")
	g.Chain([]string{la}, []ffmpeg.Filter{tb,
		ffmpeg.F("trim", "end_pts", half),
		ffmpeg.F("fade", "type", "out", "start_frame", "0", "nb_frames", half, "color", color)}, []string{fa})
	g.Chain([]string{lc}, fadeIn, []string{fc})
	// concat times its output in microseconds (frame 1 at 30 fps is 33333
	// µs, before 1/30 s): timed back to whole frames, so that a layer or a
	// film fade laid over the window pairs each frame with its own.
	g.Chain([]string{fa, fc}, []ffmpeg.Filter{ffmpeg.F("concat", "n", "2", "v", "1", "a", "0"), tb, ffmpeg.F("setpts", "", "N"),
		ffmpeg.F("format", "pix_fmts", "yuv420p")}, []string{out})
}
