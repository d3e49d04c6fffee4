package cut

import (
	"fmt"
	"math"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/interchange/otio"
	"github.com/reel-film/reel/internal/frac"
)

// MetaKey is the metadata key under which reel keeps, in the files it
// exports, what the format has no place for (the project's other keys, each
// scene as written), so that a file exported and imported again gives the
// same film.
const MetaKey = "reel"

// FromOTIO reads a timeline into a cut. The picture is the first video
// track (the others are left out with a warning); gaps stay gaps; a
// transition at the start or the end of the track is a fade from or to
// black. A nested stack or track is an error naming it: reel reads one
// level of tracks. The picture is padded with black to the timeline's
// length (its longest track).
func FromOTIO(tl *otio.Timeline) (*Cut, error) {
	c := &Cut{Name: tl.Name, File: tl.File}
	var errs config.Errors
	fail := func(line int, path, format string, a ...any) {
		errs = append(errs, &config.Error{File: tl.File, Line: line, Path: path, Msg: fmt.Sprintf(format, a...)})
	}
	reel, _ := tl.Metadata[MetaKey].(map[string]any)
	if p, ok := reel["project"].(map[string]any); ok {
		c.Project = p
		c.ProjectDir, _ = reel["dir"].(string)
	}
	var video *otio.Track
	for _, t := range tl.Tracks {
		if strings.EqualFold(t.Kind, "Video") {
			if video == nil {
				video = t
			} else {
				c.warnf(t.Line, t.Path, "video track %s is left out: reel renders one picture track (the first)", trackName(t))
			}
		}
	}
	if video == nil {
		fail(0, "tracks", "the timeline has no video track: reel needs one for the picture")
		return nil, errs
	}
	c.FPS = timelineRate(tl, video, reel)
	frames := func(t otio.Time) int64 { return toFrames(t.Value, t.Rate, c.FPS) }

	var prevTrans *otio.Item
	for i, it := range video.Items {
		switch it.Schema {
		case "Stack", "Track":
			fail(it.Line, it.Path, "nested %s.1 %q: reel reads one level of tracks; in the editor, render the nested sequence to a file (or flatten it) and export again", it.Schema, it.Name)
			continue
		case "Transition":
			if prevTrans != nil && i > 0 && video.Items[i-1] == prevTrans {
				fail(it.Line, it.Path, "two transitions in a row (%s and %s): a transition goes between two items", prevTrans.Label(), it.Label())
				continue
			}
			prevTrans = it
			tr := &Transition{In: frames(it.In), Out: frames(it.Out)}
			if tr.In < 0 || tr.Out < 0 {
				fail(it.Line, it.Path, "%s has a negative offset", it.Label())
				continue
			}
			if m, ok := it.Metadata[MetaKey].(map[string]any); ok {
				tr.Value = m["transition"]
			}
			if it.TransitionType != "SMPTE_Dissolve" && tr.Value == nil {
				c.warnf(it.Line, it.Path, "%s of type %q is made a dissolve (fade)", it.Label(), it.TransitionType)
			}
			switch {
			case len(c.Shots) == 0:
				c.FadeIn = tr.Out
			case i == len(video.Items)-1:
				c.FadeOut = tr.In
			default:
				c.Shots[len(c.Shots)-1].Next = tr
			}
			continue
		case "Clip", "Gap":
		default:
			fail(it.Line, it.Path, "%s is not an item reel reads (clips, gaps and transitions)", it.Label())
			continue
		}
		s := &Shot{Name: it.Name, Line: it.Line, Path: it.Path, Speed: 1, Gap: it.Schema == "Gap"}
		rg := itemRange(it)
		if rg == nil {
			fail(it.Line, it.Path, "%s has no source_range, and no media available_range: reel cannot tell its length; set its range in the editor", it.Label())
			continue
		}
		if rg.Duration.Rate <= 0 {
			fail(it.Line, it.Path+".source_range.duration.rate", "%s has a rate of %v: a rate is above 0", it.Label(), rg.Duration.Rate)
			continue
		}
		s.Frames = frames(rg.Duration)
		s.Start = SourceTime{Value: rg.Start.Value, Rate: rg.Start.Rate}
		if s.Frames <= 0 {
			c.warnf(it.Line, it.Path, "%s lasts no frame at %v fps and is left out", it.Label(), c.FPS)
			continue
		}
		for _, mk := range it.Markers {
			s.Markers = append(s.Markers, mk.Name)
		}
		if !s.Gap {
			readClip(c, s, it)
		}
		if m, ok := it.Metadata[MetaKey].(map[string]any); ok {
			s.Scene, _ = m["scene"].(map[string]any)
			s.recNext, _ = m["next"].(int64)
			s.Unchanged = s.Scene != nil && exportedRange(m, rg, it)
		}
		c.Shots = append(c.Shots, s)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	// A shot is unchanged when the transition after it is the one exported.
	for _, s := range c.Shots {
		var next int64
		if s.Next != nil {
			next = s.Next.Frames()
		}
		s.Unchanged = s.Unchanged && next == s.recNext
	}
	c.fitTrack(video, tl)
	if len(c.Shots) == 0 {
		return nil, config.Errors{&config.Error{File: tl.File, Line: video.Line, Path: video.Path, Msg: "the video track has no clip or gap that lasts a frame"}}
	}
	// The picture lasts as long as the timeline's longest track; the audio
	// tracks of a cut reel exported follow the picture, so an edit of the
	// picture sets the film's length.
	total := timelineFrames(tl, c.FPS)
	if c.Project != nil {
		total = 0
	}
	if pad := total - c.Frames(); pad > 0 {
		c.Shots = append(c.Shots, &Shot{Name: "end", Gap: true, Frames: pad, Speed: 1, Path: "tracks"})
	}
	if c.Project == nil {
		c.readSounds(tl)
	}
	return c, nil
}

// exportedRange says whether the item's range and media are those reel
// exported (recorded under metadata.reel).
func exportedRange(m map[string]any, rg *otio.Range, it *otio.Item) bool {
	rec, ok := m["range"].([]any)
	if !ok || len(rec) != 2 {
		return false
	}
	num := func(v any) float64 {
		switch n := v.(type) {
		case int64:
			return float64(n)
		case float64:
			return n
		}
		return math.NaN()
	}
	if math.Abs(num(rec[0])-rg.Start.Value) > 1e-6 || math.Abs(num(rec[1])-rg.Duration.Value) > 1e-6 {
		return false
	}
	url, _ := m["url"].(string)
	got := ""
	if it.Media != nil {
		got = it.Media.URL
	}
	return url == got
}

// readClip fills a clip's media and speed.
func readClip(c *Cut, s *Shot, it *otio.Item) {
	if !it.Enabled {
		s.Gap = true
		c.warnf(it.Line, it.Path, "%s is disabled: a black gap stands in its place", it.Label())
		return
	}
	switch m := it.Media; {
	case m == nil:
		s.Offline = "it has no media reference"
	case m.Schema == "ExternalReference" && m.URL != "":
		s.Media = m.URL
	case m.Schema == "ExternalReference":
		s.Offline = "its media reference has no target_url"
	case m.Schema == "GeneratorReference":
		s.Offline = fmt.Sprintf("its media is made by the editor's generator %q", m.GeneratorKind)
	case m.Schema == "MissingReference":
		s.Offline = "its media is missing (MissingReference)"
	default:
		s.Offline = fmt.Sprintf("reel does not read %s media", m.Schema)
	}
	for _, e := range it.Effects {
		switch {
		case e.Schema == "LinearTimeWarp" && e.TimeScalar > 0:
			s.Speed = e.TimeScalar
		default:
			c.warnf(it.Line, it.Path, "the %s effect of %s is left out", e.Schema, it.Label())
		}
	}
}

// timelineRate is the rate the timeline counts in: reel's own (in its
// metadata), the global start time's, or the first range of the picture
// track (24 when none says).
func timelineRate(tl *otio.Timeline, video *otio.Track, reel map[string]any) frac.Rational {
	if s, ok := reel["fps"].(string); ok {
		if r, err := frac.Parse(s); err == nil && r.Num > 0 {
			return r
		}
	}
	if tl.GlobalStart != nil {
		if r, ok := Rate(tl.GlobalStart.Rate); ok {
			return r
		}
	}
	for _, it := range video.Items {
		if it.SourceRange != nil {
			if r, ok := Rate(it.SourceRange.Duration.Rate); ok {
				return r
			}
		}
	}
	return frac.New(24, 1)
}

// trackFrames is a track's length at fps: its source range's, or the sum
// of its clips and gaps (transitions take no time).
func trackFrames(t *otio.Track, fps frac.Rational) int64 {
	if t.SourceRange != nil {
		return toFrames(t.SourceRange.Duration.Value, t.SourceRange.Duration.Rate, fps)
	}
	var n int64
	for _, it := range t.Items {
		if it.Schema == "Transition" {
			continue
		}
		rg := itemRange(it)
		if rg != nil {
			n += toFrames(rg.Duration.Value, rg.Duration.Rate, fps)
		}
	}
	return n
}

// timelineFrames is the timeline's length: its longest track's.
func timelineFrames(tl *otio.Timeline, fps frac.Rational) int64 {
	var n int64
	for _, t := range tl.Tracks {
		n = max(n, trackFrames(t, fps))
	}
	return n
}

// fitTrack applies the track's own source range: its length cuts the
// shots (or a gap pads them); a start other than 0 is left out with a
// warning.
func (c *Cut) fitTrack(t *otio.Track, tl *otio.Timeline) {
	if t.SourceRange == nil {
		return
	}
	if t.SourceRange.Start.Value != 0 {
		c.warnf(t.Line, t.Path+".source_range", "the track's start (%v at %v) is left out: reel plays the track from its first item", t.SourceRange.Start.Value, t.SourceRange.Start.Rate)
	}
	want := toFrames(t.SourceRange.Duration.Value, t.SourceRange.Duration.Rate, c.FPS)
	var pos int64
	for i, s := range c.Shots {
		if pos+s.Frames >= want {
			s.Frames = want - pos
			c.Shots = c.Shots[:i+1]
			if s.Frames == 0 {
				c.Shots = c.Shots[:i]
			}
			if len(c.Shots) > 0 {
				c.Shots[len(c.Shots)-1].Next = nil
			}
			return
		}
		pos += s.Frames
	}
}

// readSounds places the audio tracks' clips whose media is not the
// picture's own sound at the same place.
func (c *Cut) readSounds(tl *otio.Timeline) {
	type key struct {
		media string
		at    int64
	}
	own := map[key]bool{}
	var pos int64
	for _, s := range c.Shots {
		if s.Media != "" {
			own[key{s.Media, pos}] = true
		}
		pos += s.Frames
	}
	offline := 0
	for _, t := range tl.Tracks {
		if !strings.EqualFold(t.Kind, "Audio") {
			continue
		}
		var at int64
		for _, it := range t.Items {
			if it.Schema == "Transition" {
				continue
			}
			rg := itemRange(it)
			if rg == nil {
				continue
			}
			n := toFrames(rg.Duration.Value, rg.Duration.Rate, c.FPS)
			if it.Schema == "Clip" && it.Enabled && n > 0 {
				url := ""
				if it.Media != nil && it.Media.Schema == "ExternalReference" {
					url = it.Media.URL
				}
				switch {
				case url == "":
					offline++
				case !own[key{url, at}]:
					c.Sounds = append(c.Sounds, &Sound{Name: it.Name, Line: it.Line, Path: it.Path,
						Media: url, Start: SourceTime{rg.Start.Value, rg.Start.Rate}, At: at, Frames: n})
				}
			}
			at += n
		}
	}
	if offline > 0 {
		c.warnf(0, "tracks", "%d audio clips without media are left out", offline)
	}
}

func trackName(t *otio.Track) string {
	if t.Name == "" {
		return "(unnamed)"
	}
	return fmt.Sprintf("%q", t.Name)
}

// itemRange is the part of its media an item plays: its source_range, or
// else its media's available_range (nil when it has neither).
func itemRange(it *otio.Item) *otio.Range {
	if it.SourceRange == nil && it.Media != nil {
		return it.Media.Available
	}
	return it.SourceRange
}
