package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/probe"
)

// The renditions a render writes share its jobs. A segmented rendition (a
// video of the whole film at the film's frame rate) is made by the scene
// and transition jobs themselves: the composed film frame is split, fitted
// into the rendition's shape and encoded once per distinct encoding
// (renditions with the same size, fit, codec and settings share one). The
// audio job encodes the one mix once per distinct audio codec. Each
// rendition then has its own mux (ADR 0014).

// encoding is one distinct video encoding of the segments.
type encoding struct {
	id     string        // the segment file names' suffix ("" for the film's own)
	out    config.Output // its settings (the first rendition using it)
	ext    string        // the segments' container: .mp4 or .mov
	format string        // their muxer
}

// sound is one distinct audio stream of the mix.
type sound struct {
	codec  string // aac | opus | pcm | mp3
	ext    string // the stream's file: .m4a .ogg .wav .mp3
	format string // its muxer
}

// rendition is one output the plan writes, with what it is made of.
type rendition struct {
	out config.Output
	enc *encoding // nil: audio only
	snd *sound    // nil: no sound
}

// renditions sorts out the spec's outputs: the distinct encodings and
// sounds they need, in order of first use.
func (b *builder) renditions(outs []config.Output) []rendition {
	film := b.project.Output
	var rs []rendition
	encs := map[string]*encoding{}
	snds := map[string]*sound{}
	for _, o := range outs {
		r := rendition{out: o}
		if !Derived(o, film) {
			if !o.AudioOnly() {
				sig := encodingSig(o, film)
				if encs[sig] == nil {
					e := &encoding{out: o, ext: ".mp4", format: "mp4"}
					if o.Codec == "prores" {
						e.ext, e.format = ".mov", "mov"
					}
					// Names depend on the encoding alone, not on which
					// renditions a render selects: they are part of the keys.
					if sig != encodingSig(film, film) {
						e.id = fmt.Sprintf("%s-%dx%d-%s", o.Codec, o.Width, o.Height, shortHash(sig))
					}
					encs[sig] = e
					b.encs = append(b.encs, e)
				}
				r.enc = encs[sig]
			}
			if c := audioCodec(o); c != "" {
				if snds[c] == nil {
					snds[c] = newSound(c)
					b.sounds = append(b.sounds, snds[c])
				}
				r.snd = snds[c]
			}
		}
		rs = append(rs, r)
	}
	return rs
}

// encodingSig is what makes two renditions' segments differ: their shape
// (and how the film frame is fitted into it, when it is not the film's),
// the codec and its settings.
func encodingSig(o, film config.Output) string {
	fit := o.Fit
	if o.Width == film.Width && o.Height == film.Height {
		fit = ""
	}
	return strings.Join(encoderArgs(o, ""), " ") + fmt.Sprintf(" %dx%d fit=%s", o.Width, o.Height, fit)
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:3])
}

// audioCodec is the audio codec of o as the config resolved it (it
// follows the container: PCM for ProRes in MOV); "" for no sound (a GIF).
func audioCodec(o config.Output) string {
	if o.Codec == "gif" {
		return ""
	}
	return o.Audio
}

func newSound(codec string) *sound {
	switch codec {
	case "opus":
		return &sound{codec, ".ogg", "ogg"}
	case "pcm":
		return &sound{codec, ".wav", "wav"}
	case "mp3":
		return &sound{codec, ".mp3", "mp3"}
	case "flac":
		return &sound{codec, ".flac", "flac"}
	}
	return &sound{"aac", ".m4a", "mp4"}
}

// args are the encoder arguments of the sound's stream. AAC: the encoder's
// noise substitution (PNS) and intensity stereo, tools for low bit rates,
// redraw noise-like bands with new phases: limited percussion then peaked
// up to 1.7 dB over its limit once decoded (0.1 dB with both off; decision
// 0005).
func (s *sound) args() []string {
	return append(soundArgs(s.codec), "-f", s.format)
}

// soundArgs are the encoder arguments of a sound codec at 48 kHz stereo
// (see sound.args), without a muxer: a derived rendition's sound is muxed
// with its picture.
func soundArgs(codec string) []string {
	a := []string{"-c:a", config.AudioEncoders[codec]}
	switch codec {
	case "opus":
		a = append(a, "-b:a", "160k")
	case "mp3":
		a = append(a, "-b:a", "192k")
	case "aac":
		a = append(a, "-b:a", "192k", "-aac_pns", "0", "-aac_is", "0")
	}
	return append(a, "-ar", "48000", "-ac", "2")
}

// proresProfiles are prores_ks's profile numbers.
var proresProfiles = map[string]string{"proxy": "0", "lt": "1", "standard": "2", "hq": "3", "4444": "4"}

// encoderArgs are the encoder settings of o's segments (config's
// Encoding: its quality's row of config.EncoderTable and its own
// settings), identical for every segment so that they join by stream
// copy, tagged BT.709 TV range; threads is the reference to the job's
// thread count ("" in signatures).
func encoderArgs(o config.Output, threads string) []string {
	if o.Codec == "" { // an output made by hand reads as H.264
		o.Codec = config.DefaultCodec
	}
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
		args = append(args, "-row-mt", "1", "-deadline", e.Deadline, "-cpu-used", strconv.Itoa(e.CPUUsed), "-threads", threads)
	case "prores_ks":
		args = append(args, "-profile:v", proresProfiles[e.Profile], "-vendor", "apl0", "-threads", threads)
	default:
		args = append(args, "-threads", threads)
	}
	return append(args, "-pix_fmt", e.PixFmt,
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv")
}

// filmFrame describes the composed film frame to the fit builders: BT.709
// TV range 4:2:0 at the film's size.
func (b *builder) filmFrame() *probe.Video {
	return &probe.Video{Width: b.target.Width, Height: b.target.Height, PixFmt: "yuv420p", ColorSpace: "bt709", ColorRange: "tv"}
}

// encode adds to g what makes the film frames at lbl into encoding e's
// picture (the fit of the film frame into its shape, when it has another)
// and returns the label and the arguments that encode it to out.
func (b *builder) encode(g *ffmpeg.Graph, lbl string, e *encoding, out string) (string, []string) {
	o := e.out
	if o.Width != b.target.Width || o.Height != b.target.Height {
		fit := o.Fit
		if fit == "" {
			fit = b.project.Fit
		}
		t := conform.Target{Width: o.Width, Height: o.Height, FPS: b.target.FPS, Draft: b.target.Draft}
		lbl = conform.Fit(g, lbl, fit, t, b.filmFrame())
		f := g.Label("r")
		g.Chain([]string{lbl}, []ffmpeg.Filter{ffmpeg.F("setsar", "", "1")}, []string{f})
		lbl = f
	}
	if o.Codec == "prores" {
		// prores_ks writes the colour description of each frame, not the
		// encoder's options: tag the frames.
		f := g.Label("r")
		g.Chain([]string{lbl}, []ffmpeg.Filter{ffmpeg.F("setparams",
			"colorspace", "bt709", "color_primaries", "bt709", "color_trc", "bt709", "range", "tv")}, []string{f})
		lbl = f
	}
	args := encoderArgs(o, Threads)
	return lbl, append(append(args, "-f", e.format), out)
}

// segmentPath is the file of a segment named name in encoding e.
func (b *builder) segmentPath(name string, e *encoding) string {
	if e.id != "" {
		name += "-" + e.id
	}
	return filepath.Join(b.workDir, name+e.ext)
}
