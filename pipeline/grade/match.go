package grade

import (
	"fmt"
	"math"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// Stats are the colour statistics of a shot: the mean and standard
// deviation of each 8-bit plane of its sampled frames (BT.709 TV-range
// Y'CbCr code values).
type Stats struct {
	Mean [3]float64 `json:"mean"` // Y, Cb, Cr
	Std  [3]float64 `json:"std"`
	N    int        `json:"n"` // pixels measured
}

// MeasureFormat is the filter that ends the analysis pass's chain: it
// gives the frames as Measure reads them (with -f rawvideo).
func MeasureFormat() ffmpeg.Filter { return ffmpeg.F("format", "pix_fmts", "yuv444p") }

// Measure computes the statistics of planar 8-bit Y'CbCr 4:4:4 frames
// (Y plane, Cb plane, Cr plane, each w·h bytes, frame after frame), as
// MeasureFormat and -f rawvideo write them.
func Measure(raw []byte, w, h int) (Stats, error) {
	plane := w * h
	if plane == 0 || len(raw) == 0 || len(raw)%(3*plane) != 0 {
		return Stats{}, fmt.Errorf("grade: %d bytes are not whole %dx%d yuv444p frames", len(raw), w, h)
	}
	var sum, sq [3]float64
	n := 0
	for f := 0; f < len(raw); f += 3 * plane {
		for c := 0; c < 3; c++ {
			for _, b := range raw[f+c*plane : f+(c+1)*plane] {
				v := float64(b)
				sum[c] += v
				sq[c] += v * v
			}
		}
		n += plane
	}
	var s Stats
	s.N = n
	for c := range sum {
		s.Mean[c] = sum[c] / float64(n)
		s.Std[c] = math.Sqrt(math.Max(0, sq[c]/float64(n)-s.Mean[c]*s.Mean[c]))
	}
	return s, nil
}

// Correction is a per-plane map that makes one shot's statistics those of a
// reference; it runs before the look, inside the same lutyuv.
type Correction struct{ Y, U, V Table }

// Match builds the correction that gives shot the mean and contrast of ref:
// on each plane v' = ref.mean + k·(v − shot.mean), with k the ratio of the
// standard deviations, held to 0.5..2 (chroma 0.5..1.5) so a nearly flat
// shot is not blown up.
func Match(shot, ref Stats) *Correction {
	plane := func(c int, kmax, lo, hi float64) Table {
		k := 1.0
		if shot.Std[c] > 0.5 && ref.Std[c] > 0.5 {
			k = clamp(ref.Std[c]/shot.Std[c], 0.5, kmax)
		}
		return newTable(func(v float64) float64 { return ref.Mean[c] + k*(v-shot.Mean[c]) }, lo, hi)
	}
	return &Correction{Y: plane(0, 2, 16, 235), U: plane(1, 1.5, 16, 240), V: plane(2, 1.5, 16, 240)}
}
