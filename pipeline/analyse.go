package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/grade"
	"github.com/reel-film/reel/pipeline/probe"
)

// Shot-matching samples: frames per scene, and their size (colour
// statistics need no detail; 64x36 decodes and scales in no time).
const (
	shotFrames = 8
	shotW      = 64
	shotH      = 36
)

// analyse measures the colour statistics shot matching needs, before
// planning, so the plan stays pure: every scene whose grade matches another
// scene, and each reference. Placeholders are not measured (nothing to
// match). It returns nil when no scene matches.
// With a cache root, a measurement is remembered by the file (path, size,
// time) and the exact ffmpeg arguments, so an unchanged scene is not
// decoded again on the next plan or render.
func analyse(ctx context.Context, p *config.Project, media map[string]*probe.Info, ffmpegBin, cacheRoot string) (map[string]grade.Stats, error) {
	need := map[string]bool{}
	for _, s := range p.Scenes {
		if s.Grade != nil && s.Grade.Match != "" && s.Grade.Match != s.ID {
			need[s.ID], need[s.Grade.Match] = true, true
		}
	}
	if len(need) == 0 {
		return nil, nil
	}
	stats := map[string]grade.Stats{}
	for i := range p.Scenes {
		s := &p.Scenes[i]
		info := media[s.Source]
		if !need[s.ID] || s.Source == "" || info == nil || info.Video == nil {
			continue
		}
		args := shotArgs(s, info, p.Output.FPS)
		var st grade.Stats
		var err error
		if cacheRoot == "" {
			st, err = measureShot(ctx, ffmpegBin, args)
		} else {
			_, err = cache.Remember(cacheRoot, "shots", ffmpegBin+"\x00"+strings.Join(args, "\x00"), s.Source, &st,
				func() (any, error) { return measureShot(ctx, ffmpegBin, args) })
		}
		if err != nil {
			return nil, fmt.Errorf("shot matching: measuring scene %q: %w", s.ID, err)
		}
		stats[s.ID] = st
	}
	return stats, nil
}

// shotArgs are the ffmpeg arguments that decode a few frames spread over
// the scene, small, converted to BT.709 TV range (and composited over black)
// as the render converts them, as raw 4:4:4 on stdout.
func shotArgs(s *config.Scene, info *probe.Info, fps frac.Rational) []string {
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error"}
	g := ffmpeg.NewGraph()
	in := "0:v:0"
	if !info.Video.Still {
		start, length := shotSpan(s, info, fps)
		// -ss counts from the container's start, the clip's time from its
		// pictures' (probe.Info.SeekBase).
		args = append(args, "-ss", strconv.FormatFloat(max(0, info.SeekBase()+start), 'f', 3, 64), "-t", strconv.FormatFloat(length, 'f', 3, 64))
		in = g.Label("s")
		rate := strconv.FormatFloat(max(float64(shotFrames)/length, 0.01), 'f', 4, 64)
		g.Chain([]string{"0:v:0"}, []ffmpeg.Filter{ffmpeg.F("fps", "fps", rate)}, []string{in})
	}
	lbl := conform.Fit(g, in, conform.FitStretch, conform.Target{Width: shotW, Height: shotH, FPS: fps}, info.Video)
	g.Chain([]string{lbl}, []ffmpeg.Filter{grade.MeasureFormat()}, []string{"out"})
	if dec := info.Video.Decoder; dec != "" { // keeps WebM's alpha, as the render does
		args = append(args, "-c:v", dec)
	}
	return append(args, "-i", s.Source, "-filter_complex", g.String(), "-map", "[out]",
		"-frames:v", strconv.Itoa(shotFrames), "-f", "rawvideo", "-")
}

// measureShot runs shotArgs and measures the frames.
func measureShot(ctx context.Context, bin string, args []string) (grade.Stats, error) {
	var stdout bytes.Buffer
	if _, err := ffmpeg.Run(ctx, bin, args, ffmpeg.RunOptions{Stdout: &stdout}); err != nil {
		return grade.Stats{}, err
	}
	return grade.Measure(stdout.Bytes(), shotW, shotH)
}

// shotSpan is the part of the clip a scene shows, in seconds (start,
// length), from its trim and duration; exact frames do not matter here.
func shotSpan(s *config.Scene, info *probe.Info, fps frac.Rational) (start, length float64) {
	clip := info.Video.Duration
	if clip <= 0 {
		clip = info.Duration
	}
	length = clip
	if t := s.Trim; t != nil {
		if t.Start != nil {
			start = t.Start.Float(fps)
		}
		length = clip - start
		switch {
		case t.End != nil:
			length = t.End.Float(fps) - start
		case t.Duration != nil:
			length = t.Duration.Float(fps)
		}
	}
	if s.Duration != nil {
		length = min(length, s.Duration.Float(fps)*max(s.Speed, config.MinSpeed)) // a duration is film time
	}
	return start, max(length, 1/fps.Float())
}
