package plan

import (
	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/timeline"
)

// Job costs are rough estimates of work in pixels decoded or encoded; the
// executor uses them only to start the job on the longest remaining path
// first, so only their ratios matter.
const (
	// audioSecondCost is a second of the audio mix in pixel equivalents:
	// decoding, mixing and AAC-encoding a second of stereo costs about what
	// 5 Mpx of video does (0.6 s CPU for the 25 s benchmark mix).
	audioSecondCost = 5e6
	// muxCost is the stream copy of the join: small and nearly constant.
	muxCost = 1e6
)

// outPixels is the cost of frames at the output size.
func (b *builder) outPixels(frames int64) float64 {
	return float64(b.target.Width) * float64(b.target.Height) * float64(frames)
}

// sceneCost estimates a scene job: the source frames decoded at their own
// size, and the conformed frames at the output size.
func (b *builder) sceneCost(s scene) float64 {
	return b.outPixels(s.frames) + b.decodeCost(s, s.played)
}

// chunkCost estimates a chunk's job building the scene's frames [lo, hi)
// (from its first frame when it cannot start on lo: seekable).
func (b *builder) chunkCost(s scene, lo, hi int64) float64 {
	if !s.seekable() {
		lo = 0
	}
	pf, pt := s.playedRange(lo, hi)
	return b.outPixels(hi-lo) + b.decodeCost(s, pt-pf)
}

// decodeCost is the cost of decoding the clip frames that played frames of
// clip scene s show, at their own size and rate (0 for other scenes).
func (b *builder) decodeCost(s scene, played int64) float64 {
	if s.kind != srcClip || s.info == nil || s.info.Video == nil {
		return 0
	}
	v := s.info.Video
	decoded := float64(played) * s.speed()
	if !v.FPS.IsZero() && !b.target.FPS.IsZero() {
		decoded *= v.FPS.Float() / b.target.FPS.Float()
	}
	return float64(v.Width) * float64(v.Height) * decoded
}

// audioCost estimates the audio job; a measuring pass doubles it.
func (b *builder) audioCost(measured bool) float64 {
	c := b.tl.Seconds(b.tl.Frames) * audioSecondCost
	if measured {
		c *= 2
	}
	return c
}

// layerCost estimates what the picture-in-picture layers touching film
// frames [from, from+frames) add to a segment: their clips' frames decoded
// at their own size (images are decoded once, and drawing is cheap).
func (b *builder) layerCost(from, frames int64) float64 {
	var c float64
	for _, l := range b.layers {
		n := min(from+frames, l.to) - max(from, l.from)
		if l.cfg.Kind != config.LayerVideo || n <= 0 {
			continue
		}
		v := l.info.Video
		decoded := float64(n)
		if !v.FPS.IsZero() && !b.target.FPS.IsZero() {
			decoded *= v.FPS.Float() / b.target.FPS.Float()
		}
		c += float64(v.Width) * float64(v.Height) * decoded
	}
	return c
}

// bodyLayerCost is layerCost of a scene's body (its transitions' frames
// are drawn by the transition jobs).
func (b *builder) bodyLayerCost(span timeline.Scene) float64 {
	from, to := span.Body()
	return b.layerCost(span.Start+from, to-from)
}
