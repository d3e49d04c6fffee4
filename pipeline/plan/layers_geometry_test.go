package plan

import (
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestOverlayBox places images on a 1920x1080 film: every named position
// inside the 5% margins, corners in % and px (scaled for a half-size
// preview), the media's own size, its pixel aspect and its rotation.
func TestOverlayBox(t *testing.T) {
	pct := func(v float64) *config.Length { return &config.Length{Value: v, Percent: true} }
	px := func(v float64) *config.Length { return &config.Length{Value: v} }
	wide := &probe.Video{Width: 400, Height: 200, DisplayWidth: 400, DisplayHeight: 200, SAR: frac.New(1, 1)}
	tests := []struct {
		name  string
		v     *probe.Video
		width *config.Length
		pos   config.Position
		scale float64 // pxScale (0: 1)
		want  overlayBox
	}{
		{"own size, centre", wide, nil, config.Position{}, 0, overlayBox{760, 440, 400, 200}},
		{"top-left", wide, pct(10), config.Position{Named: "top-left"}, 0, overlayBox{96, 54, 192, 96}},
		{"top", wide, pct(10), config.Position{Named: "top"}, 0, overlayBox{864, 54, 192, 96}},
		{"top-right", wide, pct(10), config.Position{Named: "top-right"}, 0, overlayBox{1632, 54, 192, 96}},
		{"left", wide, pct(10), config.Position{Named: "left"}, 0, overlayBox{96, 492, 192, 96}},
		{"center", wide, pct(10), config.Position{Named: "center"}, 0, overlayBox{864, 492, 192, 96}},
		{"right", wide, pct(10), config.Position{Named: "right"}, 0, overlayBox{1632, 492, 192, 96}},
		{"bottom-left", wide, pct(10), config.Position{Named: "bottom-left"}, 0, overlayBox{96, 930, 192, 96}},
		{"bottom", wide, pct(10), config.Position{Named: "bottom"}, 0, overlayBox{864, 930, 192, 96}},
		{"bottom-right", wide, pct(10), config.Position{Named: "bottom-right"}, 0, overlayBox{1632, 930, 192, 96}},
		{"corner in %", wide, px(101), config.Position{X: pct(62), Y: pct(58)}, 0, overlayBox{1190, 626, 101, 51}},
		{"corner in px, preview", wide, px(100), config.Position{X: px(31), Y: px(9)}, 0.5, overlayBox{16, 5, 50, 25}},
		{"own size, preview", wide, nil, config.Position{X: px(0), Y: px(0)}, 0.5, overlayBox{0, 0, 200, 100}},
		{"anamorphic 4:3 pixels", &probe.Video{Width: 720, Height: 576, DisplayWidth: 720, DisplayHeight: 576, SAR: frac.New(64, 45)},
			pct(50), config.Position{X: px(0), Y: px(0)}, 0, overlayBox{0, 0, 960, 540}},
		{"a quarter turn", &probe.Video{Width: 1920, Height: 1080, DisplayWidth: 1080, DisplayHeight: 1920, Rotation: 90, SAR: frac.New(1, 1)},
			pct(10), config.Position{X: px(0), Y: px(0)}, 0, overlayBox{0, 0, 192, 341}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &builder{target: conform.Target{Width: 1920, Height: 1080}, pxScale: 1}
			if tc.scale != 0 {
				b.pxScale = tc.scale
				b.target = conform.Target{Width: 960, Height: 540}
			}
			l := layer{cfg: &config.Layer{Kind: config.LayerImage, Width: tc.width, Position: tc.pos}, info: &probe.Info{Video: tc.v}}
			if got := b.overlayBox(l); got != tc.want {
				t.Errorf("box %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestLayerCost counts a picture-in-picture clip's frames decoded at its
// own size and rate in the segments it overlaps, and nothing for images.
func TestLayerCost(t *testing.T) {
	clip := &probe.Info{Video: &probe.Video{Width: 100, Height: 50, FPS: frac.New(15, 1)}}
	b := &builder{target: conform.Target{FPS: frac.New(30, 1)}, layers: []layer{
		{cfg: &config.Layer{Kind: config.LayerVideo}, from: 10, to: 40, info: clip},
		{cfg: &config.Layer{Kind: config.LayerImage}, from: 0, to: 100, info: clip},
	}}
	for _, tc := range []struct {
		from, frames int64
		want         float64
	}{{0, 20, 10 * 0.5 * 5000}, {20, 100, 20 * 0.5 * 5000}, {40, 10, 0}, {0, 10, 0}} {
		if got := b.layerCost(tc.from, tc.frames); got != tc.want {
			t.Errorf("layerCost(%d, %d) = %g, want %g", tc.from, tc.frames, got, tc.want)
		}
	}
}
