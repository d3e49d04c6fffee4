package plan

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/timeline"
)

// filmFade is fade_in or fade_out placed on the film's timeline: the
// picture goes from the colour to full strength over film frames
// [from, from+frames) (in), or from full strength to the colour (out), and
// the sound likewise from or to silence.
type filmFade struct {
	out    bool
	from   int64 // first film frame the fade touches
	frames int64 // frames it touches (at least one)
	color  string
	curve  string // the sound's afade curve
}

// resolveFades places the project's fades on the timeline. A fade shorter
// than a frame is dropped and one longer than the film is shortened to it,
// each with a warning; fades that overlap are both kept, with a warning.
func resolveFades(p *config.Project, tl timeline.Timeline) ([]filmFade, config.Errors) {
	var fades []filmFade
	var warns config.Errors
	for _, out := range []bool{false, true} {
		cfg := p.FadeIn
		if out {
			cfg = p.FadeOut
		}
		if cfg == nil {
			continue
		}
		f, w := placeFade(cfg, out, tl)
		if w != nil {
			warns = append(warns, w)
		}
		if f.frames > 0 {
			fades = append(fades, f)
		}
	}
	if len(fades) == 2 && fades[0].frames > fades[1].from {
		warns = append(warns, p.FadeOut.Pos.Errorf("fade_in (%d frames) and fade_out (%d frames) overlap by %d of the film's %d frames: the picture never shows at full strength",
			fades[0].frames, fades[1].frames, fades[0].frames-fades[1].from, tl.Frames))
	}
	return fades, warns
}

// placeFade converts one fade to frames on the timeline; a fade of 0
// frames (with a warning) is none.
func placeFade(cfg *config.Fade, out bool, tl timeline.Timeline) (filmFade, *config.Error) {
	f := filmFade{out: out, frames: cfg.Duration.Frames(tl.FPS), color: cfg.Color, curve: cfg.Curve}
	var w *config.Error
	switch {
	case f.frames < 1:
		f.frames = 0
		w = cfg.Pos.Errorf("%s rounds to 0 frames at %v fps, so the film does not fade; a fade needs at least one frame (1f = %s)",
			cfg.Duration, tl.FPS, frameMS(tl.FPS))
	case f.frames > tl.Frames:
		w = cfg.Pos.Errorf("%s (%d frames) is longer than the film (%d frames); the fade is shortened to the whole film",
			cfg.Duration, f.frames, tl.Frames)
		f.frames = tl.Frames
	}
	if out {
		f.from = tl.Frames - f.frames
	}
	return f, w
}

// frameMS is the length of one frame at fps, for messages.
func frameMS(fps frac.Rational) string {
	return strconv.FormatFloat(1000*float64(fps.Den)/float64(fps.Num), 'f', 3, 64) + "ms"
}

// fadePicture applies the film fades that touch a segment of frames frames
// starting at film frame start to the segment's stream lbl (pts 0..frames-1
// at the output rate) and returns the label of the result; lbl itself when
// no fade touches it. Each fade is a layer of its colour, as long as the
// part of the fade inside the segment, whose opacity follows the fade on
// the film's timeline, laid over the segment there. Frames the fade does
// not touch pass through the overlay exactly as they are, and cost nothing.
func (b *builder) fadePicture(g *ffmpeg.Graph, lbl string, start, frames int64) string {
	for _, f := range b.fades {
		from, to := max(start, f.from), min(start+frames, f.from+f.frames)
		if from >= to {
			continue
		}
		layer, out := g.Label("fadecolor"), g.Label("faded")
		g.Chain(nil, b.fadeLayer(f, from, to, start), []string{layer})
		g.Chain([]string{lbl, layer}, []ffmpeg.Filter{
			ffmpeg.F("overlay", "eof_action", "pass", "format", "yuv420"),
			ffmpeg.F("format", "pix_fmts", "yuv420p"),
		}, []string{out})
		lbl = out
	}
	return lbl
}

// fadeLayer is the colour layer of fade f over film frames [from, to), in
// a segment starting at film frame start. Its frames are timed one second
// apart while the opacity is computed (film frame k at k+1 s), so that
// fade's start and duration are whole seconds and each frame's opacity is
// exactly its share of the fade: 1 - k/N over the N frames of a fade in
// (the first frame is the colour), (j+1)/N over those of a fade out (the
// last frame is the colour). It is then timed at the segment's frames.
func (b *builder) fadeLayer(f filmFade, from, to, start int64) []ffmpeg.Filter {
	typ, st := "out", int64(1)
	if f.out {
		typ, st = "in", f.from
	}
	fps := b.target.FPS
	return []ffmpeg.Filter{
		ffmpeg.F("color", "c", f.color, "s", fmt.Sprintf("%dx%d", b.target.Width, b.target.Height), "r", fps.String()),
		ffmpeg.F("trim", "end_frame", strconv.FormatInt(to-from, 10)),
		ffmpeg.F("format", "pix_fmts", "yuva420p"),
		ffmpeg.F("settb", "expr", "1"),
		ffmpeg.F("setpts", "", fmt.Sprintf("N+%d", from+1)),
		ffmpeg.F("fade", "type", typ, "start_time", strconv.FormatInt(st, 10), "duration", strconv.FormatInt(f.frames, 10), "alpha", "1"),
		ffmpeg.F("settb", "expr", fps.Inv().String()),
		ffmpeg.F("setpts", "", fmt.Sprintf("N+%d", from-start)),
	}
}
