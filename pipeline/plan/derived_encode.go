package plan

import (
	"strconv"

	"github.com/reel-film/reel/config"
)

// The encoder settings of a derived rendition: config's Encoding (the
// table every rendition reads), the sound's encoder, and the muxer of each
// container.

// proresProfiles are prores_ks's profile numbers.
var proresProfiles = map[string]string{"proxy": "0", "lt": "1", "standard": "2", "hq": "3", "4444": "4"}

// renditionVideoArgs are the video encoder arguments of o (not a GIF),
// tagged BT.709 TV range, with threads encoder threads.
func renditionVideoArgs(o config.Output, threads string) []string {
	e := o.Encoding()
	args := []string{"-c:v", e.Encoder}
	if e.Preset != "" {
		args = append(args, "-preset", e.Preset)
	}
	switch {
	case e.Bitrate > 0:
		args = append(args, "-b:v", strconv.FormatInt(e.Bitrate, 10))
	case e.CRF >= 0 && e.Encoder == "libvpx-vp9":
		args = append(args, "-b:v", "0", "-crf", strconv.Itoa(e.CRF)) // constant quality
	case e.CRF >= 0:
		args = append(args, "-crf", strconv.Itoa(e.CRF))
	}
	switch e.Encoder {
	case "libx265":
		args = append(args, "-x265-params", "log-level=error:pools="+threads+":frame-threads="+threads, "-tag:v", "hvc1")
	case "libsvtav1":
		args = append(args, "-svtav1-params", "lp="+threads)
	case "libvpx-vp9":
		args = append(args, "-deadline", e.Deadline, "-cpu-used", strconv.Itoa(e.CPUUsed), "-row-mt", "1", "-threads", threads)
	case "prores_ks":
		args = append(args, "-profile:v", proresProfiles[e.Profile], "-vendor", "apl0", "-threads", threads)
	default:
		args = append(args, "-threads", threads)
	}
	return append(args, "-pix_fmt", e.PixFmt,
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv")
}

// renditionAudioArgs are the encoder arguments of a sound codec (config's
// AudioEncoders), at 48 kHz stereo. AAC's noise substitution and intensity
// stereo stay off, as in the film's own mix (audio.go).
func renditionAudioArgs(codec string) []string {
	a := []string{"-c:a", config.AudioEncoders[codec]}
	switch codec {
	case "aac":
		a = append(a, "-b:a", "192k", "-aac_pns", "0", "-aac_is", "0")
	case "opus":
		a = append(a, "-b:a", "160k")
	case "mp3":
		a = append(a, "-b:a", "192k")
	}
	return append(a, "-ar", "48000", "-ac", "2")
}

// renditionMuxer chooses the muxer of o (a temporary name has no
// extension to go by).
func renditionMuxer(o config.Output) []string {
	switch o.Container {
	case "mov":
		return []string{"-movflags", "+faststart", "-f", "mov"}
	case "mkv":
		return []string{"-f", "matroska"}
	case "gif":
		return []string{"-loop", "0", "-f", "gif"}
	case "m4a":
		return []string{"-movflags", "+faststart", "-f", "ipod"}
	case "webm", "mp3", "wav", "opus", "flac":
		return []string{"-f", o.Container}
	}
	return []string{"-movflags", "+faststart", "-f", "mp4"}
}
