package config

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// probeNames are ffprobe's names of the codecs where they differ.
var probeNames = map[string]string{"h265": "hevc", "pcm": "pcm_s24le"}

// encodeArgs are the ffmpeg arguments that encode a tiny clip with the
// draft settings of EncoderTable and the sound of the format, to path.
func encodeArgs(codec, sound, path string) []string {
	args := []string{"-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=64x64:r=10:d=0.3",
		"-f", "lavfi", "-i", "sine=d=0.3:sample_rate=48000", "-shortest"}
	if codec == "" {
		args = append(args, "-vn")
	} else {
		e := Output{Codec: codec, Quality: "draft", CRF: -1}.Encoding()
		args = append(args, "-c:v", e.Encoder)
		if e.Preset != "" {
			args = append(args, "-preset", e.Preset)
		}
		if e.CRF >= 0 {
			args = append(args, "-crf", strconv.Itoa(e.CRF))
		}
		if e.Deadline != "" {
			args = append(args, "-b:v", "0", "-deadline", e.Deadline, "-cpu-used", strconv.Itoa(e.CPUUsed))
		}
		if e.Profile != "" {
			args = append(args, "-profile:v", e.Profile)
		}
		if e.PixFmt != "" {
			args = append(args, "-pix_fmt", e.PixFmt)
		}
	}
	if sound == "" {
		args = append(args, "-an")
	} else {
		args = append(args, "-c:a", AudioEncoders[sound])
	}
	return append(args, "-y", path)
}

// TestFormatsMux holds Formats and EncoderTable to FFmpeg 5.1: every pair
// they accept encodes with the table's settings and muxes with its sound,
// and the pairs validation refuses are refused by FFmpeg too.
func TestFormatsMux(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	for _, f := range Formats {
		codecs := f.Codecs
		if len(codecs) == 0 {
			codecs = []string{""}
		}
		for _, c := range codecs {
			sound := AudioCodec(f.Ext[1:], c)
			path := filepath.Join(dir, "ok-"+c+f.Ext)
			if out, err := exec.Command(fftest.FFmpeg(), encodeArgs(c, sound, path)...).CombinedOutput(); err != nil {
				t.Errorf("%s in %s with %s: %v\n%s", c, f.Ext, sound, err, out)
				continue
			}
			info := fftest.Info(t, path)
			switch {
			case c == "" && info.Video != nil:
				t.Errorf("%s: an audio-only file has a video stream", f.Ext)
			case c != "" && (info.Video == nil || info.Video.Codec != name(c)):
				t.Errorf("%s in %s: got video %+v", c, f.Ext, info.Video)
			}
			switch {
			case sound == "" && info.Audio != nil:
				t.Errorf("%s in %s: a file without sound has audio %s", c, f.Ext, info.Audio.Codec)
			case sound != "" && (info.Audio == nil || info.Audio.Codec != name(sound)):
				t.Errorf("%s in %s: got audio %+v, want %s", c, f.Ext, info.Audio, sound)
			}
		}
	}
	refused := []struct{ codec, ext, says string }{
		{"prores", ".mp4", "codec not currently supported in container"},
		{"gif", ".mp4", "codec not currently supported in container"},
		{"vp9", ".mov", "vp9 only supported in MP4"},
		{"h264", ".webm", "Only VP8 or VP9 or AV1 video"},
		{"h265", ".webm", "Only VP8 or VP9 or AV1 video"},
	}
	for _, r := range refused {
		if f, _ := FormatOf(r.ext[1:]); strings.Contains(strings.Join(f.Codecs, " "), r.codec) {
			t.Errorf("Formats accept %s in %s", r.codec, r.ext)
		}
		out, err := exec.Command(fftest.FFmpeg(), encodeArgs(r.codec, "", filepath.Join(dir, "bad-"+r.codec+r.ext))...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), r.says) {
			t.Errorf("FFmpeg on %s in %s: got %v, %q; want a failure saying %q", r.codec, r.ext, err, out, r.says)
		}
	}
}

// name is ffprobe's name of a codec.
func name(codec string) string {
	if n, ok := probeNames[codec]; ok {
		return n
	}
	return codec
}
