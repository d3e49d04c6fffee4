package plan

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/probe"
)

// audioJob mixes the whole timeline's audio once: the scenes' sound (cut or
// padded to exactly their spans, crossfaded in step with the video), the
// voice-overs and the beds (ducked under both), normalised in two passes
// to the loudness target and encoded once per audio codec of the
// renditions (one stream each, from one mix: asplit). Encoding per segment
// would put an AAC priming gap, a click, at every join.
func (b *builder) audioJob(scenes []scene, media map[string]*probe.Info, warnings *[]string) (Job, error) {
	beds, vos, warns, errs := b.audioTracks(media)
	if len(errs) > 0 {
		return Job{}, errs
	}
	*warnings = append(*warnings, warns...)
	vos = append(vos, b.layerSounds()...)
	audible := len(beds)+len(vos) > 0
	for _, s := range scenes {
		audible = audible || s.hasAudio()
	}
	loud := b.loudness(audible, warnings)
	var measure []string
	if loud != nil {
		mg, min, mout := b.mixGraph(scenes, beds, vos)
		measure = b.measureArgs(mg, min, mout)
	}
	jobArgs := func(snds []*sound, first int) ([]string, *inputs) {
		g, in, out := b.mixGraph(scenes, beds, vos)
		if loud != nil {
			n := strconv.FormatInt(b.tl.Samples(), 10)
			lbl := g.Label("loud")
			g.Chain([]string{out}, append(audio.ApplyLoudness(),
				ffmpeg.F("apad", "whole_len", n), ffmpeg.F("atrim", "end_sample", n)), []string{lbl})
			out = lbl
		}
		out = b.fadeSound(g, out)
		labels := []string{out}
		if len(snds) > 1 {
			labels = make([]string, len(snds))
			for k := range labels {
				labels[k] = g.Label("snd")
			}
			g.Chain([]string{out}, []ffmpeg.Filter{ffmpeg.F("asplit", "", strconv.Itoa(len(snds)))}, labels)
		}
		args := append(b.globalArgs(), "-copyts")
		args = append(args, in.args...)
		args = append(args, "-filter_complex", g.String())
		for k, snd := range snds {
			args = append(append(args, "-map", "["+labels[k]+"]"), snd.args()...)
			args = append(args, Out(first+k))
		}
		return args, in
	}
	args, in := jobArgs(b.sounds, 0)
	var outs []string
	var parts []Part
	for k, snd := range b.sounds {
		outs = append(outs, filepath.Join(b.workDir, "audio"+snd.ext))
		if len(b.sounds) > 1 {
			a, _ := jobArgs([]*sound{snd}, k)
			parts = append(parts, Part{Name: snd.codec, Outputs: []int{k}, Args: a})
		}
	}
	job := Job{ID: "audio", Kind: KindAudio, Scenes: sceneIDs(scenes...), Args: args, Measure: measure, MeasureFormat: measureFormat(measure),
		Inputs: in.files, Outputs: outs, Parts: parts, Seconds: b.tl.Seconds(b.tl.Frames), Cost: b.audioCost(measure != nil)}
	if loud != nil {
		job.Loudness = &audio.Target{I: loud.Target, TruePeak: loud.TruePeak}
	}
	return job, nil
}

// loudness returns the target of the mix, or nil when it is off or there
// is no sound to measure (said in a warning when the project has an audio
// section: a silent film is then a surprise).
func (b *builder) loudness(sound bool, warnings *[]string) *config.Loudness {
	l := config.DefaultAudioLoudness()
	if a := b.project.Audio; a != nil {
		l = a.Loudness
	}
	if l.Off {
		return nil
	}
	if !sound {
		if a := b.project.Audio; a != nil {
			*warnings = append(*warnings, a.Pos.Errorf("the film has no sound (no beds, no voice-over, no scene with audio): its soundtrack is silence").Error())
		}
		return nil
	}
	return &l
}

// measureFormat is how the executor reads the measuring pass, if any.
func measureFormat(measure []string) string {
	if len(measure) == 0 {
		return ""
	}
	return audio.MeasureFormat
}

// measureArgs is the first pass of the loudness normalisation: the same
// mix, with the {{gain}} and {{limiter}} placeholders the executor fills
// for each measurement, into the EBU R128 analysis (at log level info,
// which prints its summary), written nowhere.
func (b *builder) measureArgs(g *ffmpeg.Graph, in *inputs, mix string) []string {
	split, peak, hot := audio.MeasureLoudness()
	a, c := g.Label("split"), g.Label("split")
	out, hotOut := g.Label("measured"), g.Label("measured")
	g.Chain([]string{mix}, split, []string{a, c})
	g.Chain([]string{a}, peak, []string{out})
	g.Chain([]string{c}, hot, []string{hotOut})
	args := []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-copyts"}
	args = append(args, in.args...)
	return append(args, "-filter_complex", g.String(), "-map", "["+out+"]", "-f", "null", "-", "-map", "["+hotOut+"]", "-f", "null", "-")
}

// sceneTrack builds the scenes' sound, crossfaded at transitions, and
// returns its label.
func (b *builder) sceneTrack(g *ffmpeg.Graph, in *inputs, scenes []scene) string {
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
	return acc
}

// sceneAudio returns the label of exactly n samples of scene s's sound at
// 48 kHz stereo: the clip's audio from its trim start with its volume, or
// silence for silent clips, stills, placeholders and muted scenes. The
// sound starts at the same origin as the scene's pictures (the video
// stream's start plus the trim), so picture and sound of a clip's time t
// play together whatever the streams' start times.
func (b *builder) sceneAudio(g *ffmpeg.Graph, in *inputs, s scene, n int64) string {
	out := g.Label("a")
	ns := strconv.FormatInt(n, 10)
	if !s.hasAudio() {
		g.Chain(nil, audio.Silence(n), []string{out})
		return out
	}
	trim := s.trimStart.Float()
	idx := in.add(s.cfg.Source, seekArgs(s.info.SeekBase()+trim-seekMargin)...)
	filters := audio.Conform(s.info.Origin() + trim)
	if db := s.cfg.Volume.DB; db != 0 {
		filters = append(filters, ffmpeg.F("volume", "volume", fmt.Sprintf("%gdB", db)))
	}
	filters = append(filters, tempo(s.speed(), b.rubberband)...)
	src := fmt.Sprintf("%d:a:0", idx)
	if s.hold > 0 {
		played := g.Label("a")
		g.Chain([]string{src}, filters, []string{played})
		src, filters = b.freezeSound(g, played, s), nil
	}
	filters = append(filters,
		ffmpeg.F("apad", "whole_len", ns),
		ffmpeg.F("atrim", "end_sample", ns),
		ffmpeg.F("asetpts", "", "PTS-STARTPTS"))
	g.Chain([]string{src}, filters, []string{out})
	return out
}
