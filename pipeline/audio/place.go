package audio

import (
	"fmt"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// Placement puts a conformed track on the timeline. Every value is in
// samples at 48 kHz, so nothing drifts.
type Placement struct {
	Source  int64   // samples of the source to use (its trim); 0: all it gives
	Loop    bool    // repeat those Source samples endlessly (needs Source > 0)
	Start   int64   // first sample on the timeline
	Length  int64   // samples it lasts on the timeline
	Total   int64   // the timeline's length: the result has exactly this many samples
	FadeIn  int64   // samples of fade from silence at the start
	FadeOut int64   // samples of fade to silence at the end
	GainDB  float64 // volume change
}

// Place returns the chain that trims, loops, fades, amplifies and delays a
// track, then pads it with silence to exactly Total samples.
func Place(p Placement) []ffmpeg.Filter {
	var fs []ffmpeg.Filter
	if p.Source > 0 {
		fs = append(fs, ffmpeg.F("atrim", "end_sample", itoa(p.Source)), ffmpeg.F("asetpts", "", "N/SR/TB"))
		if p.Loop {
			fs = append(fs, ffmpeg.F("aloop", "loop", "-1", "size", itoa(p.Source)))
		}
	}
	fs = append(fs, ffmpeg.F("atrim", "end_sample", itoa(p.Length)))
	if p.FadeIn > 0 {
		fs = append(fs, ffmpeg.F("afade", "t", "in", "ss", "0", "ns", itoa(p.FadeIn)))
	}
	if p.FadeOut > 0 {
		fs = append(fs, ffmpeg.F("afade", "t", "out", "ss", itoa(p.Length-p.FadeOut), "ns", itoa(p.FadeOut)))
	}
	if p.GainDB != 0 {
		fs = append(fs, ffmpeg.F("volume", "volume", fmt.Sprintf("%gdB", p.GainDB)))
	}
	if p.Start > 0 {
		fs = append(fs, ffmpeg.F("adelay", "delays", itoa(p.Start)+"S", "all", "1"))
	}
	return append(fs,
		ffmpeg.F("apad", "whole_len", itoa(p.Total)),
		ffmpeg.F("atrim", "end_sample", itoa(p.Total)),
		ffmpeg.F("asetpts", "", "N/SR/TB"))
}
