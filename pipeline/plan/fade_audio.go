package plan

import (
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// fadeSound applies the film fades to the finished mix lbl (exactly the
// timeline's samples, after the loudness pass) and returns the label of
// the result: from silence over the samples of the fade-in frames, to
// silence over those of the fade-out frames, sample-exact.
func (b *builder) fadeSound(g *ffmpeg.Graph, lbl string) string {
	if len(b.fades) == 0 {
		return lbl
	}
	// afade finds its place by the timestamps: number them by sample.
	filters := []ffmpeg.Filter{ffmpeg.F("asetpts", "", "N/SR/TB")}
	for _, f := range b.fades {
		from, to := b.tl.Sample(f.from), b.tl.Sample(f.from+f.frames)
		typ := "in"
		if f.out {
			typ = "out"
		}
		filters = append(filters, ffmpeg.F("afade", "type", typ, "start_sample", strconv.FormatInt(from, 10),
			"nb_samples", strconv.FormatInt(to-from, 10), "curve", f.curve))
	}
	out := g.Label("filmfade")
	g.Chain([]string{lbl}, filters, []string{out})
	return out
}
