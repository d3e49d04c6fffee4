package probe

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/reel-film/reel/internal/frac"
)

// Parse converts ffprobe JSON (from -print_format json -show_format
// -show_streams) into Info. It is pure; path only fills Info.Path and names
// the file in errors. Missing fields and "N/A" values are tolerated; a file
// with neither a video nor an audio stream is an error.
func Parse(data []byte, path string) (*Info, error) {
	var raw rawOutput
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("probe %s: reading ffprobe output: %w", path, err)
	}
	info := &Info{Path: path, Format: raw.Format.FormatName, Size: raw.Format.Size.int()}
	info.Duration, _ = raw.Format.Duration.float()
	info.StartTime, _ = raw.Format.StartTime.float()
	for _, s := range raw.Streams {
		switch {
		case s.CodecType == "video" && info.Video == nil && s.Disposition["attached_pic"].int() == 0:
			info.Video = parseVideo(s, info)
		case s.CodecType == "audio" && info.Audio == nil:
			info.Audio = parseAudio(s, info)
		}
	}
	if info.Video == nil && info.Audio == nil {
		return nil, fmt.Errorf("probe %s: %w", path, ErrNoStreams)
	}
	return info, nil
}

// ErrNoStreams is returned for a file with neither video nor audio.
var ErrNoStreams = errors.New("no video or audio stream")

func parseVideo(s rawStream, info *Info) *Video {
	v := &Video{
		Index:          int(s.Index.int()),
		Codec:          s.CodecName,
		Width:          int(s.Width.int()),
		Height:         int(s.Height.int()),
		Rotation:       rotation(s),
		SAR:            rational(s.SAR),
		TimeBase:       rational(s.TimeBase),
		StartPTS:       s.StartPTS.int(),
		PixFmt:         known(s.PixFmt),
		ColorRange:     known(s.ColorRange),
		ColorSpace:     known(s.ColorSpace),
		ColorPrimaries: known(s.ColorPrimaries),
		ColorTransfer:  known(s.ColorTransfer),
		FieldOrder:     known(s.FieldOrder),
	}
	alpha(s, v)
	if v.SAR.IsZero() {
		v.SAR = frac.New(1, 1)
	}
	v.DisplayWidth, v.DisplayHeight = v.Width, v.Height
	if v.Rotation == 90 || v.Rotation == 270 {
		v.DisplayWidth, v.DisplayHeight = v.Height, v.Width
	}
	avg, r := rational(s.AvgFrameRate), rational(s.RFrameRate)
	v.FPS = avg
	if v.FPS.IsZero() {
		v.FPS = r
	}
	v.VFR = !avg.IsZero() && !r.IsZero() && avg != r
	v.StartTime, _ = s.StartTime.float()
	v.Duration = streamDuration(s, info, v.StartTime)
	v.Frames, v.FramesExact = frames(s, v.Duration, v.FPS)
	if isStill(info.Format, v) {
		v.Still, v.Frames, v.FramesExact, v.VFR = true, 1, true, false
		v.Duration, info.Duration = 0, 0
	}
	return v
}

func parseAudio(s rawStream, info *Info) *Audio {
	a := &Audio{
		Index:      int(s.Index.int()),
		Codec:      s.CodecName,
		SampleRate: int(s.SampleRate.int()),
		Channels:   int(s.Channels.int()),
		Layout:     known(s.ChannelLayout),
		TimeBase:   rational(s.TimeBase),
		StartPTS:   s.StartPTS.int(),
	}
	a.StreamDuration = ownDuration(s)
	a.StartTime, _ = s.StartTime.float()
	a.Duration = streamDuration(s, info, a.StartTime)
	return a
}

// frames is nb_frames when the container knows it, else duration*fps rounded.
func frames(s rawStream, duration float64, fps frac.Rational) (int64, bool) {
	if n := s.NbFrames.int(); n > 0 {
		return n, true
	}
	if duration <= 0 || fps.IsZero() {
		return 0, false
	}
	return int64(math.Round(duration * fps.Float())), false
}

// imageCodecs are codecs whose single-frame files are still images.
var imageCodecs = map[string]bool{
	"png": true, "mjpeg": true, "webp": true, "bmp": true, "tiff": true,
	"gif": true, "jpeg2000": true, "jpegls": true, "ppm": true, "pgm": true,
	"pam": true, "qoi": true, "dpx": true, "exr": true, "sgi": true, "targa": true,
}

// isStill reports a single image: an image demuxer (image2, *_pipe) or an
// image codec, holding at most one frame (an animated GIF is a clip).
func isStill(format string, v *Video) bool {
	imageFormat := format == "image2" || strings.HasSuffix(format, "_pipe")
	return (imageFormat || imageCodecs[v.Codec]) && v.Frames <= 1
}

// ownDuration reports a stream whose length the file gives for it alone (its
// duration, or a Matroska DURATION tag), not only the container's.
func ownDuration(s rawStream) bool {
	if d, ok := s.Duration.float(); ok && d > 0 {
		return true
	}
	d, ok := clockDuration(string(s.Tags["DURATION"]))
	return ok && d > 0
}
