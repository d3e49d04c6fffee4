package probe

import (
	"math"
	"testing"
)

// doc is ffprobe JSON with a video and an audio stream and a format.
func doc(video, audio, format string) string {
	return `{"streams": [
  {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 160, "height": 90, "r_frame_rate": "30/1", "avg_frame_rate": "30/1", ` + video + `},
  {"index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "48000", "channels": 2, ` + audio + `}],
 "format": {` + format + `}}`
}

// TestStreamLengths: a stream's Duration is how long it lasts from its own
// start, also where the file gives an end time (FFmpeg's Matroska DURATION
// tag, Matroska's and MOV's container duration).
func TestStreamLengths(t *testing.T) {
	tests := []struct {
		name       string
		json       string
		video, aud float64
	}{
		{"mkv by ffmpeg: video 21 ms late for AAC priming",
			doc(`"start_time": "0.021000", "duration": "N/A", "tags": {"DURATION": "00:00:02.021000000"}`,
				`"start_time": "0.000000", "tags": {"DURATION": "00:00:02.021000000"}`,
				`"format_name": "matroska,webm", "start_time": "0.000000", "duration": "2.021000"`), 2, 2.021},
		{"mkv by ffmpeg at -output_ts_offset 10",
			doc(`"start_time": "10.500000", "tags": {"DURATION": "00:00:12.500000000"}`,
				`"start_time": "9.979000", "tags": {"DURATION": "00:00:13.000000000"}`,
				`"format_name": "matroska,webm", "start_time": "9.979000", "duration": "13.000000"`), 2, 3.021},
		{"mkv by mkvmerge: DURATION is a length",
			doc(`"start_time": "0.500000", "tags": {"DURATION": "00:00:02.000000000", "_STATISTICS_WRITING_APP": "mkvmerge v80"}`,
				`"start_time": "0.000000", "tags": {"DURATION": "00:00:02.500000000", "_STATISTICS_WRITING_APP": "mkvmerge v80"}`,
				`"format_name": "matroska,webm", "duration": "2.500000"`), 2, 2.5},
		{"mkv without tags: the segment's end",
			doc(`"start_time": "10.000000"`, `"start_time": "9.500000"`,
				`"format_name": "matroska,webm", "start_time": "9.500000", "duration": "12.000000"`), 2, 2.5},
		{"mp4: the streams' own lengths",
			doc(`"start_time": "10.000000", "duration": "2.000000"`, `"start_time": "9.978000", "duration": "3.021333"`,
				`"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "start_time": "9.978000", "duration": "13.000000"`), 2, 3.021333},
		{"flv: the container's length",
			doc(`"start_time": "10.500000"`, `"start_time": "9.979000"`,
				`"format_name": "flv", "start_time": "9.979000", "duration": "3.021000"`), 3.021, 3.021},
	}
	for _, tt := range tests {
		info, err := Parse([]byte(tt.json), "x")
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(info.Video.Duration-tt.video) > 1e-9 || math.Abs(info.Audio.Duration-tt.aud) > 1e-9 {
			t.Errorf("%s: video %.6fs, audio %.6fs; want %.6f, %.6f", tt.name, info.Video.Duration, info.Audio.Duration, tt.video, tt.aud)
		}
	}
}

// TestOrigin: a clip's time starts at its pictures' first timestamp (exact,
// from start_pts and the time base), else its sound's.
func TestOrigin(t *testing.T) {
	tests := []struct {
		name                  string
		json                  string
		origin, seek, soundAt float64
	}{
		{"sound 0.5s before the pictures",
			doc(`"time_base": "1/16000", "start_pts": 8000, "start_time": "0.500000", "duration": "2.000000"`,
				`"time_base": "1/48000", "start_pts": 0, "start_time": "0.000000", "duration": "3.000000"`,
				`"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "start_time": "0.000000", "duration": "3.000000"`), 0.5, 0.5, 2.5},
		{"sound 0.3s after the pictures",
			doc(`"time_base": "1/16000", "start_pts": 0, "start_time": "0.000000", "duration": "2.000000"`,
				`"time_base": "1/48000", "start_pts": 14400, "start_time": "0.300000", "duration": "1.700000"`,
				`"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "start_time": "0.000000", "duration": "2.000000"`), 0, 0, 2},
		{"MPEG-TS: 1/90000 ticks, exact where start_time is rounded",
			doc(`"time_base": "1/90000", "start_pts": 1071003, "start_time": "11.900033", "duration": "2.0"`,
				`"time_base": "1/90000", "start_pts": 1024080, "start_time": "11.378667", "duration": "2.922667"`,
				`"format_name": "mpegts", "start_time": "11.378667", "duration": "2.922667"`), 1071003.0 / 90000, 1071003.0/90000 - 11.378667, 1024080.0/90000 + 2.922667 - 1071003.0/90000},
		{"a container claiming to start after the pictures",
			doc(`"time_base": "1/1000", "start_pts": 1000, "start_time": "1.000000", "duration": "2.0"`,
				`"time_base": "1/1000", "start_pts": 1000, "start_time": "1.000000", "duration": "2.0"`,
				`"format_name": "mpegts", "start_time": "1.400000"`), 1, 1 - 1.4, 2},
		{"no time base: start_time",
			doc(`"start_time": "0.250000", "duration": "2.0"`, `"start_time": "0.000000", "duration": "2.25"`,
				`"format_name": "avi", "start_time": "0.000000"`), 0.25, 0.25, 2},
	}
	for _, tt := range tests {
		info, err := Parse([]byte(tt.json), "x")
		if err != nil {
			t.Fatal(err)
		}
		if o, s, a := info.Origin(), info.SeekBase(), info.SoundAfterOrigin(); math.Abs(o-tt.origin) > 1e-9 ||
			math.Abs(s-tt.seek) > 1e-9 || math.Abs(a-tt.soundAt) > 1e-9 {
			t.Errorf("%s: origin %.6f, seek base %.6f, sound %.6f; want %.6f, %.6f, %.6f", tt.name, o, s, a, tt.origin, tt.seek, tt.soundAt)
		}
	}
	audioOnly := `{"streams": [{"codec_type": "audio", "time_base": "1/48000", "start_pts": 478944, "start_time": "9.978000", "duration": "3.0"}],
 "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "start_time": "9.978000"}}`
	info, err := Parse([]byte(audioOnly), "x.m4a")
	if err != nil {
		t.Fatal(err)
	}
	if o, a := info.Origin(), info.SoundAfterOrigin(); o != 9.978 || a != 3 || info.SeekBase() != 0 {
		t.Errorf("audio only: origin %v, sound %v, seek base %v; want 9.978, 3, 0", o, a, info.SeekBase())
	}
}
