// Package audio builds the filters of the audio mix: conforming a track to
// 48 kHz stereo, placing it on the timeline in samples (trim, loop, fades,
// gain, delay), the built-in synths, ducking by sidechain compression, and
// two-pass EBU R128 loudness normalisation. It is pure: it only returns
// filters; pipeline/plan wires them into the one audio job.
package audio

import (
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// SampleRate is the rate of every track of the mix (the timeline's).
const SampleRate = 48000

// GapFill is the smallest jump in a track's timestamps, in seconds, that
// is filled with silence (or a step back that drops samples) so the sound
// after it stays where its timestamps put it, as players play it: recorders
// that drop sound leave such gaps. It is a third of a frame at 30 fps, ten
// times the rounding of Matroska's and FLV's millisecond timestamps; FFmpeg
// ignores gaps under 0.1 s by default, so a dropped AAC frame (21 ms) put
// everything after it out of sync.
const GapFill = "0.01"

// Conform brings a decoded track to 48 kHz stereo float starting at origin,
// a time in seconds among the file's own timestamps (the input is opened
// with -copyts): setpts puts time zero there, then first_pts=0 fills a late
// start with silence and drops whatever comes before zero (sound before the
// clip's pictures, the rest of a seek, encoder priming), and gaps of
// GapFill or more are filled.
func Conform(origin float64) []ffmpeg.Filter {
	var fs []ffmpeg.Filter
	switch {
	case origin > 0:
		fs = append(fs, ffmpeg.F("asetpts", "", "PTS-"+strconv.FormatFloat(origin, 'f', -1, 64)+"/TB"))
	case origin < 0:
		fs = append(fs, ffmpeg.F("asetpts", "", "PTS+"+strconv.FormatFloat(-origin, 'f', -1, 64)+"/TB"))
	}
	return append(fs,
		ffmpeg.F("aresample", "osr", strconv.Itoa(SampleRate), "first_pts", "0", "min_hard_comp", GapFill),
		ffmpeg.F("aformat", "sample_fmts", "fltp", "channel_layouts", "stereo"))
}

// Silence is n samples of digital silence at 48 kHz stereo.
func Silence(n int64) []ffmpeg.Filter {
	return []ffmpeg.Filter{
		ffmpeg.F("anullsrc", "r", strconv.Itoa(SampleRate), "cl", "stereo"),
		ffmpeg.F("atrim", "end_sample", itoa(n)),
	}
}

// Sum adds n tracks of equal length sample by sample (no scaling: the
// loudness stage sets the level of the whole).
func Sum(n int) ffmpeg.Filter {
	return ffmpeg.F("amix", "inputs", strconv.Itoa(n), "duration", "longest", "normalize", "0")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
