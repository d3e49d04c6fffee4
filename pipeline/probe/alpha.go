package probe

import "strings"

// alphaPrefixes are the pixel formats (libavutil names) that carry an alpha
// channel: packed and planar RGB, YUV and grey with alpha. pal8 is counted:
// its palette entries have alpha (a PNG with a tRNS chunk decodes to it).
var alphaPrefixes = []string{"rgba", "bgra", "argb", "abgr", "gbrap", "yuva", "ya8", "ya16", "ayuv", "vuya", "pal8"}

// hasAlpha reports whether frames of pixel format pixFmt can be transparent.
func hasAlpha(pixFmt string) bool {
	for _, p := range alphaPrefixes {
		if strings.HasPrefix(pixFmt, p) {
			return true
		}
	}
	return false
}

// alphaDecoders are the decoders that read the alpha channel WebM keeps
// beside VP8 and VP9 pictures (Matroska BlockAdditional, flagged by the
// alpha_mode tag). FFmpeg's own vp8 and vp9 decoders ignore it, and ffprobe
// then reports a format without alpha.
var alphaDecoders = map[string]string{"vp8": "libvpx", "vp9": "libvpx-vp9"}

// alpha sets v.Alpha and, where the default decoder would drop the alpha
// channel, v.Decoder.
func alpha(s rawStream, v *Video) {
	v.Alpha = hasAlpha(v.PixFmt)
	if dec, ok := alphaDecoders[v.Codec]; ok && (s.Tags["alpha_mode"] == "1" || s.Tags["ALPHA_MODE"] == "1") {
		v.Alpha, v.Decoder = true, dec
	}
}
