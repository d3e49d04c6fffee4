package plan

import (
	"math"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/timeline"
)

// layerSounds are the sounds of the video layers that are not muted, as
// tracks of the mix: each clip's sound plays from the clip's start at the
// layer's first frame (the sample of the frame where the clip's first
// picture shows) to its last, with the layer's gain, and joins the speech
// as a voice-over does (beds duck under it). A sound cut before its end
// (the layer ends before the clip's sound) gets a short fade, so the cut
// does not click.
func (b *builder) layerSounds() []track {
	var ts []track
	for _, l := range b.layers {
		if l.cfg.Kind != config.LayerVideo || l.cfg.Volume.Mute || l.info.Audio == nil {
			continue
		}
		n := int64(math.Floor(l.info.SoundAfterOrigin() * timeline.SampleRate))
		start, end := b.tl.Sample(l.from), b.tl.Sample(l.to)
		if n < 1 || end <= start {
			continue
		}
		t := track{src: &config.AudioSource{File: l.cfg.Video}, origin: l.info.Origin(), seekBase: l.info.SeekBase(),
			place: audio.Placement{Source: n, Start: start, Length: end - start, Total: b.tl.Samples(), GainDB: l.cfg.Volume.DB}}
		if n > t.place.Length {
			t.place.FadeOut = min(cutFade, t.place.Length)
		}
		ts = append(ts, t)
	}
	return ts
}
