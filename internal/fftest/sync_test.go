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
