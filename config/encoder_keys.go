package config

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/internal/quote"
)

// Limits of the encoder keys.
const (
	maxCRFVP9AV1 = 63 // libvpx-vp9 and SVT-AV1 take crf 0..63
	maxSVTPreset = 13 // SVT-AV1 presets: 0 (slowest) to 13 (fastest)
)

// noRateControl explains why a codec takes no preset, crf or bitrate.
var noRateControl = map[string]string{
	"prores": "ProRes has a fixed rate per profile, so profile sets its quality (proxy, lt, standard, hq, 4444)",
	"gif":    "a GIF is lossless within a palette made for the clip",
}

// encoding decodes quality, preset, crf, bitrate and profile, each checked
// against the output's codec.
func (d *decoder) encoding(m fields, o *Output) {
	if v, ok := m["quality"]; ok {
		if why, no := noRateControl[o.Codec]; no {
			d.errorf(v.key, v.path, "quality does not apply to %s: %s; remove it", o.Codec, why)
		} else {
			o.Quality, _ = d.enum(v, "quality", Qualities)
		}
	}
	crf, hasCRF := m["crf"]
	rate, hasRate := m["bitrate"]
	if hasCRF {
		o.Bitrate = 0 // not the first output's
		d.crf(crf, o)
	}
	if hasRate {
		o.CRF = -1
		d.bitrateKey(rate, o)
	}
	if _, no := noRateControl[o.Codec]; hasCRF && hasRate && !no {
		d.errorf(rate.key, rate.path, "give crf (a constant quality) or bitrate (a size per second), not both (crf at line %d)", crf.key.Line)
	}
	if v, ok := m["preset"]; ok {
		d.preset(v, o)
	}
	if v, ok := m["profile"]; ok {
		if o.Codec != "prores" {
			d.errorf(v.key, v.path, "profile applies to prores only (%s); remove it, or write codec: prores in a .mov or .mkv file", o.Codec)
		} else {
			o.Profile, _ = d.enum(v, "ProRes profile", Profiles)
		}
	}
}

// preset decodes an encoder preset: an x264/x265 name, or an SVT-AV1 number.
func (d *decoder) preset(f field, o *Output) {
	switch o.Codec {
	case "h264", "h265", "":
		o.Preset, _ = d.enum(f, "preset", Presets)
	case "av1":
		s, ok := d.str(f)
		if !ok {
			return
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 || v > maxSVTPreset {
			d.errorf(f.val, f.path, "av1 presets are SVT-AV1's numbers from 0 (slowest, smallest file) to %d (fastest), found %s; quality picks one (draft 12, standard 10, high 6)", maxSVTPreset, quote.Short(s, quote.MaxValue))
			return
		}
		o.Preset = strconv.Itoa(v)
	case "vp9":
		d.errorf(f.key, f.path, "vp9 has no preset: its speed follows quality (draft, standard, high); remove preset")
	default:
		d.errorf(f.key, f.path, "%s has no preset: %s; remove it", o.Codec, noRateControl[o.Codec])
	}
}

// crf decodes the constant rate factor, in the codec's range.
func (d *decoder) crf(f field, o *Output) {
	if why, no := noRateControl[o.Codec]; no {
		d.errorf(f.key, f.path, "%s has no crf: %s; remove it", o.Codec, why)
		return
	}
	n, ok := d.integer(f)
	if !ok {
		return
	}
	switch top := maxCRFOf(o.Codec); {
	case n >= 0 && n <= top:
		o.CRF = n
	case top == maxCRF:
		d.errorf(f.val, f.path, "crf %d is out of range (0..%d; lower is better quality)", n, top)
	default:
		d.errorf(f.val, f.path, "crf %d is out of range for %s (0..%d; lower is better quality)", n, o.Codec, top)
	}
}

// maxCRFOf is the highest crf of a codec's encoder.
func maxCRFOf(codec string) int {
	if codec == "vp9" || codec == "av1" {
		return maxCRFVP9AV1
	}
	return maxCRF
}

// bitrateKey decodes the video bitrate.
func (d *decoder) bitrateKey(f field, o *Output) {
	if why, no := noRateControl[o.Codec]; no {
		d.errorf(f.key, f.path, "%s has no bitrate: %s; remove it", o.Codec, why)
		return
	}
	s, ok := d.text(f, "a bitrate like 8M, 2500k or 800000")
	if !ok {
		return
	}
	v, err := ParseBitrate(s)
	if err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return
	}
	o.Bitrate = v
}

// FormatBitrate writes bits per second the way the project file does
// (8M, 2500k, 800).
func FormatBitrate(v int64) string {
	switch {
	case v%1_000_000 == 0:
		return fmt.Sprintf("%dM", v/1_000_000)
	case v%1000 == 0:
		return fmt.Sprintf("%dk", v/1000)
	}
	return strconv.FormatInt(v, 10)
}
