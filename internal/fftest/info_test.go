package fftest

import (
	"math"
	"testing"
)

// TestInfo reads clips of several kinds with Info and checks what Make
// wrote: codec, profile, pixel format, size, rates, colour range, channels,
// rotation and durations, and an audio file without video.
func TestInfo(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		clip                Clip
		codec, profile, pix string
		w, h, rot           int
		rate                string
		hz, ch              int // 0: no audio
		rng                 string
	}{
		{Clip{Name: "a.mp4", Audio: true}, "h264", "Constrained Baseline", "yuv420p", 160, 90, 0, "30/1", 48000, 2, ""},
		{Clip{Name: "b.mkv", FPS: "30000/1001", PixFmt: "yuv444p", Audio: true, Mono: true, SampleRate: 44100}, "h264", "High 4:4:4 Predictive", "yuv444p", 160, 90, 0, "30000/1001", 44100, 1, ""},
		{Clip{Name: "c.mp4", Rotate: 270, Range: "pc"}, "h264", "Constrained Baseline", "yuvj420p", 160, 90, 270, "30/1", 0, 0, "pc"},
		{Clip{Name: "d.mov", Rotate: 180, Seconds: 0.5}, "h264", "Constrained Baseline", "yuv420p", 160, 90, 180, "30/1", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.clip.Name, func(t *testing.T) {
			m := Info(t, Make(t, dir, tt.clip))
			v := m.Video
			if v == nil {
				t.Fatal("no video stream")
			}
			if v.Codec != tt.codec || v.Profile != tt.profile || v.PixFmt != tt.pix {
				t.Errorf("video %s %q %s, want %s %q %s", v.Codec, v.Profile, v.PixFmt, tt.codec, tt.profile, tt.pix)
			}
			if v.Width != tt.w || v.Height != tt.h || v.Rotation != tt.rot || v.FrameRate != tt.rate || v.VFR() {
				t.Errorf("video %dx%d turned %d at %s (avg %s), want %dx%d turned %d at %s", v.Width, v.Height, v.Rotation,
					v.FrameRate, v.AvgFrameRate, tt.w, tt.h, tt.rot, tt.rate)
			}
			if tt.rng != "" && v.ColorRange != tt.rng {
				t.Errorf("colour range %q, want %q", v.ColorRange, tt.rng)
			}
			secs := tt.clip.Seconds
			if secs == 0 {
				secs = 1
			}
			if math.Abs(m.Duration-secs) > 0.05 || (v.Duration != 0 && math.Abs(v.Duration-secs) > 0.05) {
				t.Errorf("durations %.3f (container), %.3f (video), want %.3f", m.Duration, v.Duration, secs)
			}
			switch a := m.Audio; {
			case tt.hz == 0 && a != nil:
				t.Errorf("audio %+v, want none", a)
			case tt.hz != 0 && (a == nil || a.SampleRate != tt.hz || a.Channels != tt.ch):
				t.Errorf("audio %+v, want %d Hz, %d channels", a, tt.hz, tt.ch)
			}
		})
	}
	if m := Info(t, Make(t, dir, Clip{Name: "e.wav", Seconds: 0.5})); m.Video != nil || m.Audio == nil || m.Audio.Codec != "pcm_s16le" {
		t.Errorf("e.wav: video %+v audio %+v, want pcm_s16le only", m.Video, m.Audio)
	}
}
