package config

import (
	"slices"
	"strings"
)

// Format is what reel writes into one kind of output file: the video
// codecs the file takes, the one it gets by default, and its sound.
type Format struct {
	Ext    string   // the extension, lower case, with its dot
	Codecs []string // video codecs the file takes; none for audio only
	// Default is the video codec of an output that names none; "" for
	// audio only.
	Default string
	// Audio is the sound's codec by video codec ("" is the default for a
	// codec not listed); "" for a file without sound (a GIF).
	Audio map[string]string
}

// Formats are the output files reel writes, by extension. FFmpeg 5.1 refuses
// the other pairs, or muxes them badly: ProRes and GIF in MP4 ("could not
// find tag"), VP9 and AV1 in MOV ("vp9 only supported in MP4"), H.264 and
// H.265 in WebM ("only VP8 or VP9 or AV1").
var Formats = []Format{
	{Ext: ".mp4", Codecs: []string{"h264", "h265", "vp9", "av1"}, Default: "h264", Audio: map[string]string{"": "aac"}},
	{Ext: ".mov", Codecs: []string{"h264", "h265", "prores"}, Default: "h264", Audio: map[string]string{"": "aac", "prores": "pcm"}},
	{Ext: ".mkv", Codecs: []string{"h264", "h265", "prores", "vp9", "av1"}, Default: "h264",
		Audio: map[string]string{"": "aac", "prores": "pcm", "vp9": "opus"}},
	{Ext: ".webm", Codecs: []string{"vp9", "av1"}, Default: "vp9", Audio: map[string]string{"": "opus"}},
	{Ext: ".gif", Codecs: []string{"gif"}, Default: "gif", Audio: map[string]string{"": ""}},
	{Ext: ".m4a", Audio: map[string]string{"": "aac"}},
	{Ext: ".mp3", Audio: map[string]string{"": "mp3"}},
	{Ext: ".wav", Audio: map[string]string{"": "pcm"}},
	{Ext: ".opus", Audio: map[string]string{"": "opus"}},
	{Ext: ".flac", Audio: map[string]string{"": "flac"}},
}

// Allowed codecs and output extensions.
var (
	// Codecs are the video codecs, canonical names (aliases: avc, hevc).
	Codecs = []string{"h264", "h265", "prores", "vp9", "av1", "gif"}
	// Containers are the extensions of a film whose codec is H.264 or
	// H.265: what `reel render -o` accepts for the first output as it is.
	Containers = []string{".mp4", ".mov", ".mkv"}
	// OutputExts are every extension an output may have.
	OutputExts = exts(func(Format) bool { return true })
	// VideoExts are the extensions of outputs with a picture.
	VideoExts = exts(func(c Format) bool { return c.Default != "" })
	// AudioExts are the extensions of audio-only outputs.
	AudioExts = exts(func(c Format) bool { return c.Default == "" })
	// Profiles are the ProRes profiles (prores_ks -profile:v).
	Profiles = []string{"proxy", "lt", "standard", "hq", "4444"}
)

// DefaultProfile is the ProRes profile of an output that names none.
const DefaultProfile = "hq"

// AudioEncoders are the FFmpeg encoders of the sound codecs.
var AudioEncoders = map[string]string{"aac": "aac", "opus": "libopus", "mp3": "libmp3lame", "pcm": "pcm_s24le", "flac": "flac"}

// exts lists the extensions of the formats that keep says.
func exts(keep func(Format) bool) []string {
	var out []string
	for _, c := range Formats {
		if keep(c) {
			out = append(out, c.Ext)
		}
	}
	return out
}

// FormatOf returns the format of a container name (an extension without
// its dot, any case), or false.
func FormatOf(container string) (Format, bool) {
	ext := "." + strings.ToLower(container)
	i := slices.IndexFunc(Formats, func(c Format) bool { return c.Ext == ext })
	if i < 0 {
		return Format{}, false
	}
	return Formats[i], true
}

// AudioCodec is the sound codec of a file of this container with this video
// codec ("" for audio only): "" for a file without sound.
func AudioCodec(container, codec string) string {
	c, ok := FormatOf(container)
	if !ok {
		return ""
	}
	if a, ok := c.Audio[codec]; ok {
		return a
	}
	return c.Audio[""]
}

// containersOf lists the extensions that take codec.
func containersOf(codec string) []string {
	return exts(func(c Format) bool { return slices.Contains(c.Codecs, codec) })
}
