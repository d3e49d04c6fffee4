package pipeline_test

import (
	"math"
	osexec "os/exec"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestAudioSyncBedStartOffsets loops sound-only beds written with their
// streams starting late (the container's start moved with
// -output_ts_offset, as recorders and ffmpeg write them) in each audio
// format: the bed's time zero is its first sound, whatever the start
// time or the samples the decoder drops (Vorbis written late, Opus in
// WebM: their first decoded sample comes after the stream's start), and
// each repetition is the sound's own length (a length read as an end time,
// as FFmpeg gives Opus in Ogg, made the file look truncated and the loop
// leave a gap). The sound is 1.5 s with a beep at 0.5 s, looped
// from 1 s: beeps at 1.5 s and 3 s.
func TestAudioSyncBedStartOffsets(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	beep := filepath.Join(dir, "beep.wav")
	if out, err := osexec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
		"aevalsrc=between(t\\,0.5\\,0.56)*0.5*sin(2*PI*1000*(t-0.5)):s=48000:d=1.5", beep).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"bed.wav", nil},
		{"bed.flac", []string{"-output_ts_offset", "1"}},
		{"bed.mp3", []string{"-output_ts_offset", "3"}},
		{"bed.m4a", nil},
		{"bed.mka", []string{"-c:a", "flac", "-output_ts_offset", "3"}},
		{"bed.ogg", []string{"-c:a", "libvorbis", "-output_ts_offset", "2"}},
		{"bed.oga", []string{"-c:a", "libvorbis", "-f", "ogg"}},
		{"bed.opus", []string{"-c:a", "libopus", "-output_ts_offset", "3"}},
		{"bed.webm", []string{"-c:a", "libopus", "-output_ts_offset", "0.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := filepath.Join(dir, tt.name+"-dir")
			args := append(append([]string{"-nostdin", "-v", "error", "-y", "-i", beep}, tt.args...), filepath.Join(sub, tt.name))
			if out, err := osexec.Command("mkdir", sub).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if out, err := osexec.Command(fftest.FFmpeg(), args...).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			p := renderAudio(t, sub, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: one}, duration: 1s}
  - {id: two, placeholder: {text: two}, duration: 3s}
audio:
  beds: [{source: `+tt.name+`, start: {scene: two}, loop: true}]
  loudness: off
`)
			beeps := fftest.BeepTimes(t, p.Output)
			want := []float64{1.5, 3}
			if len(beeps) != len(want) {
				t.Fatalf("beeps at %v, want at %v", beeps, want)
			}
			for i, b := range beeps {
				t.Logf("beep %d at %.4fs", i, b)
				if math.Abs(b-want[i]) > syncTolerance {
					t.Errorf("beep %d at %.4fs, want %.4f ± %g ms", i, b, want[i], syncTolerance*1000)
				}
			}
		})
	}
}
