package audio

import (
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// loudnessRange is loudnorm's LRA target, at its maximum. In linear mode
// loudnorm falls back to dynamic compression when the measured range
// exceeds this target (or one gain would push the true peak over the
// limit); we want one gain for the whole film, keeping its dynamics, so
// only the true peak may force the fallback.
const loudnessRange = "50"

// CodecHeadroom is how far under the requested true peak the mix is
// normalised: the lossy encoder's reconstruction overshoots the peaks of
// its input by a fraction of a dB.
const CodecHeadroom = 0.5

// Measured are the names of the first pass's results that the second pass
// reads, as {{name}} placeholders filled by the executor from ebur128's
// summary (see pipeline/exec).
var Measured = []string{"input_i", "input_tp", "input_lra", "input_thresh"}

// MeasureFormat tells the executor how to read the measuring pass.
const MeasureFormat = "ebur128"

// MeasureLoudness is the first pass of EBU R128 normalisation: the ebur128
// analysis with true peak, whose summary ends the run. It measures what
// loudnorm's own analysis measures at a third of the cost (loudnorm works at
// 192 kHz throughout); frame logging is moved to verbose so only the
// summary is printed at log level info.
func MeasureLoudness() ffmpeg.Filter {
	return ffmpeg.F("ebur128", "peak", "true", "framelog", "verbose")
}

// Pilot is a 1 kHz tone at about -60 LUFS that the measuring pass adds to
// the mix (Sum with duration first). A film whose sound is all digital
// silence would otherwise measure -inf LUFS, which the second pass cannot
// take; the tone moves the measure of anything louder than -40 LUFS by
// under 0.05 dB, and the second pass, without it, keeps silence silent.
func Pilot() []ffmpeg.Filter {
	return []ffmpeg.Filter{
		ffmpeg.F("sine", "f", "1000", "r", strconv.Itoa(SampleRate)),
		ffmpeg.F("volume", "volume", "-41.3dB"),
		ffmpeg.F("pan", "", "stereo|c0=c0|c1=c0"),
		ffmpeg.F("aformat", "sample_fmts", "fltp", "channel_layouts", "stereo"),
	}
}

// SumFirst adds n tracks for as long as the first one lasts.
func SumFirst(n int) ffmpeg.Filter {
	return ffmpeg.F("amix", "inputs", strconv.Itoa(n), "duration", "first", "normalize", "0")
}

// peak is the true-peak limit given to loudnorm: the requested one less the
// codec's headroom, within loudnorm's range.
func peak(truePeak float64) string { return num(max(truePeak-CodecHeadroom, -9)) }

// ApplyLoudness is the second pass: one linear gain from the measured
// values, then back from loudnorm's 192 kHz to 48 kHz stereo.
func ApplyLoudness(target, truePeak float64) []ffmpeg.Filter {
	return []ffmpeg.Filter{
		ffmpeg.F("loudnorm", "I", num(target), "TP", peak(truePeak), "LRA", loudnessRange,
			"measured_I", "{{input_i}}", "measured_TP", "{{input_tp}}", "measured_LRA", "{{input_lra}}",
			"measured_thresh", "{{input_thresh}}",
			"linear", "true", "print_format", "none"),
		ffmpeg.F("aresample", "osr", strconv.Itoa(SampleRate)),
		ffmpeg.F("aformat", "sample_fmts", "fltp", "channel_layouts", "stereo"),
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
