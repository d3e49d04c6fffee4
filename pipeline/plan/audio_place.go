package plan

import (
	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/audio"
	"github.com/reel-film/reel/pipeline/probe"
)

// cutFade is the fade given to a voice-over cut at the film's end, so the
// cut does not click: 10 ms.
const cutFade = 480

// bedTrack places a bed: from its start to its end, the film's end, or the
// end of its file when it does not loop; with its fades fitted inside.
func (b *builder) bedTrack(bed *config.Bed, media map[string]*probe.Info) (track, []string, *config.Error) {
	total := b.tl.Samples()
	start := b.at(bed.Start)
	if start >= total {
		return track{}, nil, bed.Start.Pos.Errorf("the bed starts at %.3fs, at or after the film's end (%.3fs)", secs(start), secs(total))
	}
	from, n, err := b.source(&bed.AudioSource, media)
	if err != nil {
		return track{}, nil, err
	}
	end := total
	if bed.End != nil {
		e := b.at(*bed.End)
		if e <= start {
			return track{}, nil, bed.End.Pos.Errorf("the bed ends at %.3fs, not after its start (%.3fs)", secs(e), secs(start))
		}
		end = min(end, e)
	}
	if n > 0 && !bed.Loop {
		end = min(end, start+n)
	}
	t := track{src: &bed.AudioSource, trimStart: from, duck: bed.Duck, place: audio.Placement{
		Source: n, Loop: bed.Loop && n > 0, Start: start, Length: end - start, Total: total,
		FadeIn: b.samples(bed.FadeIn), FadeOut: b.samples(bed.FadeOut), GainDB: bed.Volume,
	}}
	t.origin, t.seekBase = fileOrigin(&bed.AudioSource, media)
	var warns []string
	p := &t.place
	if x := b.samples(bed.LoopCrossfade); x > 0 {
		switch {
		case n == 0:
			warns = append(warns, bed.LoopPos.Errorf("loop_crossfade has no effect: a synth bed never ends, so it never loops").Error())
		case 2*x > n:
			return track{}, nil, bed.LoopPos.Errorf("loop_crossfade %s is longer than half of the %.3fs that loop; use at most %.3fs",
				bed.LoopCrossfade, secs(n), secs(n/2))
		default:
			p.LoopCrossfade = x
		}
	}
	if fades := p.FadeIn + p.FadeOut; fades > p.Length {
		warns = append(warns, bed.FadePos.Errorf("fade_in %s and fade_out %s last longer than the bed plays (%.3fs); both are shortened to fit",
			bed.FadeIn, bed.FadeOut, secs(p.Length)).Error())
		p.FadeIn = p.FadeIn * p.Length / fades
		p.FadeOut = p.Length - p.FadeIn
	}
	return t, warns, nil
}

// voiceTrack places a voice-over at its position; one that runs past the
// film's end is cut there (with a warning and a short fade).
func (b *builder) voiceTrack(vo *config.Voiceover, media map[string]*probe.Info) (track, []string, *config.Error) {
	total := b.tl.Samples()
	start := b.at(vo.At)
	if start >= total {
		return track{}, nil, vo.At.Pos.Errorf("the voice-over starts at %.3fs, at or after the film's end (%.3fs)", secs(start), secs(total))
	}
	from, n, err := b.source(&vo.AudioSource, media)
	if err != nil {
		return track{}, nil, err
	}
	length := n
	if vo.Duration != nil {
		d := b.samples(*vo.Duration)
		if n > 0 && d > n {
			return track{}, nil, vo.ItemPos.Errorf("duration %s is longer than the %.3fs of %s", vo.Duration, secs(n), vo.File)
		}
		length = d
	}
	t := track{src: &vo.AudioSource, trimStart: from, place: audio.Placement{
		Source: n, Start: start, Length: length, Total: total, GainDB: vo.Volume}}
	t.origin, t.seekBase = fileOrigin(&vo.AudioSource, media)
	var warns []string
	if over := start + length - total; over > 0 {
		warns = append(warns, vo.At.Pos.Errorf("the voice-over runs %.3fs past the film's end; it is cut there", secs(over)).Error())
		t.place.Length = total - start
		t.place.FadeOut = min(cutFade, t.place.Length)
	}
	return t, warns, nil
}
