package grade_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/looks"
	"github.com/reel-film/reel/pipeline/grade"
)

// yuvStats measures a clip's frames as the analysis stage does.
func yuvStats(t *testing.T, clip string) grade.Stats {
	t.Helper()
	raw := filepath.Join(t.TempDir(), "raw.yuv")
	ffmpegRun(t, "-nostdin", "-v", "error", "-i", clip, "-vf", "fps=8,scale=64:36:out_color_matrix=bt709:out_range=tv,format=yuv444p",
		"-frames:v", "8", "-f", "rawvideo", raw)
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	st, err := grade.Measure(b, 64, 36)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestMatchReducesDeltaE makes shots of one scene with deliberate colour
// casts and exposure shifts, matches each to the clean reference, and
// measures the delta E of each shot's mean colour to the reference's mean:
// matching must remove at least 60% of it.
func TestMatchReducesDeltaE(t *testing.T) {
	dir := t.TempDir()
	src := "testsrc2=s=160x90:r=30:d=1"
	ref := filepath.Join(dir, "ref.mp4")
	ffmpegRun(t, "-nostdin", "-v", "error", "-f", "lavfi", "-i", src, "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", ref)
	casts := map[string]string{
		"warm-bright": "colorchannelmixer=rr=1.15:bb=0.8,eq=brightness=0.08",
		"cold-dark":   "colorchannelmixer=rr=0.8:gg=0.95:bb=1.1,eq=brightness=-0.1:contrast=0.85",
		"green-flat":  "colorchannelmixer=rr=0.9:gg=1.1:bb=0.9,eq=contrast=0.7:saturation=0.8",
		"magenta":     "colorchannelmixer=rr=1.1:gg=0.85:bb=1.1",
	}
	want := meanRGB(t, ref)
	for name, vf := range casts {
		t.Run(name, func(t *testing.T) {
			shot := filepath.Join(dir, name+".mp4")
			ffmpegRun(t, "-nostdin", "-v", "error", "-f", "lavfi", "-i", src, "-vf", vf, "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", shot)
			corr := grade.Match(yuvStats(t, shot), yuvStats(t, ref))
			matched := filepath.Join(dir, name+"-matched.mp4")
			vf := "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p," + grade.Compile(looks.Look{}, 1, corr).Filters()[1].String()
			ffmpegRun(t, "-nostdin", "-v", "error", "-i", shot, "-vf", vf, "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", matched)
			before, after := grade.DeltaE(meanRGB(t, shot), want), grade.DeltaE(meanRGB(t, matched), want)
			t.Logf("%s: ΔE of the mean to the reference: %.2f unmatched, %.2f matched (%.0f%% less)", name, before, after, 100*(1-after/before))
			if after > 0.4*before {
				t.Errorf("%s: matching took ΔE from %.2f to %.2f, want at least 60%% less", name, before, after)
			}
		})
	}
}

// meanRGB is the mean colour of a few frames of clip.
func meanRGB(t *testing.T, clip string) grade.RGB {
	var sum [3]float64
	frames := []int{0, 10, 20}
	for _, n := range frames {
		m := fftest.MeanRGB(t, clip, n)
		for i := range sum {
			sum[i] += m[i] / float64(len(frames))
		}
	}
	return grade.RGB8(sum[0], sum[1], sum[2])
}
