package audio

import (
	"fmt"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// Placement puts a conformed track on the timeline. Every value is in
// samples at 48 kHz, so nothing drifts.
type Placement struct {
	Source int64 // samples of the source to use (its trim); 0: all it gives
	Loop   bool  // repeat those Source samples endlessly (needs Source > 0)
	// LoopCrossfade blends the end of each repetition into the start of the
	// next over this many samples (0: an exact loop of Source samples; at
	// most Source/2). The loop's period is then Source - LoopCrossfade.
	LoopCrossfade int64
	Start         int64   // first sample on the timeline
	Length        int64   // samples it lasts on the timeline
	Total         int64   // the timeline's length: the result has exactly this many samples
	FadeIn        int64   // samples of fade from silence at the start
	FadeOut       int64   // samples of fade to silence at the end
	GainDB        float64 // volume change
}

// Add adds to g the track read from in (no labels when head starts with a
// source) through head, placed by p, and returns the label of its exactly
// Total samples. A loop with a crossfade needs a small graph of its own;
// everything else is Place's single chain.
func Add(g *ffmpeg.Graph, in []string, head []ffmpeg.Filter, p Placement) string {
	out := g.Label("t")
	if !p.Loop || p.Source <= 0 || p.LoopCrossfade <= 0 {
		g.Chain(in, append(head, Place(p)...), []string{out})
		return out
	}
	// One repetition (P = Source - X samples) is a blend of the file's last
	// X samples fading out with its first X fading in, then S[X, P). The
	// film hears S[0, P) once, then repetitions: each ends on S[P-1] and the
	// next begins with the blend from S[P], so every seam is continuous.
	// (acrossfade of the file with itself would say the same in one filter,
	// but FFmpeg 5.1's acrossfade loses its second input when both come
	// from one asplit.)
	x, period := p.LoopCrossfade, p.Source-p.LoopCrossfade
	parts := []string{g.Label("seam"), g.Label("seam"), g.Label("seam"), g.Label("seam")}
	g.Chain(in, append(head, ffmpeg.F("atrim", "end_sample", itoa(p.Source)), ffmpeg.F("asetpts", "", "N/SR/TB"),
		ffmpeg.F("asplit", "outputs", "4")), parts)
	tail, lead, blend, mid, again, once := g.Label("seam"), g.Label("seam"), g.Label("seam"), g.Label("seam"), g.Label("seam"), g.Label("seam")
	g.Chain(parts[:1], []ffmpeg.Filter{
		ffmpeg.F("atrim", "start_sample", itoa(period)), ffmpeg.F("asetpts", "", "N/SR/TB"),
		ffmpeg.F("afade", "t", "out", "ns", itoa(x), "curve", "qsin"),
	}, []string{tail})
	g.Chain(parts[1:2], []ffmpeg.Filter{
		ffmpeg.F("atrim", "end_sample", itoa(x)), ffmpeg.F("afade", "t", "in", "ns", itoa(x), "curve", "qsin"),
	}, []string{lead})
	g.Chain([]string{tail, lead}, []ffmpeg.Filter{ffmpeg.F("amix", "inputs", "2", "normalize", "0")}, []string{blend})
	g.Chain(parts[2:3], []ffmpeg.Filter{
		ffmpeg.F("atrim", "start_sample", itoa(x), "end_sample", itoa(period)), ffmpeg.F("asetpts", "", "N/SR/TB"),
	}, []string{mid})
	g.Chain([]string{blend, mid}, []ffmpeg.Filter{
		ffmpeg.F("concat", "n", "2", "v", "0", "a", "1"), ffmpeg.F("aloop", "loop", "-1", "size", itoa(period)),
	}, []string{again})
	g.Chain(parts[3:], []ffmpeg.Filter{ffmpeg.F("atrim", "end_sample", itoa(period))}, []string{once})
	g.Chain([]string{once, again}, append([]ffmpeg.Filter{ffmpeg.F("concat", "n", "2", "v", "0", "a", "1")}, finish(p)...), []string{out})
	return out
}

// Place returns the chain that trims, loops, fades, amplifies and delays a
// track, then pads it with silence to exactly Total samples (an exact loop:
// Add handles a loop with a crossfade).
func Place(p Placement) []ffmpeg.Filter {
	var fs []ffmpeg.Filter
	if p.Source > 0 {
		fs = append(fs, ffmpeg.F("atrim", "end_sample", itoa(p.Source)), ffmpeg.F("asetpts", "", "N/SR/TB"))
		if p.Loop {
			fs = append(fs, ffmpeg.F("aloop", "loop", "-1", "size", itoa(p.Source)))
		}
	}
	return append(fs, finish(p)...)
}

// finish cuts a (looped) track to its length, fades, amplifies and delays
// it, and pads it to exactly Total samples.
func finish(p Placement) []ffmpeg.Filter {
	fs := []ffmpeg.Filter{ffmpeg.F("atrim", "end_sample", itoa(p.Length))}
	if p.FadeIn > 0 {
		fs = append(fs, ffmpeg.F("afade", "t", "in", "ss", "0", "ns", itoa(p.FadeIn)))
	}
	if p.FadeOut > 0 {
		fs = append(fs, ffmpeg.F("afade", "t", "out", "ss", itoa(p.Length-p.FadeOut), "ns", itoa(p.FadeOut)))
	}
	if p.GainDB != 0 {
		fs = append(fs, ffmpeg.F("volume", "volume", fmt.Sprintf("%gdB", p.GainDB)))
	}
	if p.Start > 0 {
		fs = append(fs, ffmpeg.F("adelay", "delays", itoa(p.Start)+"S", "all", "1"))
	}
	return append(fs,
		ffmpeg.F("apad", "whole_len", itoa(p.Total)),
		ffmpeg.F("atrim", "end_sample", itoa(p.Total)),
		ffmpeg.F("asetpts", "", "N/SR/TB"))
}
