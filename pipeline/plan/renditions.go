package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
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

// segmented says whether o is made from the scene and transition jobs'
// segments: a video of the whole film at its frame rate (the others, a
// range, another rate or a GIF, are derived from the first rendition's
// finished film).
func segmented(o config.Output, film config.Output) bool {
	return !o.AudioOnly() && o.Codec != "gif" && o.Range == nil && (o.FPS.IsZero() || o.FPS == film.FPS)
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
		if o.AudioOnly() || segmented(o, film) {
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

// audioCodec is the audio codec of o: the one it names, or what its
// container takes (PCM for ProRes in MOV); "" for no sound (a GIF).
func audioCodec(o config.Output) string {
	if o.Codec == "gif" || o.Audio == "none" {
		return ""
	}
	switch o.Container {
	case "webm", "opus":
		return "opus"
	case "wav":
		return "pcm"
	case "mp3":
		return "mp3"
	}
	if o.Codec == "prores" {
		return "pcm"
	}
	if o.Audio != "" {
		return o.Audio
	}
	return "aac"
}

func newSound(codec string) *sound {
	switch codec {
	case "opus":
		return &sound{codec, ".ogg", "ogg"}
	case "pcm":
		return &sound{codec, ".wav", "wav"}
	case "mp3":
		return &sound{codec, ".mp3", "mp3"}
	}
	return &sound{"aac", ".m4a", "mp4"}
}

// args are the encoder arguments of the sound's stream. AAC: the encoder's
// noise substitution (PNS) and intensity stereo, tools for low bit rates,
// redraw noise-like bands with new phases: limited percussion then peaked
// up to 1.7 dB over its limit once decoded (0.1 dB with both off; decision
// 0005).
func (s *sound) args() []string {
	var a []string
	switch s.codec {
	case "opus":
		a = []string{"-c:a", "libopus", "-b:a", "160k"}
	case "pcm":
		a = []string{"-c:a", "pcm_s16le"}
	case "mp3":
		a = []string{"-c:a", "libmp3lame", "-b:a", "192k"}
	default:
		a = []string{"-c:a", "aac", "-b:a", "192k", "-aac_pns", "0", "-aac_is", "0"}
	}
	return append(a, "-ar", "48000", "-ac", "2", "-f", s.format)
}

// proresProfiles are prores_ks's profile numbers.
var proresProfiles = map[string]string{"proxy": "0", "lt": "1", "standard": "2", "hq": "3", "4444": "4"}

// videoQuality are the defaults of the codecs the config's table does not
// cover: VP9's CRF and speed (-cpu-used), SVT-AV1's CRF and preset.
var videoQuality = map[string]map[string][2]string{
	"vp9": {"draft": {"40", "8"}, "standard": {"33", "5"}, "high": {"28", "2"}},
	"av1": {"draft": {"40", "12"}, "standard": {"32", "8"}, "high": {"26", "5"}},
}

// codecSettings are o's CRF and preset (speed) for VP9 and AV1.
func codecSettings(o config.Output) (crf, preset string) {
	q, ok := videoQuality[o.Codec][o.Quality]
	if !ok {
		q = videoQuality[o.Codec][config.DefaultQuality]
	}
	crf, preset = q[0], q[1]
	if o.CRF >= 0 {
		crf = fmt.Sprint(o.CRF)
	}
	if o.Preset != "" {
		preset = o.Preset
	}
	return crf, preset
}

// encoderArgs are the encoder settings of o's segments, identical for
// every segment so that they join by stream copy, tagged BT.709 TV range;
// threads is the reference to the job's thread count ("" in signatures).
func encoderArgs(o config.Output, threads string) []string {
	var args []string
	rate := func(crfOpt, crf string) []string {
		if o.Bitrate > 0 {
			return []string{"-b:v", fmt.Sprint(o.Bitrate)}
		}
		return []string{crfOpt, crf}
	}
	pix := "yuv420p"
	switch o.Codec {
	case "h265":
		preset, crf := o.EncoderSettings()
		args = append(args, "-c:v", "libx265", "-preset", preset)
		args = append(args, rate("-crf", fmt.Sprint(crf))...)
		args = append(args, "-x265-params", "log-level=error:pools="+threads+":frame-threads="+threads, "-tag:v", "hvc1")
	case "prores":
		prof, ok := proresProfiles[o.Profile]
		if !ok {
			prof = proresProfiles["hq"]
		}
		pix = "yuv422p10le"
		if prof == "4" {
			pix = "yuva444p10le"
		}
		args = append(args, "-c:v", "prores_ks", "-profile:v", prof, "-vendor", "apl0", "-threads", threads)
	case "vp9":
		crf, speed := codecSettings(o)
		args = append(args, "-c:v", "libvpx-vp9")
		if o.Bitrate > 0 {
			args = append(args, "-b:v", fmt.Sprint(o.Bitrate))
		} else {
			args = append(args, "-b:v", "0", "-crf", crf)
		}
		args = append(args, "-row-mt", "1", "-deadline", "good", "-cpu-used", speed, "-threads", threads)
	case "av1":
		crf, preset := codecSettings(o)
		args = append(args, "-c:v", "libsvtav1", "-preset", preset)
		args = append(args, rate("-crf", crf)...)
		args = append(args, "-svtav1-params", "lp="+threads)
	default:
		preset, crf := o.EncoderSettings()
		args = append(args, "-c:v", "libx264", "-preset", preset)
		args = append(args, rate("-crf", fmt.Sprint(crf))...)
		args = append(args, "-threads", threads)
	}
	return append(args, "-pix_fmt", pix,
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
