package probe

import (
	"errors"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

// mp4 is trimmed ffprobe 5.1 output for a 160x90 24 fps H.264 clip with AAC.
const mp4 = `{"streams": [
  {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 160, "height": 90,
   "sample_aspect_ratio": "1:1", "pix_fmt": "yuv420p", "color_range": "tv", "color_space": "bt709",
   "color_transfer": "bt709", "color_primaries": "bt709", "r_frame_rate": "24/1", "avg_frame_rate": "24/1",
   "time_base": "1/12288", "start_pts": 0, "start_time": "0.000000", "duration": "1.000000", "nb_frames": "24",
   "disposition": {"default": 1, "attached_pic": 0}, "tags": {"language": "und"}},
  {"index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "48000", "channels": 2,
   "channel_layout": "stereo", "start_time": "0.000000", "duration": "1.002667", "nb_frames": "48"}],
 "format": {"filename": "a.mp4", "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "1.002667", "size": "9001"}}`

// stream wraps one video stream's JSON fields into a whole document.
func stream(fields, format string) string {
	return `{"streams": [{"index": 0, "codec_type": "video", "width": 160, "height": 90, ` + fields + `}],
 "format": {"format_name": "` + format + `"}}`
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, json string
		want       Video
	}{
		{"mp4", mp4, Video{Codec: "h264", Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90,
			SAR: frac.New(1, 1), FPS: frac.New(24, 1), Frames: 24, FramesExact: true, Duration: 1,
			TimeBase: frac.New(1, 12288), PixFmt: "yuv420p", ColorRange: "tv", ColorSpace: "bt709",
			ColorPrimaries: "bt709", ColorTransfer: "bt709"}},
		{"matrix -90 is 90 clockwise", stream(`"side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]`, "mov"),
			Video{Width: 160, Height: 90, DisplayWidth: 90, DisplayHeight: 160, Rotation: 90, SAR: frac.New(1, 1)}},
		{"matrix 90 is 270 clockwise", stream(`"side_data_list": [{"side_data_type": "Display Matrix", "rotation": 90}]`, "mov"),
			Video{Width: 160, Height: 90, DisplayWidth: 90, DisplayHeight: 160, Rotation: 270, SAR: frac.New(1, 1)}},
		{"matrix 180 as float", stream(`"side_data_list": [{"side_data_type": "Display Matrix", "rotation": -180.0}]`, "mov"),
			Video{Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, Rotation: 180, SAR: frac.New(1, 1)}},
		{"legacy tag is clockwise", stream(`"tags": {"rotate": "90"}`, "mov"),
			Video{Width: 160, Height: 90, DisplayWidth: 90, DisplayHeight: 160, Rotation: 90, SAR: frac.New(1, 1)}},
		{"matrix wins over tag", stream(`"tags": {"rotate": "90"}, "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]`, "mov"),
			Video{Width: 160, Height: 90, DisplayWidth: 90, DisplayHeight: 160, Rotation: 90, SAR: frac.New(1, 1)}},
		{"vfr, N/A frames, estimated", stream(`"r_frame_rate": "30/1", "avg_frame_rate": "20/1", "nb_frames": "N/A", "duration": "1.5"`, "matroska,webm"),
			Video{Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(1, 1),
				FPS: frac.New(20, 1), VFR: true, Frames: 30, Duration: 1.5}},
		{"matroska DURATION tag", stream(`"r_frame_rate": "24/1", "avg_frame_rate": "24/1", "duration": "N/A", "tags": {"DURATION": "00:01:02.500000000"}`, "matroska,webm"),
			Video{Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(1, 1),
				FPS: frac.New(24, 1), Frames: 1500, Duration: 62.5}},
		{"avg 0/0 falls back to r", stream(`"r_frame_rate": "30000/1001", "avg_frame_rate": "0/0", "sample_aspect_ratio": "0:1", "color_range": "unknown"`, "mpegts"),
			Video{Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(1, 1), FPS: frac.New(30000, 1001)}},
		{"anamorphic", stream(`"sample_aspect_ratio": "4:3", "start_pts": "N/A", "start_time": "N/A"`, "mpegts"),
			Video{Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(4, 3)}},
		{"png", stream(`"codec_name": "png", "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "pix_fmt": "rgb24", "color_range": "pc"`, "png_pipe"),
			Video{Codec: "png", Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(1, 1),
				FPS: frac.New(25, 1), Frames: 1, FramesExact: true, PixFmt: "rgb24", ColorRange: "pc", Still: true}},
		{"jpeg with a frame of duration", stream(`"codec_name": "mjpeg", "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "duration": "0.040000", "nb_frames": "N/A"`, "image2"),
			Video{Codec: "mjpeg", Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(1, 1),
				FPS: frac.New(25, 1), Frames: 1, FramesExact: true, Still: true}},
		{"animated gif is a clip", stream(`"codec_name": "gif", "r_frame_rate": "10/1", "avg_frame_rate": "10/1", "duration": "2"`, "gif"),
			Video{Codec: "gif", Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90, SAR: frac.New(1, 1),
				FPS: frac.New(10, 1), Frames: 20, Duration: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Parse([]byte(tt.json), "x.mp4")
			if err != nil {
				t.Fatal(err)
			}
			if info.Video == nil {
				t.Fatal("no video")
			}
			if *info.Video != tt.want {
				t.Errorf("video\n got %+v\nwant %+v", *info.Video, tt.want)
			}
		})
	}
}

func TestParseFormatAndAudio(t *testing.T) {
	info, err := Parse([]byte(mp4), "clips/a.mp4")
	if err != nil {
		t.Fatal(err)
	}
	if info.Path != "clips/a.mp4" || info.Format != "mov,mp4,m4a,3gp,3g2,mj2" || info.Size != 9001 || info.Duration != 1.002667 {
		t.Errorf("format: %+v", info)
	}
	want := Audio{Index: 1, Codec: "aac", SampleRate: 48000, Channels: 2, Layout: "stereo", Duration: 1.002667, StreamDuration: true}
	if info.Audio == nil || *info.Audio != want {
		t.Errorf("audio = %+v, want %+v", info.Audio, want)
	}
}

func TestParseSkipsCoverArt(t *testing.T) {
	doc := `{"streams": [
  {"index": 0, "codec_name": "mp3", "codec_type": "audio", "sample_rate": "44100", "channels": 1, "duration": "N/A"},
  {"index": 1, "codec_name": "mjpeg", "codec_type": "video", "width": 300, "height": 300, "disposition": {"attached_pic": 1}},
  {"index": 2, "codec_name": "h264", "codec_type": "video", "width": 64, "height": 36}],
 "format": {"format_name": "mp3", "duration": "3.5", "size": "N/A"}}`
	info, err := Parse([]byte(doc), "song.mp3")
	if err != nil {
		t.Fatal(err)
	}
	if info.Video == nil || info.Video.Index != 2 || info.Video.Width != 64 {
		t.Errorf("video = %+v, want stream 2 (the cover art skipped)", info.Video)
	}
	if info.Audio.Duration != 3.5 || info.Size != 0 {
		t.Errorf("audio duration %v (want the container's 3.5), size %d", info.Audio.Duration, info.Size)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"not json", `Invalid data`, "probe x.bin: reading ffprobe output"},
		{"no streams", `{"streams": [], "format": {"format_name": "data"}}`, "probe x.bin: no video or audio stream"},
		{"only cover art", `{"streams": [{"codec_type": "video", "disposition": {"attached_pic": 1}}]}`, "no video or audio stream"},
		{"subtitles only", `{"streams": [{"codec_type": "subtitle"}]}`, "no video or audio stream"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.json), "x.bin")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
	if _, err := Parse([]byte(`{}`), "x"); !errors.Is(err, ErrNoStreams) {
		t.Errorf("empty document: %v, want ErrNoStreams", err)
	}
}

func TestNormaliseRotation(t *testing.T) {
	for in, want := range map[float64]int{0: 0, 90: 90, -90: 270, 180: 180, -180: 180, 270: 270, 360: 0, 450: 90, 89.6: 90, -270: 90} {
		if got := normaliseRotation(in); got != want {
			t.Errorf("normaliseRotation(%v) = %d, want %d", in, got, want)
		}
	}
}
