package probe

import (
	"fmt"
	"github.com/reel-film/reel/internal/frac"
	"testing"
)

func TestParseAlphaAndFields(t *testing.T) {
	tests := []struct {
		stream         string
		alpha          bool
		decoder, order string
		interlaced     bool
	}{
		{`"codec_name": "png", "pix_fmt": "rgba"`, true, "", "", false},
		{`"codec_name": "png", "pix_fmt": "ya8"`, true, "", "", false},
		{`"codec_name": "png", "pix_fmt": "pal8"`, true, "", "", false},
		{`"codec_name": "png", "pix_fmt": "rgb24"`, false, "", "", false},
		{`"codec_name": "qtrle", "pix_fmt": "argb", "field_order": "progressive"`, true, "", "progressive", false},
		{`"codec_name": "prores", "pix_fmt": "yuva444p12le"`, true, "", "", false},
		{`"codec_name": "vp9", "pix_fmt": "yuv420p", "tags": {"alpha_mode": "1"}`, true, "libvpx-vp9", "", false},
		{`"codec_name": "vp8", "pix_fmt": "yuv420p", "tags": {"ALPHA_MODE": "1"}`, true, "libvpx", "", false},
		{`"codec_name": "vp9", "pix_fmt": "yuv420p", "tags": {"alpha_mode": "0"}`, false, "", "", false},
		{`"codec_name": "h264", "pix_fmt": "yuv420p", "field_order": "tt"`, false, "", "tt", true},
		{`"codec_name": "mpeg2video", "pix_fmt": "yuv420p", "field_order": "bb"`, false, "", "bb", true},
		{`"codec_name": "h264", "pix_fmt": "yuv420p", "field_order": "tb"`, false, "", "tb", true},
		{`"codec_name": "h264", "pix_fmt": "yuv420p", "field_order": "bt"`, false, "", "bt", true},
		{`"codec_name": "h264", "pix_fmt": "yuv420p", "field_order": "progressive"`, false, "", "progressive", false},
		{`"codec_name": "h264", "pix_fmt": "yuv420p", "field_order": "unknown"`, false, "", "", false},
	}
	for _, tt := range tests {
		doc := fmt.Sprintf(`{"streams": [{"index": 0, "codec_type": "video", "width": 16, "height": 16, "avg_frame_rate": "25/1", "nb_frames": "50", %s}], "format": {"format_name": "mov", "duration": "2"}}`, tt.stream)
		info, err := Parse([]byte(doc), "x")
		if err != nil {
			t.Fatal(err)
		}
		v := info.Video
		if v.Alpha != tt.alpha || v.Decoder != tt.decoder || v.FieldOrder != tt.order || v.Interlaced() != tt.interlaced {
			t.Errorf("%s: alpha %v decoder %q order %q interlaced %v; want %v %q %q %v",
				tt.stream, v.Alpha, v.Decoder, v.FieldOrder, v.Interlaced(), tt.alpha, tt.decoder, tt.order, tt.interlaced)
		}
	}
}

func TestParseExtent(t *testing.T) {
	info := &Info{Video: &Video{Index: 0, FPS: frac.New(25, 1)}, Audio: &Audio{Index: 1}}
	out := "stream_index=0|pts_time=0.000000|dts_time=-0.080000|duration_time=0.040000\n" +
		"stream_index=1|pts_time=-0.021333|dts_time=-0.021333|duration_time=0.021333\n" +
		"stream_index=0|pts_time=0.120000|dts_time=-0.040000|duration_time=0.040000\n" + // B-frames: pts out of order
		"stream_index=0|pts_time=0.040000|dts_time=0.000000|duration_time=N/A\n" +
		"stream_index=2|pts_time=9.000000|dts_time=9.000000|duration_time=1.000000\n" + // a subtitle: ignored
		"stream_index=1|pts_time=0.000000|dts_time=0.000000|duration_time=0.021333\n" +
		"stream_index=0|pts_time=N/A|dts_time=0.040000|duration_time=N/A\n" + // no pts: dts, a frame long
		"stream_index=1|pts_time=N/A|dts_time=N/A|duration_time=0.021333\n" + // no time at all: skipped
		"stream_index=1|pts_time=0.021333|dts_time=0.021333|duration_ti" // cut mid-line: read as far as it goes
	ext := ParseExtent([]byte(out), info)
	want := Extent{VideoEnd: 0.16, VideoPackets: 4, AudioEnd: 0.021333, AudioPackets: 3}
	if d := ext.VideoEnd - want.VideoEnd; d > 1e-9 || d < -1e-9 || ext.VideoPackets != want.VideoPackets ||
		ext.AudioPackets != want.AudioPackets || ext.AudioEnd-want.AudioEnd > 1e-9 || want.AudioEnd-ext.AudioEnd > 1e-9 {
		t.Errorf("extent %+v, want %+v", ext, want)
	}
}
