// Package export makes an editor's cut of a resolved film: the scenes on
// the output's frame grid exactly as the planner lays them (a
// timeline.Timeline), each clip's exact source range, cards as gaps, the
// transitions with their frames, the beds and voice-over as sounds, the
// layers and captions as markers, and the project as written in the
// metadata, so that importing the cut again gives the same film.
package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/interchange/cut"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/pipeline/timeline"
)

// Options say how media is named in the cut.
type Options struct {
	// RelativeTo, when set, writes media paths relative to this directory
	// (where the cut file goes) instead of absolute file:// URLs.
	RelativeTo string
}

// Film returns the cut of the film sp resolves, laid out as tl (the
// plan's timeline).
func Film(sp *spec.Spec, tl timeline.Timeline, o Options) (*cut.Cut, error) {
	p := sp.Film
	if len(tl.Scenes) != len(p.Scenes) {
		return nil, fmt.Errorf("export: the timeline has %d scenes, the film %d", len(tl.Scenes), len(p.Scenes))
	}
	name := strings.TrimSuffix(filepath.Base(p.File), filepath.Ext(p.File))
	c := &cut.Cut{Name: name, File: p.Name, FPS: tl.FPS}
	top, scenes := written(sp.Project)
	c.Project = top
	c.ProjectDir = p.Dir
	if o.RelativeTo != "" {
		if rel, err := filepath.Rel(o.RelativeTo, p.Dir); err == nil {
			c.ProjectDir = filepath.ToSlash(rel)
		}
	}
	fps := tl.FPS.Float()
	// The split of each transition around its cut: In before, Out after.
	trans := make([]*cut.Transition, len(tl.Transitions))
	for i, t := range tl.Transitions {
		if t.Frames == 0 {
			continue
		}
		tr := &cut.Transition{In: t.Frames - t.Frames/2, Out: t.Frames / 2}
		if ts := p.Scenes[i].Transition; ts != nil {
			tr.Value = transitionValue(scenes, i, top)
			if tr.Value == nil {
				tr.Value = map[string]any{"type": ts.Type}
			}
		}
		trans[i] = tr
	}
	for i, ps := range tl.Scenes {
		sc := p.Scenes[i]
		var in, out int64
		if i > 0 && trans[i-1] != nil {
			in = trans[i-1].In
		}
		if i < len(trans) && trans[i] != nil {
			out = trans[i].Out
		}
		s := &cut.Shot{Name: sc.ID, Frames: ps.Frames - in - out, Speed: 1, Next: nil}
		if i < len(trans) {
			s.Next = trans[i]
		}
		if i < len(scenes) {
			s.Scene = scenes[i]
		}
		if sc.Source == "" {
			s.Gap = true
			if sc.Placeholder != nil && sc.Placeholder.Text != "" {
				s.Name = sc.Placeholder.Text
			}
		} else {
			s.Media = cut.MediaURL(sc.Source, o.RelativeTo)
			if sc.Speed > 0 {
				s.Speed = sc.Speed
			}
			var start float64
			if sc.Trim != nil && sc.Trim.Start != nil {
				start = sc.Trim.Start.Float(tl.FPS)
			}
			s.Start = cut.SourceTime{Value: start*fps + float64(in)*s.Speed, Rate: fps}
			if info := sp.Media[sc.Source]; info != nil && info.Duration > 0 {
				s.Available = info.Duration * fps
			}
		}
		c.Shots = append(c.Shots, s)
		for _, l := range sc.Layers {
			c.Markers = append(c.Markers, layerMarker(l, ps.Start, ps.Frames, tl))
		}
	}
	for _, l := range p.Layers {
		c.Markers = append(c.Markers, layerMarker(l, 0, tl.Frames, tl))
	}
	if p.Captions != nil {
		for _, q := range p.Captions.Cues {
			from, to := q.Start.Frames(tl.FPS), q.End.Frames(tl.FPS)
			c.Markers = append(c.Markers, cut.Marker{Name: "caption", Comment: q.Text, Color: "YELLOW", At: from, Frames: max(0, to-from)})
		}
	}
	c.Sounds = sounds(p, tl, o)
	return c, nil
}

// layerMarker is a marker over a layer's span, in a scene at [start,
// start+frames) or over the film.
func layerMarker(l config.Layer, start, frames int64, tl timeline.Timeline) cut.Marker {
	from := start + l.Start.Frames(tl.FPS)
	to := start + frames
	switch {
	case l.Duration != nil:
		to = min(to, from+l.Duration.Frames(tl.FPS))
	case l.End != nil:
		to = min(to, start+l.End.Frames(tl.FPS))
	}
	what := l.Text
	switch l.Kind {
	case config.LayerImage:
		what = filepath.Base(l.Image)
	case config.LayerVideo:
		what = filepath.Base(l.Video)
	}
	return cut.Marker{Name: "layer: " + l.Kind, Comment: what, Color: "PURPLE", At: from, Frames: max(0, to-from)}
}

// sounds are the beds and voice-over on the timeline.
func sounds(p *config.Project, tl timeline.Timeline, o Options) []*cut.Sound {
	if p.Audio == nil {
		return nil
	}
	pos := func(a config.AudioPos) int64 {
		var f int64
		if a.Scene != "" && a.SceneIndex < len(tl.Scenes) {
			f = tl.Scenes[a.SceneIndex].Start
		}
		return f + a.Offset.Frames(tl.FPS)
	}
	src := func(a config.AudioSource) (string, string, cut.SourceTime) {
		var st cut.SourceTime
		if a.Trim != nil && a.Trim.Start != nil {
			st = cut.SourceTime{Value: a.Trim.Start.Float(tl.FPS) * tl.FPS.Float(), Rate: tl.FPS.Float()}
		}
		if a.File == "" {
			return "", "reel.synth." + a.Synth, st
		}
		return cut.MediaURL(a.File, o.RelativeTo), "", st
	}
	var out []*cut.Sound
	for i, b := range p.Audio.Beds {
		at := pos(b.Start)
		end := tl.Frames
		if b.End != nil {
			end = min(end, pos(*b.End))
		}
		media, gen, st := src(b.AudioSource)
		if end > at {
			out = append(out, &cut.Sound{Name: fmt.Sprintf("bed %d", i+1), Media: media, Offline: gen, Start: st, At: at, Frames: end - at})
		}
	}
	for i, v := range p.Audio.Voiceover {
		at := pos(v.At)
		end := tl.Frames
		if v.Duration != nil {
			end = min(end, at+v.Duration.Frames(tl.FPS))
		}
		media, gen, st := src(v.AudioSource)
		if end > at {
			out = append(out, &cut.Sound{Name: fmt.Sprintf("voice-over %d", i+1), Media: media, Offline: gen, Start: st, At: at, Frames: end - at})
		}
	}
	return out
}

// written reads the project file as written: its top-level keys but the
// scenes, and each scene's map. A project without a file, or one that no
// longer parses, gives nothing (the cut is then a plain one).
func written(p *config.Project) (map[string]any, []map[string]any) {
	if p == nil || p.File == "" {
		return nil, nil
	}
	data, err := os.ReadFile(p.File)
	if err != nil {
		return nil, nil
	}
	var doc map[string]any
	if yaml.Unmarshal(data, &doc) != nil || doc == nil {
		return nil, nil
	}
	list, _ := doc["scenes"].([]any)
	delete(doc, "scenes")
	scenes := make([]map[string]any, len(list))
	for i, s := range list {
		scenes[i], _ = s.(map[string]any)
		if scenes[i] == nil {
			return nil, nil
		}
	}
	return jsonable(doc).(map[string]any), scenes
}

// transitionValue is the transition into scene i+1 as written: the
// scene's own, else the project's.
func transitionValue(scenes []map[string]any, i int, top map[string]any) any {
	if i < len(scenes) {
		if v, ok := scenes[i]["transition"]; ok {
			return jsonable(v)
		}
	}
	if v, ok := top["transition"]; ok {
		return v
	}
	return nil
}

// jsonable turns YAML's values into JSON's (map keys as strings).
func jsonable(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = jsonable(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = jsonable(e)
		}
		return out
	}
	return v
}
