package audio

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// The built-in synths, as aevalsrc expressions of t (seconds). Both are
// endless and periodic, so a span of any length is cut from them; both are
// generated inside the mix's filter graph, so reel ships no media.
var synths = map[string]string{
	// pad: a music bed in A minor: a drone on A2 with its fifth and octave
	// under a slow tremolo, and an arpeggio of plucked notes, two a second,
	// over an 8-note pattern (4 s). Each pluck starts from zero and decays
	// to zero before the next one, so the notes never click.
	"pad": "st(0,t-floor(2*t)/2);st(1,mod(floor(2*t),8));" +
		"0.08*(sin(2*PI*110*t)+0.5*sin(2*PI*165*t)+0.3*sin(2*PI*220.5*t))*(1+0.25*sin(2*PI*0.25*t))" +
		"+0.12*min(1,ld(0)/0.01)*(1-pow(ld(0)*2,4))*exp(-5*ld(0))" +
		"*sin(2*PI*220*pow(2,(3*eq(ld(1),1)+7*eq(ld(1),2)+10*eq(ld(1),3)+12*eq(ld(1),4)+10*eq(ld(1),5)+7*eq(ld(1),6)+3*eq(ld(1),7))/12)*ld(0))",
	// voice: a stand-in for narration: a buzzy 150 Hz voice with a gentle
	// intonation, five syllables a second in 1.2 s words with 0.4 s pauses.
	// Syllables and words start and end where the envelope is zero.
	"voice": "st(0,2*PI*(150*t-3.18*cos(3.77*t)));" +
		"0.22*lt(mod(t,1.6),1.2)*pow(sin(5*PI*t),2)" +
		"*(sin(ld(0))+0.6*sin(2*ld(0))+0.4*(1+sin(7*t))*sin(3*ld(0))+0.25*sin(4*ld(0)))",
}

// Synth returns the source chain of a built-in synth at 48 kHz stereo
// (the same signal in both channels), endless.
func Synth(name string) ([]ffmpeg.Filter, error) {
	expr, ok := synths[name]
	if !ok {
		return nil, fmt.Errorf("audio: unknown synth %q", name)
	}
	return []ffmpeg.Filter{
		ffmpeg.F("aevalsrc", "exprs", expr, "s", strconv.Itoa(SampleRate)),
		ffmpeg.F("pan", "", "stereo|c0=c0|c1=c0"),
		ffmpeg.F("aformat", "sample_fmts", "fltp", "channel_layouts", "stereo"),
	}, nil
}
