package plan

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/audio"
)

// mixGraph builds the whole mix and returns the graph, its inputs and the
// label of the result (exactly the timeline's samples):
//
//	scenes ─┬─ sum ── speech ─┬──────────────────── sum ── mix
//	voice ──┘                 ├─ key ─┐              │
//	bed ─────────────────── sidechaincompress (duck) ┘
//
// Without beds or voice-overs it is the scenes' track alone.
func (b *builder) mixGraph(scenes []scene, beds, vos []track) (*ffmpeg.Graph, *inputs, string) {
	g, in := ffmpeg.NewGraph(), &inputs{}
	speech := b.sceneTrack(g, in, scenes)
	if len(vos) > 0 {
		lbls := []string{speech}
		for _, v := range vos {
			lbls = append(lbls, b.trackAudio(g, in, v))
		}
		speech = g.Label("speech")
		g.Chain(lbls, []ffmpeg.Filter{audio.Sum(len(lbls))}, []string{speech})
	}
	if len(beds) == 0 {
		return g, in, speech
	}
	keys := b.splitKeys(g, &speech, beds)
	sum := []string{speech}
	for _, bed := range beds {
		lbl := b.trackAudio(g, in, bed)
		if bed.duck != nil {
			d := bed.duck
			ducked := g.Label("ducked")
			g.Chain([]string{lbl, keys[0]}, []ffmpeg.Filter{audio.Duck(d.AmountDB,
				d.Attack.Float(b.tl.FPS)*1000, d.Release.Float(b.tl.FPS)*1000)}, []string{ducked})
			keys, lbl = keys[1:], ducked
		}
		sum = append(sum, lbl)
	}
	out := g.Label("bedmix")
	g.Chain(sum, []ffmpeg.Filter{audio.Sum(len(sum))}, []string{out})
	return g, in, out
}

// splitKeys copies the speech once per ducked bed (the sidechain keys),
// renaming *speech to the copy left for the mix.
func (b *builder) splitKeys(g *ffmpeg.Graph, speech *string, beds []track) []string {
	n := 0
	for _, bed := range beds {
		if bed.duck != nil {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	outs := []string{g.Label("speech")}
	for range n {
		outs = append(outs, g.Label("key"))
	}
	g.Chain([]string{*speech}, []ffmpeg.Filter{ffmpeg.F("asplit", "outputs", strconv.Itoa(n+1))}, outs)
	*speech = outs[0]
	return outs[1:]
}

// trackAudio adds a bed's or a voice-over's source and placement and
// returns the label of its exactly Total samples.
func (b *builder) trackAudio(g *ffmpeg.Graph, in *inputs, t track) string {
	if t.src.File == "" {
		src, err := audio.Synth(t.src.Synth)
		if err != nil {
			panic(err) // config accepts only known synths
		}
		return audio.Add(g, nil, src, t.place)
	}
	idx := in.add(t.src.File, seekArgs(t.seekBase+t.trimStart-seekMargin)...)
	return audio.Add(g, []string{fmt.Sprintf("%d:a:0", idx)}, audio.Conform(t.origin+t.trimStart), t.place)
}
