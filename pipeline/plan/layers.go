package plan

import (
	"sort"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/timeline"
)

// layer is a config layer placed on the film's timeline: it is drawn on
// film frames [from, to). A scene's layer is clipped to its scene's frames
// (transitions included).
type layer struct {
	cfg      *config.Layer
	from, to int64
	scene    int         // the index of the scene the layer belongs to; -1 for the film's (and captions)
	info     *probe.Info // an image or video layer's probed file (placeMedia)
}

// resolveLayers places every layer on the timeline, in drawing order: the
// scenes' own layers (scene by scene), then the film's, then the burned
// captions. A layer that starts at or after the end of its film or scene is
// an error; one that runs past it is cut there.
func resolveLayers(p *config.Project, tl timeline.Timeline) ([]layer, config.Errors) {
	var out []layer
	var errs config.Errors
	fps := tl.FPS
	place := func(l *config.Layer, base, end int64, scene int, what string) {
		from := base + l.Start.Frames(fps)
		to := end
		switch {
		case l.Duration != nil:
			to = min(end, from+l.Duration.Frames(fps))
		case l.End != nil:
			to = min(end, base+l.End.Frames(fps))
		}
		if from >= end {
			errs = append(errs, l.Pos.Errorf("the layer starts at %s, at or after the end of %s (%.3fs, %s long); start it earlier", l.Start, what, tl.Seconds(end-base), frameCount(end-base)))
			return
		}
		if to <= from {
			errs = append(errs, l.Pos.Errorf("the layer ends before its first frame (start %s)", l.Start))
			return
		}
		out = append(out, layer{cfg: l, from: from, to: to, scene: scene})
	}
	for i := range p.Scenes {
		s := tl.Scenes[i]
		for k := range p.Scenes[i].Layers {
			place(&p.Scenes[i].Layers[k], s.Start, s.Start+s.Frames, i, "scene "+s.ID)
		}
	}
	for k := range p.Layers {
		place(&p.Layers[k], 0, tl.Frames, -1, "the film")
	}
	if errs = append(errs, checkCues(p, tl)...); len(errs) == 0 {
		out = append(out, placeCaptions(p.Captions, tl)...)
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return out, errs
}

// captionLayers are the burned captions as text layers on the film's
// timeline (none when they are not burned): each cue's text, literal, in
// the captions' style (caption by default), from its start to its end.
// Their position is the captions key's.
func captionLayers(c *config.Captions) []*config.Layer {
	if c == nil || !c.Burn {
		return nil
	}
	style := c.Style
	if style == "" {
		style = config.DefaultCaptionStyle
	}
	out := make([]*config.Layer, 0, len(c.Cues))
	for _, cue := range c.Cues {
		end := cue.End
		out = append(out, &config.Layer{Kind: config.LayerText, Text: cue.Text, Style: style, Opacity: 1,
			Start: cue.Start, End: &end, Set: []string{"text", "style", "start", "end"}, Pos: c.Pos})
	}
	return out
}

// drawLayers draws the layers that touch film frames [from, from+frames) on
// the segment's stream lbl (pts 0..frames-1 at the output rate, in the
// 1/fps time base) and returns the label of the result: lbl itself when no
// layer touches the segment. Consecutive text layers are drawn by one
// libass pass; each image and video by its own overlay. The job's key
// holds only what this writes: the layers touching the segment, with
// their times on the film's timeline, so a change to one layer re-renders
// only the segments under it.
func (b *builder) drawLayers(g *ffmpeg.Graph, in *inputs, lbl string, from, frames int64) string {
	var run []layer
	flush := func() {
		if len(run) > 0 {
			lbl = b.drawText(g, in, lbl, run, from, frames)
			run = nil
		}
	}
	for _, l := range b.layers {
		if l.to <= from || l.from >= from+frames {
			continue
		}
		if l.cfg.Kind == config.LayerText {
			run = append(run, l)
			continue
		}
		flush()
		lbl = b.drawOverlay(g, in, lbl, l, from, frames)
	}
	flush()
	return lbl
}
