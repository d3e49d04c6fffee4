package plan

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/timeline"
)

// audioJob mixes the whole timeline's audio once: each scene's sound (or
// silence) cut or padded to exactly its span in samples, crossfaded in step
// with the video transitions, encoded as AAC. Encoding per segment would put
// an AAC priming gap, a click, at every join.
func (b *builder) audioJob(scenes []scene) Job {
	g := ffmpeg.NewGraph()
	in := &inputs{}
	var acc string
	for i, s := range scenes {
		from, to := b.tl.SceneSamples(i)
		lbl := b.sceneAudio(g, in, s, to-from)
		if i == 0 {
			acc = lbl
			continue
		}
		_, prevTo := b.tl.SceneSamples(i - 1)
		next := g.Label("mix")
		if overlap := prevTo - from; overlap > 0 {
			curve := b.project.Scenes[i-1].Transition.Curve
			g.Chain([]string{acc, lbl}, []ffmpeg.Filter{ffmpeg.F("acrossfade",
				"nb_samples", strconv.FormatInt(overlap, 10), "curve1", curve, "curve2", curve)}, []string{next})
		} else {
			g.Chain([]string{acc, lbl}, []ffmpeg.Filter{ffmpeg.F("concat", "n", "2", "v", "0", "a", "1")}, []string{next})
		}
		acc = next
	}
	out := filepath.Join(b.workDir, "audio.m4a")
	args := append(b.globalArgs(), in.args...)
	args = append(args, "-filter_complex", g.String(), "-map", "["+acc+"]",
		"-c:a", "aac", "-b:a", "192k", "-ar", strconv.Itoa(timeline.SampleRate), "-ac", "2", "-f", "mp4", out)
	return Job{ID: "audio", Kind: KindAudio, Scenes: sceneIDs(scenes...), Args: args, Inputs: uniq(in.files),
		Outputs: []string{out}, Seconds: b.tl.Seconds(b.tl.Frames)}
}

// sceneAudio returns the label of exactly n samples of scene s's sound at
// 48 kHz stereo: the clip's audio from its trim start with its volume, or
// silence for silent clips, stills, placeholders and muted scenes.
func (b *builder) sceneAudio(g *ffmpeg.Graph, in *inputs, s scene, n int64) string {
	out := g.Label("a")
	ns := strconv.FormatInt(n, 10)
	if !s.hasAudio() {
		g.Chain(nil, []ffmpeg.Filter{
			ffmpeg.F("anullsrc", "r", strconv.Itoa(timeline.SampleRate), "cl", "stereo"),
			ffmpeg.F("atrim", "end_sample", ns),
		}, []string{out})
		return out
	}
	var opts []string
	if t := s.trimStart.Float(); t > 0 {
		opts = []string{"-ss", strconv.FormatFloat(t, 'f', 6, 64)}
	}
	idx := in.add(s.cfg.Source, opts...)
	filters := []ffmpeg.Filter{
		// first_pts=0 fills a late-starting track with silence and drops
		// encoder-delay samples before zero, keeping the clip in sync.
		ffmpeg.F("aresample", "osr", strconv.Itoa(timeline.SampleRate), "first_pts", "0"),
		ffmpeg.F("aformat", "sample_fmts", "fltp", "channel_layouts", "stereo"),
	}
	if db := s.cfg.Volume.DB; db != 0 {
		filters = append(filters, ffmpeg.F("volume", "volume", fmt.Sprintf("%gdB", db)))
	}
	filters = append(filters,
		ffmpeg.F("apad", "whole_len", ns),
		ffmpeg.F("atrim", "end_sample", ns),
		ffmpeg.F("asetpts", "", "PTS-STARTPTS"))
	g.Chain([]string{fmt.Sprintf("%d:a:0", idx)}, filters, []string{out})
	return out
}

// muxJob joins the segments by stream copy and adds the audio, writing the
// temporary output that the executor renames into place.
func (b *builder) muxJob(p *Plan, audio string) Job {
	list := filepath.Join(b.workDir, "segments.txt")
	var paths []string
	for _, s := range p.Segments {
		paths = append(paths, s.Path)
	}
	args := append(b.globalArgs(), "-f", "concat", "-safe", "0", "-i", list, "-i", audio,
		"-map", "0:v:0", "-map", "1:a:0", "-c", "copy")
	args = append(args, containerArgs(p.Output)...)
	args = append(args, p.TempOutput)
	var deps []string
	for _, j := range p.Jobs {
		deps = append(deps, j.ID)
	}
	return Job{ID: "mux", Kind: KindMux, Args: args, Inputs: append(paths, audio),
		Outputs: []string{p.TempOutput}, Files: []File{{Path: list, Content: p.concatList()}}, Deps: deps,
		Seconds: p.Seconds}
}

// concatList is the concat demuxer's list of the segments. Each segment's
// exact duration is written out: left to itself the demuxer measures a
// segment by its last packet, which B-frame reordering makes a few ticks
// long, and the film would drift at every join.
func (p *Plan) concatList() string {
	var b strings.Builder
	b.WriteString("ffconcat version 1.0\n")
	for _, s := range p.Segments {
		sec := float64(s.Frames) * float64(p.FPS.Den) / float64(p.FPS.Num)
		fmt.Fprintf(&b, "%s\nduration %s\n", ffmpeg.QuoteConcatPath(s.Path), strconv.FormatFloat(sec, 'f', 6, 64))
	}
	return b.String()
}

// containerArgs choose the muxer from the output's extension (the temporary
// name has none).
func containerArgs(output string) []string {
	switch filepath.Ext(output) {
	case ".mov":
		return []string{"-movflags", "+faststart", "-f", "mov"}
	case ".mkv":
		return []string{"-f", "matroska"}
	}
	return []string{"-movflags", "+faststart", "-f", "mp4"}
}
