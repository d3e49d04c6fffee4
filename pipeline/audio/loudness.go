package audio

import (
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// CodecHeadroom is how far under the requested true peak the limiter holds
// the mix: the lossy encoder's reconstruction overshoots the peaks of its
// input by a fraction of a dB.
const CodecHeadroom = 0.5

// The placeholders of the loudness passes, filled by the executor: {{gain}}
// is the linear gain in dB, {{limiter}} a filter chain (anull, or Limiter's
// chain when the gain would push the true peak over the ceiling).
const (
	GainValue    = "gain"
	LimiterValue = "limiter"
)

// MeasureFormat tells the executor how to read the measuring pass: the
// ebur128 summary.
const MeasureFormat = "ebur128"

// NoLimiter is the value of {{limiter}} when no limiting is needed: a
// filter that passes every sample through unchanged.
const NoLimiter = "anull"

// limiterRate is the rate the limiter works at: four times the mix's, so
// that the peaks it holds are the true (inter-sample) peaks, as ebur128
// measures them by 4x oversampling.
const limiterRate = 4 * SampleRate

// HotOffset is how far the measuring pass's second analysis lowers the mix.
// ebur128 bins block loudness from -70 to +10 LUFS and clamps beyond, so
// a mix measuring louder than -10 LUFS (a clip at +23 dB) is measured
// again 40 dB down, which reads correctly up to +50 LUFS.
const HotOffset = 40.0

// HotFrom is the loudness from which the lowered analysis is used.
const HotFrom = -10.0

// MeasureLoudness is the measuring pass: the mix with {{gain}} and
// {{limiter}} applied (0 dB and anull for the first measurement), split
// into the ebur128 analysis with true peak (the first output) and, lowered
// by HotOffset, one without (the second): each prints its summary when
// the run ends. Frame logging is moved to verbose so only the summaries
// are printed at log level info.
func MeasureLoudness() (mix, peak, hot []ffmpeg.Filter) {
	mix = append(gainAndLimiter(), ffmpeg.F("asplit", "outputs", "2"))
	peak = []ffmpeg.Filter{ffmpeg.F("ebur128", "peak", "true", "framelog", "verbose")}
	hot = []ffmpeg.Filter{ffmpeg.F("volume", "volume", strconv.FormatFloat(-HotOffset, 'f', -1, 64)+"dB", "precision", "float"),
		ffmpeg.F("ebur128", "framelog", "verbose")}
	return mix, peak, hot
}

// ApplyLoudness is the second pass: one linear gain from the measurement
// and, only where that gain needs it, the true-peak limiter.
func ApplyLoudness() []ffmpeg.Filter {
	return append(gainAndLimiter(), ffmpeg.F("aformat", "sample_fmts", "fltp", "channel_layouts", "stereo"))
}

// gainAndLimiter is the volume filter and the limiter's placeholder (a
// filter name the executor replaces with a chain of filters).
func gainAndLimiter() []ffmpeg.Filter {
	return []ffmpeg.Filter{
		ffmpeg.F("volume", "volume", "{{"+GainValue+"}}dB", "precision", "float"),
		{Name: "{{" + LimiterValue + "}}"},
	}
}

// Limiter is the chain that holds the true peak at limitDB dBTP (alimiter
// takes -24 to 0 dB; the ceiling's range, -9 to 0 dBTP, is inside): the mix
// at four times its rate through alimiter, and back to 48 kHz. alimiter's
// automatic level (on by default in FFmpeg 5.1, which raises the whole mix
// back towards 0 dBFS) is off, its delay is compensated (latency), so
// every sample keeps its time, and its auto-release (asc) is off. A 5 ms
// look-ahead attack and a 50 ms release lower the peaks, not the phrase
// around them.
func Limiter(limitDB float64) string {
	fs := []ffmpeg.Filter{
		ffmpeg.F("aresample", "osr", strconv.Itoa(limiterRate)),
		ffmpeg.F("alimiter", "limit", strconv.FormatFloat(dbToLinear(limitDB), 'f', 6, 64),
			"attack", "5", "release", "50", "asc", "false", "level", "false", "latency", "true"),
		ffmpeg.F("aresample", "osr", strconv.Itoa(SampleRate)),
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.String()
	}
	return strings.Join(parts, ",")
}

// GainString is the value of {{gain}}: dB with two decimals.
func GainString(db float64) string { return strconv.FormatFloat(db, 'f', 2, 64) }
