package config

import (
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/frac"
)

// GIF limits and defaults.
const (
	// maxGIFFPS is the fastest GIF: its frame delays count hundredths of
	// a second, and browsers play a delay under 2 hundredths as 10.
	maxGIFFPS = 50
	// DefaultGIFSide is the longest side of a GIF that gives no size (the
	// film's frame scaled down, its aspect kept).
	DefaultGIFSide = 480
)

// DefaultGIFFPS is the frame rate of a GIF that gives none, when the film's
// is higher (a GIF at the film's 30 fps is large for little gain).
var DefaultGIFFPS = frac.New(12, 1)

// codec decodes the codec key, or sets the default: the first output's
// codec for a file of the same container, else the container's own.
func (d *decoder) codec(m fields, o *Output, first *Output, format Format, known bool) {
	v, ok := m["codec"]
	if !ok {
		if known && (first == nil || first.Container != format.Ext[1:]) {
			o.Codec = format.Default
		}
		return
	}
	if known && format.Default == "" {
		return // audio only: reported with the other picture keys
	}
	c, ok := d.enum(v, "codec", append(slices.Clip(Codecs), "avc", "hevc"))
	if !ok {
		return
	}
	if alias, ok := codecAliases[c]; ok {
		c = alias
	}
	o.Codec = c
	if known && !slices.Contains(format.Codecs, c) {
		d.errorf(v.val, v.path, "%s video cannot go in a %s file (FFmpeg writes it into %s only): change the path's extension to %s, or use a codec a %s file takes (%s)",
			c, format.Ext, strings.Join(containersOf(c), ", "), containersOf(c)[0], format.Ext, strings.Join(format.Codecs, ", "))
	}
}

// audioOnly reports the picture keys written on an audio-only output and
// clears its picture.
func (d *decoder) audioOnly(m fields, o *Output, format Format) {
	for _, k := range pictureKeys {
		if v, ok := m[k]; ok {
			d.errorf(v.key, v.path, "%s does not apply to an audio-only file (%s, whose sound is %s): remove it, or write a video file (such as .mp4)", k, format.Ext, format.Audio[""])
		}
	}
	o.Codec, o.Width, o.Height, o.Fit = "", 0, 0, ""
	o.Quality, o.Preset, o.CRF, o.Bitrate, o.Profile = "", "", -1, 0, ""
}

// picture decodes the keys of a video output: size, fps, fit and the
// encoder's. Values the first output set for another codec are not taken.
func (d *decoder) picture(m fields, o *Output, first *Output) {
	gif := o.Codec == "gif"
	if v, ok := m["size"]; ok {
		o.Width, o.Height = d.size(v)
	} else if gif && first != nil {
		o.Width, o.Height = gifSize(first.Width, first.Height)
	}
	if v, ok := m["fps"]; ok {
		o.FPS = d.frameRate(v)
		if gif && o.FPS.Num > maxGIFFPS*o.FPS.Den {
			d.errorf(v.val, v.path, "a GIF plays at most %d frames a second (its frame delays count hundredths of a second, and browsers play delays under 2 hundredths slower); write fps: %d or less, such as 25 or 12", maxGIFFPS, maxGIFFPS)
		}
	} else if gif && first != nil && first.FPS.Num > DefaultGIFFPS.Num*first.FPS.Den {
		o.FPS = DefaultGIFFPS
	}
	if v, ok := m["fit"]; ok {
		if first == nil {
			d.errorf(v.key, v.path, "the first output is the film's own frame, so fit does not apply to it; to fit the clips into it, write fit at the top level or on a scene")
		} else {
			o.Fit, _ = d.enum(v, "fit", Fits)
		}
	}
	if first == nil || o.Codec != first.Codec {
		o.Preset, o.CRF, o.Bitrate, o.Profile = "", -1, 0, ""
	}
	d.encoding(m, o)
	if o.Codec == "prores" && o.Profile == "" {
		o.Profile = DefaultProfile
	}
	d.minSide(m, o)
}

// minSide reports a size too small for the codec's encoder (h265, av1),
// when this output writes the size or the codec (else the first output's
// report covers it).
func (d *decoder) minSide(m fields, o *Output) {
	least := minSideOf(o.Codec)
	side := min(o.Width, o.Height)
	if least == 0 || side < minSide || side >= least {
		return
	}
	why := "libx265 corrupts its memory and crashes on smaller frames, such as 34x64"
	if o.Codec == "av1" {
		why = "SVT-AV1 refuses smaller frames"
	}
	for _, k := range []string{"size", "codec"} {
		if v, ok := m[k]; ok {
			d.errorf(v.val, v.path, "%dx%d is too small for %s: each side must be at least %d (%s); use h264, or a larger size", o.Width, o.Height, o.Codec, least, why)
			return
		}
	}
}

// gifSize is the default size of a GIF made from a film of w x h: the
// film's frame with its longest side at most DefaultGIFSide, sides even.
func gifSize(w, h int) (int, int) {
	long := max(w, h)
	if long <= DefaultGIFSide {
		return w, h
	}
	even := func(v int) int { return max(minSide, 2*((v*DefaultGIFSide+long)/(2*long))) }
	return even(w), even(h)
}
