package fftest

import (
	"math"
	"testing"
)

// TestMakeSync checks the sync clips themselves: on each file's own
// timeline the beep comes with its flash (within 1 ms, the codecs' and
// Matroska's millisecond timestamps' error), each flash is at its frame's
// time after the video's start, and the streams start as far apart as asked
// (within an AAC frame, the encoder's priming).
func TestMakeSync(t *testing.T) {
	tests := []SyncClip{
		{Name: "lead.mp4", AudioLead: 0.5, Flashes: []int{10, 40}},
		{Name: "lag.mov", AudioLead: -0.3, Flashes: []int{20}},
		{Name: "frame.mkv", AudioLead: 1.0 / 30, Flashes: []int{15}},
		{Name: "offset.mp4", StartOffset: 10, Flashes: []int{15}},
		{Name: "lead.ts", AudioLead: 0.25, FPS: "25", Flashes: []int{12}},
		{Name: "gap.mkv", AudioLead: 0.2, GapAt: 0.5, Gap: 0.05, Flashes: []int{5, 45}},
		{Name: "gap.mp4", AudioLead: -0.1, GapAt: 0.5, Gap: 0.05, Flashes: []int{45}},
		{Name: "hevc10.mp4", VideoCodec: "libx265", PixFmt: "yuv420p10le", AudioLead: 0.5, Flashes: []int{15}},
		{Name: "prores.mov", VideoCodec: "prores_ks", AudioCodec: "pcm_s16le", AudioLead: -0.3, Flashes: []int{20}},
		{Name: "vp9.webm", VideoCodec: "libvpx-vp9", AudioCodec: "libvorbis", AudioLead: 0.4, Flashes: []int{15}},
		{Name: "mpeg2.ts", VideoCodec: "mpeg2video", AudioCodec: "mp2", FPS: "25", AudioLead: -0.2, Flashes: []int{12}},
		{Name: "long.mkv", FPS: "60000/1001", FlashFrames: 3, Flashes: []int{36, 96}},
		{Name: "phone.mp4", Jitter: 0.006, Rotation: 90, AudioLead: 0.5, Flashes: []int{15, 45}},
	}
	dir := t.TempDir()
	for _, c := range tests {
		t.Run(c.Name, func(t *testing.T) {
			path := MakeSync(t, dir, c)
			c = c.withDefaults()
			info := Info(t, path)
			vstart, astart := info.Video.StartTime, info.Audio.StartTime
			if got := vstart - astart; math.Abs(got-c.AudioLead) > 0.025 {
				t.Errorf("video starts %.4fs after the audio, want %.4f", got, c.AudioLead)
			}
			if c.StartOffset > 0 && math.Abs(info.StartTime-c.StartOffset) > 0.025 {
				t.Errorf("container starts at %.4fs, want %.4f", info.StartTime, c.StartOffset)
			}
			if c.Jitter > 0 && !info.Video.VFR() {
				t.Errorf("jittered clip: frame rate %s (average %s) is not variable", info.Video.FrameRate, info.Video.AvgFrameRate)
			}
			if info.Video.Rotation != c.Rotation {
				t.Errorf("rotation %d, want %d", info.Video.Rotation, c.Rotation)
			}
			fps := fpsOf(t, c.FPS)
			flashes := FlashTimes(t, path)
			for i, off := range AVOffsets(t, path, len(c.Flashes)) {
				want := vstart + float64(c.Flashes[i])/fps
				if math.Abs(flashes[i]-want) > 0.0005 {
					t.Errorf("flash %d at %.4fs, want %.4f", i, flashes[i], want)
				}
				if math.Abs(off) > 0.001 {
					t.Errorf("beep %d comes %.2f ms after its flash, want 0 ± 1", i, off*1000)
				}
			}
		})
	}
}
