package pipeline

import (
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/spec"
)

// OutputInfo describes one file a render writes, for reports (reel plan
// --json, reel render --json).
type OutputInfo struct {
	Kind      string         `json:"kind"` // rendition | poster | thumbnails | vtt
	Name      string         `json:"name,omitempty"`
	Path      string         `json:"path"`
	Container string         `json:"container,omitempty"`
	Codec     string         `json:"codec,omitempty"`
	Audio     string         `json:"audio,omitempty"`
	Width     int            `json:"width,omitempty"`
	Height    int            `json:"height,omitempty"`
	FPS       *frac.Rational `json:"fps,omitempty"`
}

// Outputs lists every file the spec's render writes: the renditions in
// project order, then the poster, the thumbnail sheet and its WebVTT index.
func Outputs(sp *spec.Spec) []OutputInfo {
	var out []OutputInfo
	for _, o := range sp.Renditions {
		info := OutputInfo{Kind: "rendition", Name: o.Name, Path: o.Path, Container: o.Container, Codec: o.Codec, Audio: o.Audio, Width: o.Width, Height: o.Height}
		if !o.AudioOnly() {
			fps := o.FPS
			info.FPS = &fps
		}
		out = append(out, info)
	}
	if p := sp.Poster; p != nil {
		out = append(out, OutputInfo{Kind: "poster", Path: p.Path})
	}
	if t := sp.Thumbnails; t != nil {
		out = append(out, OutputInfo{Kind: "thumbnails", Path: t.Path, Width: t.Width}, OutputInfo{Kind: "vtt", Path: t.VTT})
	}
	return out
}
