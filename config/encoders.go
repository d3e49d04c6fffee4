package config

// Encoding is how an output's picture is encoded: the FFmpeg encoder and
// its settings, as the planner passes them.
type Encoding struct {
	Encoder string // libx264, libx265, prores_ks, libvpx-vp9, libsvtav1, gif
	Preset  string // -preset (x264/x265 names, SVT-AV1 0..13); "" for none
	CRF     int    // -crf; -1 for none (ProRes, GIF, or a Bitrate)
	// Bitrate is -b:v in bits per second; 0 for constant quality (pass
	// libvpx-vp9 -b:v 0 with its crf: constant quality, whatever the FFmpeg).
	Bitrate int64
	// Deadline and CPUUsed are libvpx-vp9's speed (-deadline, -cpu-used);
	// Deadline is "" for the other encoders.
	Deadline string
	CPUUsed  int
	Profile  string // prores_ks -profile:v: proxy, lt, standard, hq, 4444; "" for others
	// PixFmt is the encoded pixel format; "" for a GIF (a palette made for
	// the clip with palettegen and paletteuse).
	PixFmt string
}

// EncoderTable is what each quality means, per codec: the one table the
// planner and the documentation read.
var EncoderTable = map[string]map[string]Encoding{
	"h264": {
		"draft":    {Encoder: "libx264", Preset: "ultrafast", CRF: 28, PixFmt: "yuv420p"},
		"standard": {Encoder: "libx264", Preset: "veryfast", CRF: 21, PixFmt: "yuv420p"},
		"high":     {Encoder: "libx264", Preset: "slow", CRF: 18, PixFmt: "yuv420p"},
	},
	"h265": {
		"draft":    {Encoder: "libx265", Preset: "ultrafast", CRF: 30, PixFmt: "yuv420p"},
		"standard": {Encoder: "libx265", Preset: "veryfast", CRF: 26, PixFmt: "yuv420p"},
		"high":     {Encoder: "libx265", Preset: "slow", CRF: 22, PixFmt: "yuv420p"},
	},
	"vp9": {
		"draft":    {Encoder: "libvpx-vp9", CRF: 40, Deadline: "realtime", CPUUsed: 8, PixFmt: "yuv420p"},
		"standard": {Encoder: "libvpx-vp9", CRF: 33, Deadline: "good", CPUUsed: 4, PixFmt: "yuv420p"},
		"high":     {Encoder: "libvpx-vp9", CRF: 28, Deadline: "good", CPUUsed: 2, PixFmt: "yuv420p"},
	},
	"av1": {
		"draft":    {Encoder: "libsvtav1", Preset: "12", CRF: 40, PixFmt: "yuv420p"},
		"standard": {Encoder: "libsvtav1", Preset: "10", CRF: 35, PixFmt: "yuv420p"},
		"high":     {Encoder: "libsvtav1", Preset: "6", CRF: 28, PixFmt: "yuv420p"},
	},
	"prores": {
		"draft":    {Encoder: "prores_ks", CRF: -1, PixFmt: "yuv422p10le"},
		"standard": {Encoder: "prores_ks", CRF: -1, PixFmt: "yuv422p10le"},
		"high":     {Encoder: "prores_ks", CRF: -1, PixFmt: "yuv422p10le"},
	},
	"gif": {
		"draft":    {Encoder: "gif", CRF: -1},
		"standard": {Encoder: "gif", CRF: -1},
		"high":     {Encoder: "gif", CRF: -1},
	},
}

// Encoding returns the encoder settings of an output: its quality's row of
// EncoderTable, then the output's own preset, crf, bitrate and profile. An
// audio-only output has none (Encoder ""); an unknown codec reads as h264.
func (o Output) Encoding() Encoding {
	if o.AudioOnly() {
		return Encoding{CRF: -1}
	}
	byQuality, ok := EncoderTable[o.Codec]
	if !ok {
		byQuality = EncoderTable[DefaultCodec]
	}
	e, ok := byQuality[o.Quality]
	if !ok {
		e = byQuality[DefaultQuality]
	}
	if o.Preset != "" {
		e.Preset = o.Preset
	}
	if o.CRF >= 0 && e.CRF >= 0 {
		e.CRF = o.CRF
	}
	if o.Bitrate > 0 {
		e.Bitrate, e.CRF = o.Bitrate, -1
	}
	if o.Codec == "prores" {
		e.Profile = o.Profile
		if e.Profile == "" {
			e.Profile = DefaultProfile
		}
		if e.Profile == "4444" {
			e.PixFmt = "yuv444p10le"
		}
	}
	return e
}

// EncoderSettings returns the encoder preset and crf for an output: the
// explicit Preset/CRF when set, else from Quality and Codec (EncoderTable):
// h264 draft=ultrafast/28 standard=veryfast/21 high=slow/18; h265
// draft=ultrafast/30 standard=veryfast/26 high=slow/22.
func (o Output) EncoderSettings() (preset string, crf int) {
	if o.Codec == "" { // an Output made by hand reads as h264
		o.Codec = DefaultCodec
	}
	e := o.Encoding()
	return e.Preset, e.CRF
}
