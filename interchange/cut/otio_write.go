package cut

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/interchange/otio"
)

// ToOTIO writes the cut as an OpenTimelineIO timeline: a video track of
// clips (ExternalReference media, source ranges at the film's rate) and
// gaps with a Transition.1 between two shots where the film has one, an
// audio track for each layer of overlapping sounds, the markers on the
// timeline's stack, and what reel needs to make the same film again under
// the metadata key "reel".
func ToOTIO(c *Cut) *otio.Timeline {
	rate := c.FPS.Float()
	at := func(v float64) otio.Time { return otio.Time{Value: v, Rate: rate} }
	tl := &otio.Timeline{Name: c.Name, Metadata: map[string]any{}}
	reel := map[string]any{"fps": c.FPS.String()}
	if c.Project != nil {
		reel["project"] = c.Project
	}
	if c.ProjectDir != "" {
		reel["dir"] = c.ProjectDir
	}
	tl.Metadata[MetaKey] = reel
	video := &otio.Track{Name: "V1", Kind: "Video"}
	for i, s := range c.Shots {
		rg := &otio.Range{Start: at(s.Start.Value * rate / nz(s.Start.Rate, rate)), Duration: at(float64(s.Frames))}
		it := &otio.Item{Schema: "Clip", Name: s.Name, Enabled: true, SourceRange: rg}
		if s.Gap {
			it.Schema = "Gap"
			rg.Start = at(0)
		} else {
			m := &otio.Media{Schema: "ExternalReference", Name: baseName(s.Media), URL: s.Media}
			if s.Media == "" {
				m = &otio.Media{Schema: "MissingReference", Name: s.Name}
			}
			if s.Available > 0 {
				m.Available = &otio.Range{Start: at(0), Duration: at(s.Available * rate / nz(s.Start.Rate, rate))}
			}
			it.Media = m
			if s.Speed != 1 && s.Speed > 0 {
				it.Effects = append(it.Effects, otio.Effect{Schema: "LinearTimeWarp", Name: "speed", TimeScalar: s.Speed})
			}
		}
		if s.Scene != nil {
			var next int64
			if s.Next != nil {
				next = s.Next.Frames()
			}
			it.Metadata = map[string]any{MetaKey: map[string]any{
				"scene": s.Scene, "range": []any{rg.Start.Value, rg.Duration.Value}, "url": urlOf(it), "next": next}}
		}
		video.Items = append(video.Items, it)
		if s.Next != nil && i < len(c.Shots)-1 {
			tr := &otio.Item{Schema: "Transition", Name: "Dissolve", TransitionType: "SMPTE_Dissolve", In: at(float64(s.Next.In)), Out: at(float64(s.Next.Out))}
			if s.Next.Value != nil {
				tr.Metadata = map[string]any{MetaKey: map[string]any{"transition": s.Next.Value}}
				if t := transitionType(s.Next.Value); t != "" && t != "fade" && t != "dissolve" {
					tr.Name, tr.TransitionType = t, "Custom_Transition"
				}
			}
			video.Items = append(video.Items, tr)
		}
	}
	tl.Tracks = append(tl.Tracks, video)
	tl.Tracks = append(tl.Tracks, audioTracks(c, at)...)
	for _, m := range c.Markers {
		tl.Markers = append(tl.Markers, otio.Marker{Name: m.Name, Comment: m.Comment, Color: m.Color,
			Range: otio.Range{Start: at(float64(m.At)), Duration: at(float64(m.Frames))}})
	}
	return tl
}

// transitionType is the type of a transition value as written.
func transitionType(v any) string {
	switch t := v.(type) {
	case string:
		return strings.ToLower(t)
	case map[string]any:
		s, _ := t["type"].(string)
		return strings.ToLower(s)
	}
	return ""
}

func urlOf(it *otio.Item) string {
	if it.Media != nil {
		return it.Media.URL
	}
	return ""
}

func nz(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// audioTracks lays the sounds on as few tracks as hold them without
// overlap, each sound a clip with gaps between.
func audioTracks(c *Cut, at func(float64) otio.Time) []*otio.Track {
	var tracks []*otio.Track
	var ends []int64
	for _, s := range c.Sounds {
		k := -1
		for i, e := range ends {
			if e <= s.At {
				k = i
				break
			}
		}
		if k < 0 {
			tracks = append(tracks, &otio.Track{Name: fmt.Sprintf("A%d", len(tracks)+1), Kind: "Audio"})
			ends = append(ends, 0)
			k = len(tracks) - 1
		}
		if gap := s.At - ends[k]; gap > 0 {
			tracks[k].Items = append(tracks[k].Items, &otio.Item{Schema: "Gap", Enabled: true, SourceRange: &otio.Range{Start: at(0), Duration: at(float64(gap))}})
		}
		m := &otio.Media{Schema: "ExternalReference", Name: baseName(s.Media), URL: s.Media}
		if s.Media == "" {
			m = &otio.Media{Schema: "GeneratorReference", Name: s.Name, GeneratorKind: s.Offline}
		}
		rate := at(0).Rate
		tracks[k].Items = append(tracks[k].Items, &otio.Item{Schema: "Clip", Name: s.Name, Enabled: true, Media: m,
			SourceRange: &otio.Range{Start: at(s.Start.Value * rate / nz(s.Start.Rate, rate)), Duration: at(float64(s.Frames))}})
		ends[k] = s.At + s.Frames
	}
	return tracks
}

// MediaURL is the target_url reel writes for a file: a file:// URL of its
// absolute path, or, relative to dir when dir is set, the path relative to
// it (portable, as OTIO allows).
func MediaURL(path, dir string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	if dir != "" {
		if rel, err := filepath.Rel(dir, path); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return otio.FileURL(path)
}
