package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/color"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/probe"
)

// A card is a scene with a background and no source: a plain colour, a
// two-colour gradient (linear at an angle, or radial from the centre), an
// image fitted as cover, or a blurred still of a neighbouring scene (the
// last frame of the previous scene, the first of the next: the frames the
// card meets). Its text comes from its layers. The background is made
// once, as one frame, and held for the card's length.

// cardMedia finds a card's background image among the probed media.
func cardMedia(s *scene, media map[string]*probe.Info) *config.Error {
	bg := s.cfg.Background
	if bg.Image == "" {
		return nil
	}
	s.bg = media[bg.Image]
	if s.bg == nil || s.bg.Video == nil {
		return bg.Pos.Errorf("%s has no picture: a card's background image must be an image (or a video, whose first frame is used)", bg.Image)
	}
	return nil
}

// linkCards points each card that blurs a neighbour at it; a card has no
// picture of its own to lend, so its neighbour may not be a card.
func linkCards(ss []scene) config.Errors {
	var errs config.Errors
	for i := range ss {
		bg := ss[i].cfg.Background
		if ss[i].kind != srcCard || (bg.Blur != config.BlurPrevious && bg.Blur != config.BlurNext) {
			continue
		}
		j := i - 1
		if bg.Blur == config.BlurNext {
			j = i + 1
		}
		switch {
		case j < 0:
			errs = append(errs, bg.Pos.Errorf("the first scene has no previous scene to blur; use {blur: next}"))
		case j >= len(ss):
			errs = append(errs, bg.Pos.Errorf("the last scene has no next scene to blur; use {blur: previous}"))
		case ss[j].kind == srcCard:
			errs = append(errs, bg.Pos.Errorf("the %s scene (%s) is a card too: a card blurs a clip, an image or a placeholder", bg.Blur, ss[j].cfg.ID))
		default:
			ss[i].neighbour = &ss[j]
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// cardPicture adds n frames of card s's background and returns its label.
func (b *builder) cardPicture(g *ffmpeg.Graph, in *inputs, s scene, n int64) string {
	bg := s.cfg.Background
	fps := b.target.FPS
	size := strconv.Itoa(b.target.Width) + "x" + strconv.Itoa(b.target.Height)
	var one string
	switch {
	case bg.Image != "":
		idx := in.add(bg.Image, stillRate(s.bg, fps)...)
		fitted := conform.FitOn(g, fmt.Sprintf("%d:v:0", idx), conform.FitCover, b.target, s.bg.Video, "black")
		one = g.Label("bg")
		g.Chain([]string{fitted}, []ffmpeg.Filter{ffmpeg.F("trim", "end_frame", "1")}, []string{one})
	case bg.Blur != "":
		one = b.neighbourStill(g, in, s)
	default:
		one = g.Label("bg")
		fs := []ffmpeg.Filter{
			ffmpeg.F("color", "c", "black", "s", size, "r", fps.String()),
			ffmpeg.F("format", "pix_fmts", "gbrp"),
			ffmpeg.F("trim", "end_frame", "1"),
		}
		if bg.Gradient[0] != "" {
			fs = append(fs, gradient(bg, b.target.Width, b.target.Height))
		} else {
			fs[0] = ffmpeg.F("color", "c", opaque(bg.Color), "s", size, "r", fps.String())
		}
		fs = append(fs,
			ffmpeg.F("scale", "out_color_matrix", "bt709", "out_range", "tv"),
			ffmpeg.F("format", "pix_fmts", "yuv420p"))
		g.Chain(nil, fs, []string{one})
	}
	out := g.Label("hold")
	g.Chain([]string{one}, conform.Hold(fps, n), []string{out})
	return out
}

// opaque is the colour c without its alpha (a card has nothing behind it).
func opaque(c string) string {
	v, err := color.Parse(c)
	if err != nil {
		return c // checked at load
	}
	return fmt.Sprintf("#%02x%02x%02x", v.R, v.G, v.B)
}

// gradient is the geq filter drawing bg's two-colour gradient on a w×h
// planar RGB frame: radial from the centre (its first colour) to the
// corners (its second), or linear across the frame at bg.Angle (0: left
// to right, 90: top to bottom), the first colour at the side it comes
// from. t is where a pixel's centre lies between the two, 0..1.
func gradient(bg *config.Background, w, h int) ffmpeg.Filter {
	c0, _ := color.Parse(bg.Gradient[0])
	c1, _ := color.Parse(bg.Gradient[1])
	hw, hh := float64(w)/2, float64(h)/2
	dx, dy := "(X+0.5-"+num(hw)+")", "(Y+0.5-"+num(hh)+")"
	var t string
	if bg.Radial {
		t = "sqrt(" + dx + "*" + dx + "+" + dy + "*" + dy + ")/" + num(hypot(hw, hh))
	} else {
		cs, sn := cosSin(bg.Angle)
		span := abs(cs)*float64(w) + abs(sn)*float64(h)
		t = "(0.5+(" + dx + "*" + strconv.FormatFloat(cs, 'f', 6, 64) + "+" + dy + "*" + strconv.FormatFloat(sn, 'f', 6, 64) + ")/" + num(span) + ")"
	}
	ch := func(a, b uint8) string {
		return strconv.Itoa(int(a)) + "+" + strconv.Itoa(int(b)-int(a)) + "*" + t
	}
	return ffmpeg.F("geq", "r", ch(c0.R, c1.R), "g", ch(c0.G, c1.G), "b", ch(c0.B, c1.B))
}

// neighbourStill is one frame of the scene card s blurs: the last frame of
// the previous scene or the first of the next, as that scene shows it
// (fit, motion, grade), blurred at a quarter of the size like fit blur's
// bars.
func (b *builder) neighbourStill(g *ffmpeg.Graph, in *inputs, s scene) string {
	nb := *s.neighbour
	f := int64(0)
	if s.cfg.Background.Blur == config.BlurPrevious {
		f = nb.frames - 1
	}
	n := len(in.writes)
	lbl := b.branch(g, in, nb, f, f+1)
	for k := n; k < len(in.writes); k++ {
		// A placeholder's script, written for this still: not the
		// neighbour's own job's file.
		w := &in.writes[k]
		w.Path = strings.TrimSuffix(w.Path, ".ass") + fmt.Sprintf("-still-s%02d.ass", s.cfg.Index+1)
	}
	qw, qh := even(b.target.Width/4), even(b.target.Height/4)
	r := strconv.Itoa(max(1, min(10, min(qw, qh)/4)))
	out := g.Label("bg")
	g.Chain([]string{lbl}, []ffmpeg.Filter{
		ffmpeg.F("scale", "w", strconv.Itoa(qw), "h", strconv.Itoa(qh)),
		ffmpeg.F("boxblur", "luma_radius", r, "chroma_radius", r, "luma_power", "2"),
		ffmpeg.F("scale", "w", strconv.Itoa(b.target.Width), "h", strconv.Itoa(b.target.Height)),
	}, []string{out})
	return out
}

// even rounds n down to an even number, at least 2.
func even(n int) int {
	if n < 2 {
		return 2
	}
	return n &^ 1
}

// cosSin are the cosine and sine of an angle in degrees, exact at the
// right angles.
func cosSin(deg float64) (float64, float64) {
	switch math.Mod(deg+720, 360) {
	case 0:
		return 1, 0
	case 90:
		return 0, 1
	case 180:
		return -1, 0
	case 270:
		return 0, -1
	}
	r := deg * math.Pi / 180
	return math.Cos(r), math.Sin(r)
}

func hypot(a, b float64) float64 { return math.Hypot(a, b) }

func abs(v float64) float64 { return math.Abs(v) }
