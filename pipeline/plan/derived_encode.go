package plan

import (
	"strconv"

	"github.com/reel-film/reel/config"
)

// The encoder settings of a derived rendition. They are those of a
// segmented rendition of the same codec (the render-core branch's
// encoderArgs, audioCodec and containerArgs give the same values); when
// that lands, these three functions give way to it.

// renditionProRes are prores_ks's profile numbers.
var renditionProRes = map[string]string{"proxy": "0", "lt": "1", "standard": "2", "hq": "3", "4444": "4"}

// renditionQuality are the CRF and speed of the codecs config's table does
// not cover: VP9 (-cpu-used) and SVT-AV1 (-preset).
var renditionQuality = map[string]map[string][2]string{
	"vp9": {"draft": {"40", "8"}, "standard": {"33", "5"}, "high": {"28", "2"}},
	"av1": {"draft": {"40", "12"}, "standard": {"32", "8"}, "high": {"26", "5"}},
}

// renditionVideoArgs are the video encoder arguments of o (not a GIF),
// tagged BT.709 TV range, with threads encoder threads.
func renditionVideoArgs(o config.Output, threads string) []string {
	rate := func(crf string) []string {
		if o.Bitrate > 0 {
			return []string{"-b:v", strconv.FormatInt(o.Bitrate, 10)}
		}
		return []string{"-crf", crf}
	}
	var args []string
	switch o.Codec {
	case "h265":
		preset, crf := o.EncoderSettings()
		args = append([]string{"-c:v", "libx265", "-preset", preset}, rate(strconv.Itoa(crf))...)
		args = append(args, "-x265-params", "log-level=error:pools="+threads+":frame-threads="+threads, "-tag:v", "hvc1")
	case "prores":
		prof, ok := renditionProRes[o.Profile]
		if !ok {
			prof = renditionProRes["hq"]
		}
		args = []string{"-c:v", "prores_ks", "-profile:v", prof, "-vendor", "apl0", "-threads", threads}
	case "vp9":
		crf, speed := renditionSettings(o)
		args = []string{"-c:v", "libvpx-vp9", "-b:v", "0", "-crf", crf}
		if o.Bitrate > 0 {
			args = []string{"-c:v", "libvpx-vp9", "-b:v", strconv.FormatInt(o.Bitrate, 10)}
		}
		args = append(args, "-row-mt", "1", "-deadline", "good", "-cpu-used", speed, "-threads", threads)
	case "av1":
		crf, preset := renditionSettings(o)
		args = append([]string{"-c:v", "libsvtav1", "-preset", preset}, rate(crf)...)
		args = append(args, "-svtav1-params", "lp="+threads)
	default:
		preset, crf := o.EncoderSettings()
		args = append([]string{"-c:v", "libx264", "-preset", preset}, rate(strconv.Itoa(crf))...)
		args = append(args, "-threads", threads)
	}
	return append(args, "-pix_fmt", renditionPixFmt(o),
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv")
}

// renditionPixFmt is the pixel format o's encoder writes.
func renditionPixFmt(o config.Output) string {
	switch {
	case o.Codec == "prores" && o.Profile == "4444":
		return "yuv444p10le"
	case o.Codec == "prores":
		return "yuv422p10le"
	}
	return "yuv420p"
}

// renditionSettings are o's CRF and speed for VP9 and AV1.
func renditionSettings(o config.Output) (crf, speed string) {
	q, ok := renditionQuality[o.Codec][o.Quality]
	if !ok {
		q = renditionQuality[o.Codec][config.DefaultQuality]
	}
	crf, speed = q[0], q[1]
	if o.CRF >= 0 {
		crf = strconv.Itoa(o.CRF)
	}
	if o.Preset != "" {
		speed = o.Preset
	}
	return crf, speed
}

// renditionAudioCodec is o's audio codec: what its container takes (Opus
// in WebM, PCM with ProRes), else what it names (AAC by default); "" for
// no sound (a GIF, audio none).
func renditionAudioCodec(o config.Output) string {
	switch {
	case o.Codec == "gif" || o.Audio == "none":
		return ""
	case o.Container == "webm" || o.Container == "opus":
		return "opus"
	case o.Container == "wav":
		return "pcm"
	case o.Container == "mp3":
		return "mp3"
	case o.Codec == "prores":
		return "pcm"
	case o.Audio != "":
		return o.Audio
	}
	return "aac"
}

// renditionAudioArgs are the audio encoder arguments of codec, at 48 kHz
// stereo. AAC's noise substitution and intensity stereo stay off, as in
// the film's own mix (audio.go).
func renditionAudioArgs(codec string) []string {
	var a []string
	switch codec {
	case "opus":
		a = []string{"-c:a", "libopus", "-b:a", "160k"}
	case "pcm":
		a = []string{"-c:a", "pcm_s16le"}
	case "mp3":
		a = []string{"-c:a", "libmp3lame", "-b:a", "192k"}
	case "flac":
		a = []string{"-c:a", "flac"}
	default:
		a = []string{"-c:a", "aac", "-b:a", "192k", "-aac_pns", "0", "-aac_is", "0"}
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
	case "webm":
		return []string{"-f", "webm"}
	case "gif":
		return []string{"-loop", "0", "-f", "gif"}
	case "m4a":
		return []string{"-movflags", "+faststart", "-f", "ipod"}
	case "mp3", "wav", "opus":
		return []string{"-f", o.Container}
	}
	return []string{"-movflags", "+faststart", "-f", "mp4"}
}
