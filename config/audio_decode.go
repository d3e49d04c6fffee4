package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Keys of the audio section's maps.
var (
	audioKeys     = []string{"beds", "voiceover", "loudness"}
	bedKeys       = []string{"source", "synth", "start", "end", "volume", "loop", "loop_crossfade", "trim", "fade_in", "fade_out", "duck"}
	voiceoverKeys = []string{"source", "synth", "at", "volume", "trim", "duration"}
)

// audio decodes the project's audio section, if any. It runs after the
// scenes are resolved, so positions can name scenes.
func (d *decoder) audio(p *Project, m fields) {
	f, ok := m["audio"]
	if !ok {
		return
	}
	a := &Audio{Loudness: DefaultAudioLoudness(), Pos: d.pos(f.key, f.path)}
	a.Loudness.Pos = a.Pos
	am, ok := d.mapping(f.val, f.path, audioKeys)
	if !ok {
		return
	}
	for _, it := range d.audioList(am, "beds") {
		a.Beds = append(a.Beds, d.bed(it, p))
	}
	for _, it := range d.audioList(am, "voiceover") {
		a.Voiceover = append(a.Voiceover, d.voiceover(it, p))
	}
	if v, ok := am["loudness"]; ok {
		a.Loudness = d.loudness(v)
	}
	p.Audio = a
}

// audioList returns the items of the list under key, each as a field.
func (d *decoder) audioList(m fields, key string) []field {
	f, ok := m[key]
	if !ok {
		return nil
	}
	n := deref(f.val)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, f.path, "expected a list, found %s", describe(n))
		return nil
	}
	out := make([]field, len(n.Content))
	for i, it := range n.Content {
		out[i] = field{key: it, val: it, path: fmt.Sprintf("%s[%d]", f.path, i)}
	}
	return out
}

// bed decodes one music bed.
func (d *decoder) bed(f field, p *Project) Bed {
	b := Bed{Start: AudioPos{Pos: d.pos(f.val, f.path+".start")}}
	m, ok := d.mapping(f.val, f.path, bedKeys)
	if !ok {
		return b
	}
	b.AudioSource = d.audioSource(f, m)
	if v, ok := m["start"]; ok {
		b.Start = d.audioPos(v, p)
	}
	if v, ok := m["end"]; ok {
		if n := deref(v.val); n.Kind != yaml.ScalarNode || n.Value != "video" {
			end := d.audioPos(v, p)
			b.End = &end
		}
	}
	if v, ok := m["loop"]; ok {
		b.Loop = d.audioBool(v)
	}
	if v, ok := m["loop_crossfade"]; ok {
		b.LoopCrossfade = d.fade(m, "loop_crossfade", &b.LoopPos)
		if !b.Loop {
			d.errorf(v.key, v.path, "loop_crossfade blends a looping bed into itself: add loop: true, or remove loop_crossfade")
		}
	}
	b.FadePos = b.ItemPos
	b.FadeIn = d.fade(m, "fade_in", &b.FadePos)
	b.FadeOut = d.fade(m, "fade_out", &b.FadePos)
	if v, ok := m["duck"]; ok {
		b.Duck = d.duck(v)
	}
	return b
}

// voiceover decodes one voice-over track.
func (d *decoder) voiceover(f field, p *Project) Voiceover {
	v := Voiceover{At: AudioPos{Pos: d.pos(f.val, f.path+".at")}}
	m, ok := d.mapping(f.val, f.path, voiceoverKeys)
	if !ok {
		return v
	}
	v.AudioSource = d.audioSource(f, m)
	if at, ok := m["at"]; ok {
		v.At = d.audioPos(at, p)
	}
	if dur, ok := m["duration"]; ok {
		v.Duration, _ = d.length(dur)
	} else if v.Synth != "" {
		d.errorf(f.val, f.path, "a synth voice-over needs a duration (e.g. duration: 3s)")
	}
	return v
}

// audioSource decodes the source or synth, trim and volume of a bed or a
// voice-over (f is the whole item).
func (d *decoder) audioSource(f field, m fields) AudioSource {
	s := AudioSource{ItemPos: d.pos(f.val, f.path), VolPos: d.pos(f.val, f.path+".volume")}
	src, hasSrc := m["source"]
	syn, hasSyn := m["synth"]
	switch {
	case hasSrc && hasSyn:
		d.errorf(syn.key, f.path, "give either a source or a synth, not both (source at line %d)", src.key.Line)
	case hasSrc:
		s.Pos = d.pos(src.val, src.path)
		if name, ok := d.nonEmpty(src); ok {
			s.File = d.inputFile(src, InputAudio, name)
			d.checkSource(src, name, s.File)
		}
	case hasSyn:
		s.Pos = d.pos(syn.val, syn.path)
		s.Synth, _ = d.enum(syn, "synth", Synths)
	default:
		d.errorf(f.val, f.path, "needs a source (an audio file, or a video with sound) or a synth (%s)", joinNames(Synths))
	}
	if v, ok := m["trim"]; ok {
		s.Trim = d.trim(v)
		if hasSyn && !hasSrc {
			d.errorf(v.key, v.path, "trim applies to a source file, not to a synth")
		}
	}
	if v, ok := m["volume"]; ok {
		vol := d.volume(v)
		if vol.Mute {
			d.errorf(v.val, v.path, "mute is for scenes; to silence this track, remove it")
		}
		s.Volume, s.VolPos = vol.DB, vol.Pos
	}
	return s
}
