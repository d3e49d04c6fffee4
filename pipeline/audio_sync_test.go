package pipeline_test

import (
	"math"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// syncTolerance is how far apart a flash and its beep may come out of a
// render: 2 ms. The clips themselves hold them within 1 ms (TestMakeSync:
// AAC's smearing of an onset, Matroska's millisecond timestamps); reel adds
// at most a sample of rounding. A frame at 30 fps is 33 ms, the smallest
// error of the defects this guards against (a 21 ms AAC priming shift, a
// stream starting a frame early) is 21 ms.
const syncTolerance = 0.002

// TestAudioSyncStreamStarts renders clips whose sound and pictures start at
// different times, in several containers, trimmed, after a transition, and
// as a bed or voice-over under their own pictures: in the film each flash
// must come with its beep, and where the plan puts it.
func TestAudioSyncStreamStarts(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	tests := []struct {
		name  string
		clips []fftest.SyncClip
		yaml  string
		// where the flashes must be in the film, in seconds
		want   []float64
		frames int64  // the film's frames (0: not checked)
		out    string // the output's extension (default mp4)
		// fps is the film's frame rate (default the clip's); lag, where
		// each beep must come after its flash (default 0): a clip at
		// another rate shows a flash from the first film frame within it.
		fps string
		lag []float64
	}{
		{"sound 0.5s before the pictures (mp4)",
			[]fftest.SyncClip{{Name: "a.mp4", AudioLead: 0.5, Flashes: []int{15, 45}}},
			`scenes: [{source: a.mp4}]`, []float64{0.5, 1.5}, 60, "", "", nil},
		{"sound 0.3s after the pictures (mov)",
			[]fftest.SyncClip{{Name: "a.mov", AudioLead: -0.3, Flashes: []int{20, 50}}},
			`scenes: [{source: a.mov}]`, []float64{20.0 / 30, 50.0 / 30}, 60, "", "", nil},
		{"sound a frame early (mkv)",
			[]fftest.SyncClip{{Name: "a.mkv", AudioLead: 1.0 / 30, Flashes: []int{15}}},
			`scenes: [{source: a.mkv}]`, []float64{0.5}, 60, "", "", nil},
		{"sound a frame late (mp4)",
			[]fftest.SyncClip{{Name: "a.mp4", AudioLead: -1.0 / 30, Flashes: []int{15}}},
			`scenes: [{source: a.mp4}]`, []float64{0.5}, 60, "", "", nil},
		{"container starting at 10s (mp4, priming exposed)",
			[]fftest.SyncClip{{Name: "a.mp4", StartOffset: 10, Flashes: []int{15}}},
			`scenes: [{source: a.mp4}]`, []float64{0.5}, 60, "", "", nil},
		{"container starting at 10s, sound 0.5s early (mkv)",
			[]fftest.SyncClip{{Name: "a.mkv", StartOffset: 10, AudioLead: 0.5, Flashes: []int{15}}},
			`scenes: [{source: a.mkv}]`, []float64{0.5}, 60, "", "", nil},
		{"44.1 kHz sound 0.5s early, container at 10s (mkv)",
			[]fftest.SyncClip{{Name: "a.mkv", SampleRate: 44100, StartOffset: 10, AudioLead: 0.5, Flashes: []int{15, 50}}},
			`scenes: [{source: a.mkv}]`, []float64{0.5, 50.0 / 30}, 60, "", "", nil},
		{"MPEG-TS at 25 fps, sound 0.25s early",
			[]fftest.SyncClip{{Name: "a.ts", FPS: "25", AudioLead: 0.25, Flashes: []int{12}}},
			`scenes: [{source: a.ts}]`, []float64{0.48}, 50, "", "", nil},
		{"sound with a 50 ms gap in its timestamps (mkv)",
			[]fftest.SyncClip{{Name: "a.mkv", AudioLead: 0.2, GapAt: 0.5, Gap: 0.05, Flashes: []int{5, 45}}},
			`scenes: [{source: a.mkv}]`, []float64{5.0 / 30, 1.5}, 60, "", "", nil},
		{"sound late with a 30 ms gap (mp4), trimmed before the gap",
			[]fftest.SyncClip{{Name: "a.mp4", AudioLead: -0.1, GapAt: 0.4, Gap: 0.03, Flashes: []int{45}}},
			`scenes: [{source: a.mp4, trim: {start: 0.3s}}]`, []float64{1.2}, 51, "", "", nil},
		{"trimmed past the seek margin",
			[]fftest.SyncClip{{Name: "a.mp4", Seconds: 3, AudioLead: 0.5, Flashes: []int{60}}},
			`scenes: [{source: a.mp4, trim: {start: 1.2s}}]`, []float64{0.8}, 54, "", "", nil},
		{"trimmed a little, sound late",
			[]fftest.SyncClip{{Name: "a.mkv", AudioLead: -0.3, Flashes: []int{30}}},
			`scenes: [{source: a.mkv, trim: {start: 9f, end: 1.5s}}]`, []float64{0.7}, 36, "mov", "", nil},
		{"scenes either side of a transition",
			[]fftest.SyncClip{{Name: "a.mkv", AudioLead: -0.2, Flashes: []int{10}}, {Name: "b.mp4", AudioLead: 0.5, Flashes: []int{30}}},
			`scenes:
  - {source: a.mkv, transition: {type: dissolve, duration: 0.5s}}
  - {source: b.mp4}`, []float64{10.0 / 30, 1.5 + 1}, 105, "mkv", "", nil},
		{"a video's sound as a bed under its muted pictures",
			[]fftest.SyncClip{{Name: "a.mp4", AudioLead: 0.5, StartOffset: 3, Flashes: []int{20}}},
			`scenes:
  - {placeholder: {text: first}, duration: 0.5s}
  - {id: clip, source: a.mp4, volume: mute}
audio:
  beds: [{source: a.mp4, start: {scene: clip}}]`, []float64{0.5 + 20.0/30}, 75, "", "", nil},
		{"a video's sound as a voice-over, trimmed as its scene",
			[]fftest.SyncClip{{Name: "a.mkv", AudioLead: 0.4, Flashes: []int{45}}},
			`scenes:
  - {id: clip, source: a.mkv, volume: mute, trim: {start: 0.6s}}
audio:
  voiceover: [{source: a.mkv, at: {scene: clip}, trim: {start: 0.6s}}]`, []float64{0.9}, 42, "", "", nil},
		{"phone: variable frame rate, turned 90°, sound 0.5s early (mp4)",
			[]fftest.SyncClip{{Name: "a.mp4", Jitter: 0.006, Rotation: 90, AudioLead: 0.5, Flashes: []int{15, 45}}},
			`scenes: [{source: a.mp4, fit: cover}]`, []float64{0.5, 1.5}, 60, "", "", nil},
		{"HEVC 10-bit, sound 0.5s early (mp4)",
			[]fftest.SyncClip{{Name: "a.mp4", VideoCodec: "libx265", PixFmt: "yuv420p10le", AudioLead: 0.5, Flashes: []int{15, 45}}},
			`scenes: [{source: a.mp4}]`, []float64{0.5, 1.5}, 60, "", "", nil},
		{"ProRes and PCM, sound 0.3s late (mov)",
			[]fftest.SyncClip{{Name: "a.mov", VideoCodec: "prores_ks", AudioCodec: "pcm_s16le", AudioLead: -0.3, Flashes: []int{20, 50}}},
			`scenes: [{source: a.mov}]`, []float64{20.0 / 30, 50.0 / 30}, 60, "", "", nil},
		{"VP9 and Vorbis, sound 0.4s early, container at 5s (webm)",
			[]fftest.SyncClip{{Name: "a.webm", VideoCodec: "libvpx-vp9", AudioCodec: "libvorbis", AudioLead: 0.4, StartOffset: 5, Flashes: []int{15}}},
			`scenes: [{source: a.webm}]`, []float64{0.5}, 60, "", "", nil},
		{"MPEG-2 and MP2 at 25 fps, sound 0.2s late (ts)",
			[]fftest.SyncClip{{Name: "a.ts", VideoCodec: "mpeg2video", AudioCodec: "mp2", FPS: "25", AudioLead: -0.2, Flashes: []int{12}}},
			`scenes: [{source: a.ts}]`, []float64{0.48}, 50, "", "", nil},
		{"mono 22.05 kHz sound 0.3s early (mp4)",
			[]fftest.SyncClip{{Name: "a.mp4", SampleRate: 22050, Mono: true, AudioLead: 0.3, Flashes: []int{15, 45}}},
			`scenes: [{source: a.mp4}]`, []float64{0.5, 1.5}, 60, "", "", nil},
		// 18 and 48 frames of 30000/1001 are 0.6006s and 1.6016s: the film
		// frames at 0.6s and 1.6s show them.
		{"29.97 into 25 fps, sound 0.3s early (mp4)",
			[]fftest.SyncClip{{Name: "a.mp4", FPS: "30000/1001", FlashFrames: 2, AudioLead: 0.3, Flashes: []int{18, 48}}},
			`scenes: [{source: a.mp4}]`, []float64{0.6, 1.6}, 50, "", "25", []float64{0.0006, 0.0016}},
		// Frames 66-68 of 60000/1001 are 1.1011s to 1.1512s, 0.8211s to
		// 0.8712s after the trim: the film frame at 0.84s is the first
		// within them; likewise 1.84s for frames 126-128 (1.8221s).
		{"59.94 into 25 fps trimmed 7 frames, sound 0.2s late (mov)",
			[]fftest.SyncClip{{Name: "a.mov", FPS: "60000/1001", FlashFrames: 3, Seconds: 2.5, AudioCodec: "pcm_s16le", AudioLead: -0.2, Flashes: []int{66, 126}}},
			`scenes: [{source: a.mov, trim: {start: 7f}}]`, []float64{0.84, 1.84}, 56, "", "25", []float64{66*1001.0/60000 - 0.28 - 0.84, 126*1001.0/60000 - 0.28 - 1.84}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fps := "30"
			for _, c := range tt.clips {
				fftest.MakeSync(t, dir, c)
				if c.FPS != "" {
					fps = c.FPS
				}
			}
			if tt.fps != "" {
				fps = tt.fps
			}
			out := "out.mp4"
			if tt.out != "" {
				out = "out." + tt.out
			}
			yaml := "output: {path: " + out + ", size: 160x90, fps: " + fps + ", quality: draft}\n" + tt.yaml
			if !strings.Contains(tt.yaml, "audio:") {
				yaml += "\naudio: {loudness: off}\n"
			} else {
				yaml += "\n  loudness: off\n"
			}
			p := renderAudio(t, dir, yaml)
			if tt.frames > 0 && p.Timeline.Frames != tt.frames {
				t.Errorf("the film has %d frames, want %d", p.Timeline.Frames, tt.frames)
			}
			// Matroska starts the film's video 21 ms late (the AAC
			// priming): times count from the first picture.
			v0 := fftest.Info(t, p.Output).Video.StartTime
			flashes := fftest.FlashTimes(t, p.Output)
			offs := fftest.AVOffsets(t, p.Output, len(tt.want))
			for i, off := range offs {
				t.Logf("flash %d at %.4fs, its beep %+.2f ms from it", i, flashes[i]-v0, off*1000)
				if math.Abs(flashes[i]-v0-tt.want[i]) > 0.0005 {
					t.Errorf("flash %d at %.4fs, want %.4f", i, flashes[i]-v0, tt.want[i])
				}
				lag := 0.0
				if tt.lag != nil {
					lag = tt.lag[i]
				}
				if math.Abs(off-lag) > syncTolerance {
					t.Errorf("beep %d comes %+.2f ms after its flash, want %+.2f ± %g", i, off*1000, lag*1000, syncTolerance*1000)
				}
			}
		})
	}
}

// TestAudioSyncLoopedBed loops a video's sound as a bed: the loop is the
// sound from the first picture on (2 s of the 2.5 s stream: the half second
// before the pictures is not part of the clip), so the beep comes with the
// flash and again exactly 2 s later.
func TestAudioSyncLoopedBed(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.MakeSync(t, dir, fftest.SyncClip{Name: "a.mp4", AudioLead: 0.5, Flashes: []int{20}})
	p := renderAudio(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {source: a.mp4, volume: mute}
  - {placeholder: {text: after}, duration: 2s}
audio:
  beds: [{source: a.mp4, loop: true}]
  loudness: off
`)
	flashes, beeps := fftest.FlashTimes(t, p.Output), fftest.BeepTimes(t, p.Output)
	want := []float64{20.0 / 30, 20.0/30 + 2}
	if len(flashes) != 1 || math.Abs(flashes[0]-want[0]) > 0.0005 || len(beeps) != 2 {
		t.Fatalf("flashes at %v, beeps at %v; want a flash at %.4f and beeps at %.4f", flashes, beeps, want[0], want)
	}
	for i, b := range beeps {
		if math.Abs(b-want[i]) > syncTolerance {
			t.Errorf("beep %d at %.4fs, want %.4f ± %g ms", i, b, want[i], syncTolerance*1000)
		}
	}
}

// TestAudioSyncEditListCut renders an MP4 cut by stream copy between
// keyframes: its edit list hides the frames and sound before the cut (the
// decoder still gets them), so the file's timeline starts at the cut. The
// source's sound started 0.5 s before its pictures.
func TestAudioSyncEditListCut(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	src := fftest.MakeSync(t, dir, fftest.SyncClip{Name: "src.mp4", Seconds: 3, AudioLead: 0.5, Flashes: []int{50}})
	// 1.4 s after the container's start is 0.9 s into the pictures: 0.1 s
	// after a keyframe (every 12 frames).
	if out, err := osexec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-ss", "1.4", "-i", src,
		"-c", "copy", filepath.Join(dir, "cut.mp4")).CombinedOutput(); err != nil {
		t.Fatalf("cutting: %v\n%s", err, out)
	}
	p := renderAudio(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {source: cut.mp4}
  - {source: cut.mp4, trim: {start: 0.6s}}
audio: {loudness: off}
`)
	// The flash is 50/30 - 0.9 s into the cut; the second scene starts at
	// the cut's end (2.1 s, 63 frames) and skips 0.6 s of it.
	flash := 50.0/30 - 0.9
	want := []float64{flash, 63.0/30 + flash - 0.6}
	flashes := fftest.FlashTimes(t, p.Output)
	for i, off := range fftest.AVOffsets(t, p.Output, 2) {
		t.Logf("flash %d at %.4fs, its beep %+.2f ms from it", i, flashes[i], off*1000)
		if math.Abs(flashes[i]-want[i]) > 0.0005 || math.Abs(off) > syncTolerance {
			t.Errorf("flash %d at %.4fs with its beep %+.2f ms from it; want %.4f, 0 ± %g", i, flashes[i], off*1000, want[i], syncTolerance*1000)
		}
	}
}
