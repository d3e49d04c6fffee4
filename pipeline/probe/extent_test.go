package probe_test

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestScanIntactFiles: in files that are whole, the packets end where the
// header says (the picture within a frame; the sound no earlier than 30 ms
// before, since MPEG-TS headers only estimate), in every container and codec
// reel reads: no false alarm about a source that decodes short.
func TestScanIntactFiles(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string // ffmpeg output options; nil for fftest.Make
	}{
		{"a.mp4", nil}, {"a.mkv", nil}, {"a.mov", nil},
		{"a.ts", []string{"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"}},
		{"a.webm", []string{"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"}},
		{"a.m4a", []string{"-vn"}}, {"a.mp3", []string{"-vn"}}, {"a.wav", []string{"-vn"}},
		{"a.flac", []string{"-vn"}}, {"a.ogg", []string{"-vn", "-c:a", "libopus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if tt.args == nil {
				fftest.Make(t, dir, fftest.Clip{Name: tt.name, FPS: "24", Seconds: 1.3, Audio: true})
			} else {
				args := append([]string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=24:d=1.3",
					"-f", "lavfi", "-i", "sine=d=1.3"}, tt.args...)
				if out, err := exec.Command(fftest.FFmpeg(), append(args, path)...).CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
			}
			info, err := probe.Probe(context.Background(), fftest.FFprobe(), path)
			if err != nil {
				t.Fatal(err)
			}
			ext, err := probe.Scan(context.Background(), fftest.FFprobe(), path, info)
			if err != nil {
				t.Fatal(err)
			}
			if len(ext.Problems) > 0 {
				t.Errorf("problems in an intact file: %q", ext.Problems)
			}
			if v := info.Video; v != nil {
				if got := ext.VideoEnd - v.StartTime; ext.VideoPackets < 30 || math.Abs(got-v.Duration) > 1.0/24+0.002 {
					t.Errorf("video: %d packets ending at %.3fs; header %.3fs", ext.VideoPackets, got, v.Duration)
				}
			}
			a := info.Audio
			if got := ext.AudioEnd - a.StartTime; ext.AudioPackets < 10 || got < a.Duration-0.03 || got > a.Duration+0.1 {
				t.Errorf("audio: %d packets ending at %.3fs; header %.3fs from %.3fs", ext.AudioPackets, got, a.Duration, a.StartTime)
			}
		})
	}
}

// TestScanTruncated: a file cut in half is found short, with the demuxer's
// complaint; an image cut short decodes to nothing.
func TestScanTruncated(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	for _, name := range []string{"a.mkv", "b.png"} {
		src := fftest.Make(t, dir, fftest.Clip{Name: name, FPS: "24", Seconds: 2, Audio: name == "a.mkv", Width: 320, Height: 180})
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		cut := filepath.Join(dir, "cut-"+name)
		if err := os.WriteFile(cut, b[:len(b)/2], 0o644); err != nil {
			t.Fatal(err)
		}
		info, err := probe.Probe(context.Background(), fftest.FFprobe(), cut)
		if err != nil {
			t.Fatal(err)
		}
		ext, err := probe.Scan(context.Background(), fftest.FFprobe(), cut, info)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case info.Video.Still:
			if ext.VideoPackets != 0 || len(ext.Problems) == 0 {
				t.Errorf("%s: %+v, want no frame and a complaint", name, ext)
			}
		default:
			if ext.VideoEnd > 1.5 || ext.VideoPackets > 36 || ext.AudioEnd > 1.5 || len(ext.Problems) == 0 {
				t.Errorf("%s: %+v, want about a second of packets and a complaint (header %.3fs)", name, ext, info.Video.Duration)
			}
		}
	}
}
