package probe_test

import (
	"context"
	"errors"
	"image"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/probe"
)

func TestProbeRealFiles(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	tests := []struct {
		clip  fftest.Clip
		check func(t *testing.T, info *probe.Info)
	}{
		{fftest.Clip{Name: "a24.mp4", FPS: "24", Audio: true}, func(t *testing.T, info *probe.Info) {
			v, a := info.Video, info.Audio
			if v.FPS != frac.New(24, 1) || v.Frames != 24 || !v.FramesExact || v.VFR || v.Still || v.Codec != "h264" {
				t.Errorf("video %+v", v)
			}
			if a == nil || a.SampleRate != 48000 || a.Channels != 2 || a.Codec != "aac" {
				t.Errorf("audio %+v", a)
			}
		}},
		{fftest.Clip{Name: "s30.mkv", FPS: "30", Seconds: 0.5}, func(t *testing.T, info *probe.Info) {
			if info.Audio != nil || info.Video.FPS != frac.New(30, 1) || info.Video.Frames != 15 || info.Video.FramesExact {
				t.Errorf("silent mkv: audio %v, video %+v; want no audio, 30 fps, 15 estimated frames", info.Audio, info.Video)
			}
		}},
		{fftest.Clip{Name: "r90.mp4", Rotate: 90, Pattern: "gradient", Seconds: 0.2}, rotated(90)},
		{fftest.Clip{Name: "r180.mp4", Rotate: 180, Pattern: "gradient", Seconds: 0.2}, rotated(180)},
		{fftest.Clip{Name: "r270.mp4", Rotate: 270, Pattern: "gradient", Seconds: 0.2}, rotated(270)},
		{fftest.Clip{Name: "vfr.mp4", VFR: true}, func(t *testing.T, info *probe.Info) {
			if v := info.Video; !v.VFR || v.Frames >= 30 || !v.FramesExact {
				t.Errorf("VFR clip: %+v", v)
			}
		}},
		{fftest.Clip{Name: "s.png"}, still},
		{fftest.Clip{Name: "s.jpg"}, still},
		{fftest.Clip{Name: "full.mp4", Range: "pc", Seconds: 0.2}, func(t *testing.T, info *probe.Info) {
			if info.Video.ColorRange != "pc" {
				t.Errorf("color range %q, want pc", info.Video.ColorRange)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.clip.Name, func(t *testing.T) {
			path := fftest.Make(t, dir, tt.clip)
			info, err := probe.Probe(context.Background(), fftest.FFprobe(), path)
			if err != nil {
				t.Fatal(err)
			}
			if info.Path != path || info.Video == nil || info.Video.Width != 160 || info.Video.Height != 90 {
				t.Fatalf("info %+v video %+v", info, info.Video)
			}
			tt.check(t, info)
		})
	}
}

// rotated checks the clockwise rotation against what ffmpeg's autorotation
// does to a gradient that runs from black (left) to white (right): turned
// 90° clockwise, black is on top.
func rotated(deg int) func(*testing.T, *probe.Info) {
	return func(t *testing.T, info *probe.Info) {
		v := info.Video
		if v.Rotation != deg {
			t.Errorf("rotation %d, want %d", v.Rotation, deg)
		}
		img := fftest.Frame(t, info.Path, 0)
		b := img.Bounds()
		if v.DisplayWidth != b.Dx() || v.DisplayHeight != b.Dy() {
			t.Errorf("display %dx%d, but ffmpeg shows %dx%d", v.DisplayWidth, v.DisplayHeight, b.Dx(), b.Dy())
		}
		corners := map[int]image.Point{ // where the black edge ends up
			90: {b.Dx() / 2, 2}, 180: {b.Dx() - 3, b.Dy() / 2}, 270: {b.Dx() / 2, b.Dy() - 3}}
		if p := corners[deg]; img.RGBAAt(p.X, p.Y).R > 30 {
			t.Errorf("ffmpeg shows %v at %v, want the black edge there", img.RGBAAt(p.X, p.Y), p)
		}
	}
}

func still(t *testing.T, info *probe.Info) {
	if v := info.Video; !v.Still || v.Frames != 1 || info.Duration != 0 || v.Duration != 0 {
		t.Errorf("still %s: %+v (duration %v)", info.Format, v, info.Duration)
	}
}

func TestProbeErrors(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.mp4")
	junk := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	if err := os.WriteFile(corrupt, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := probe.Probe(context.Background(), fftest.FFprobe(), corrupt)
	if want := "probe " + corrupt + ": Invalid data found when processing input"; err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "0x") {
		t.Errorf("corrupt: err = %v, want it to start with %q", err, want)
	}
	missing := filepath.Join(dir, "missing.mp4")
	_, err = probe.Probe(context.Background(), fftest.FFprobe(), missing)
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "probe "+missing+": ") {
		t.Errorf("missing: err = %v, want probe %s: ... matching fs.ErrNotExist", err, missing)
	}
	_, err = probe.Probe(context.Background(), filepath.Join(dir, "no-ffprobe"), corrupt)
	if err == nil || !strings.Contains(err.Error(), "no-ffprobe") {
		t.Errorf("missing ffprobe: err = %v", err)
	}
}

func TestFFprobeMessage(t *testing.T) {
	tests := []struct{ stderr, want string }{
		{"", ""},
		{"x.mp4: Invalid data found when processing input\n", "Invalid data found when processing input"},
		{"[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d] moov atom not found\nx.mp4: Invalid data found when processing input\n",
			"Invalid data found when processing input (moov atom not found)"},
		{"a\nb\nc\nd\n", "d (b; c)"},
	}
	for _, tt := range tests {
		if got := probe.FFprobeMessage(tt.stderr, "x.mp4"); got != tt.want {
			t.Errorf("ffprobeMessage(%q) = %q, want %q", tt.stderr, got, tt.want)
		}
	}
}

func TestProbeCancelled(t *testing.T) {
	fftest.Require(t)
	path := fftest.Make(t, t.TempDir(), fftest.Clip{Name: "c.mp4", Seconds: 0.2})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := probe.Probe(ctx, fftest.FFprobe(), path); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
