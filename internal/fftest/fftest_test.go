package fftest

import (
	"math"
	"testing"
)

func TestIndexPatternReadsBack(t *testing.T) {
	for _, rng := range []string{"tv", "pc"} {
		t.Run(rng, func(t *testing.T) {
			path := Make(t, t.TempDir(), Clip{Name: "i.mp4", Pattern: "index", Seconds: 1.5, Range: rng})
			if v := Info(t, path).Video; rng == "pc" && v.ColorRange != "pc" {
				t.Errorf("color_range = %q, want pc", v.ColorRange)
			}
			if got := FrameCount(t, path); got != 45 {
				t.Fatalf("FrameCount = %d, want 45", got)
			}
			for _, n := range []int{0, 1, 7, 31, 33, 44} {
				if got := FrameIndex(Frame(t, path, n)); got != n%32 {
					t.Errorf("frame %d: FrameIndex = %d, want %d", n, got, n%32)
				}
			}
		})
	}
}

func TestColorMean(t *testing.T) {
	tests := []struct {
		color string
		want  [3]float64
	}{
		{"red", [3]float64{255, 0, 0}},
		{"#00ff00", [3]float64{0, 255, 0}},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		path := Make(t, dir, Clip{Name: tt.color[1:] + ".mp4", Color: tt.color, Seconds: 0.2})
		got := MeanRGB(t, path, 3, 0.5)
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 6 {
				t.Errorf("%s: MeanRGB = %.1f, want %v ± 6", tt.color, got, tt.want)
				break
			}
		}
	}
}

func TestGradient(t *testing.T) {
	img := Frame(t, Make(t, t.TempDir(), Clip{Name: "g.png", Pattern: "gradient"}), 0)
	left, right := img.RGBAAt(2, 45), img.RGBAAt(157, 45)
	if left.R > 10 || right.R < 245 || left.R != left.B || right.G != right.B {
		t.Errorf("gradient: left %v, right %v; want grey from black to white", left, right)
	}
}

func TestAudio(t *testing.T) {
	tests := []struct {
		clip     Clip
		rate, ch int
	}{
		{Clip{Name: "a.mp4", Audio: true, Seconds: 1}, 48000, 2},
		{Clip{Name: "b.mp4", Audio: true, Seconds: 1, SampleRate: 44100, Mono: true}, 44100, 1},
		{Clip{Name: "c.wav", Seconds: 0.5}, 48000, 2},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		st := Audio(t, Make(t, dir, tt.clip))
		want := int64(float64(tt.rate) * tt.clip.Seconds)
		if st.SampleRate != tt.rate || st.Channels != tt.ch || st.Samples < want-1024 || st.Samples > want+1024 {
			t.Errorf("%s: %+v, want %d Hz, %d channels, %d±1024 samples", tt.clip.Name, st, tt.rate, tt.ch, want)
		}
		// ffmpeg's sine has amplitude 1/8 on every channel: RMS 20*log10(1/8/sqrt(2)) = -21.1 dBFS.
		if math.Abs(st.RMSdB+21.1) > 1 {
			t.Errorf("%s: RMS %.2f dBFS, want -21.1 ± 1", tt.clip.Name, st.RMSdB)
		}
	}
}

func TestLayouts(t *testing.T) {
	dir := t.TempDir()
	rot := Make(t, dir, Clip{Name: "r.mp4", Rotate: 90, Seconds: 0.2})
	if v := Info(t, rot).Video; v.Rotation != 90 || v.Width != 160 || v.Height != 90 {
		t.Errorf("rotated: rotation %d, stored %dx%d; want 90, 160x90", v.Rotation, v.Width, v.Height)
	}
	if b := Frame(t, rot, 0).Bounds(); b.Dx() != 90 || b.Dy() != 160 {
		t.Errorf("rotated frame is %v, want 90x160", b)
	}
	vfr := Make(t, dir, Clip{Name: "v.mp4", VFR: true})
	if n := FrameCount(t, vfr); n >= 30 || n < 15 || !Info(t, vfr).Video.VFR() {
		t.Errorf("VFR clip: %d frames, VFR=%v; want fewer than 30 and VFR", n, Info(t, vfr).Video.VFR())
	}
	if got := PixFmt(t, Make(t, dir, Clip{Name: "p.mkv", PixFmt: "yuv444p", Seconds: 0.2})); got != "yuv444p" {
		t.Errorf("PixFmt = %q, want yuv444p", got)
	}
	if n := FrameCount(t, Make(t, dir, Clip{Name: "n.mp4", FPS: "30000/1001", Seconds: 0.5})); n != 15 {
		t.Errorf("30000/1001 for 0.5 s: %d frames, want 15", n)
	}
}
