package pipeline_test

import (
	"encoding/binary"
	"math"
	osexec "os/exec"
	"regexp"
	"strconv"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/plan"
)

// renderAudio writes project.yaml into dir, renders it without the cache
// and returns the plan.
func renderAudio(t *testing.T, dir, yaml string) *plan.Plan {
	t.Helper()
	return renderWith(t, dir, yaml, pipeline.Cache{Off: true}).Plan
}

// decodeMono decodes the first audio stream of path to 48 kHz mono floats
// (the left channel).
func decodeMono(t *testing.T, path string) []float64 {
	t.Helper()
	out, err := osexec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0",
		"-af", "pan=mono|c0=c0", "-ar", "48000", "-f", "f32le", "-").Output()
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	s := make([]float64, len(out)/4)
	for i := range s {
		s[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(out[i*4:])))
	}
	return s
}

// toneDB is the level in dB of the freq Hz component of s[from:to] seconds
// (Goertzel), 0 dB for a full-scale sine.
func toneDB(s []float64, from, to, freq float64) float64 {
	a, b := int(from*48000), int(to*48000)
	w := 2 * math.Pi * freq / 48000
	var s1, s2 float64
	for _, x := range s[a:b] {
		s1, s2 = x+2*math.Cos(w)*s1-s2, s1
	}
	power := s1*s1 + s2*s2 - 2*math.Cos(w)*s1*s2
	amp := 2 * math.Sqrt(power) / float64(b-a)
	return 20 * math.Log10(amp+1e-12)
}

var (
	integratedRe = regexp.MustCompile(`(?s)Integrated loudness:\s+I:\s+(-?[0-9.]+) LUFS`)
	truePeakRe   = regexp.MustCompile(`(?s)True peak:\s+Peak:\s+(-?[0-9.inf]+) dBFS`)
)

// loudness measures path with ebur128: integrated LUFS and true peak dBTP.
func loudness(t *testing.T, path string) (lufs, peak float64) {
	t.Helper()
	out, err := osexec.Command(fftest.FFmpeg(), "-nostdin", "-hide_banner", "-nostats", "-i", path,
		"-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ebur128 %s: %v", path, err)
	}
	i, p := integratedRe.FindSubmatch(out), truePeakRe.FindSubmatch(out)
	if i == nil || p == nil {
		t.Fatalf("no ebur128 summary in:\n%s", out)
	}
	lufs, _ = strconv.ParseFloat(string(i[1]), 64)
	peak, _ = strconv.ParseFloat(string(p[1]), 64)
	return lufs, peak
}
