package grade

import (
	"math"
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// LUTFilters apply a .cube file (dim 1 or 3) to BT.709 TV-range Y'CbCr
// frames: to float RGB (lut3d is faster on float planes and nothing clips
// on the way), the LUT, and back to 8-bit 4:2:0. This is the only grade
// that leaves Y'CbCr: about 10 ms a 720p frame.
func LUTFilters(path string, dim int) []ffmpeg.Filter {
	name := "lut3d"
	if dim == 1 {
		name = "lut1d"
	}
	const flags = "accurate_rnd+full_chroma_int"
	return []ffmpeg.Filter{
		ffmpeg.F("scale", "in_color_matrix", "bt709", "in_range", "tv", "flags", flags),
		ffmpeg.F("format", "pix_fmts", "gbrpf32le"),
		ffmpeg.F(name, "file", path),
		ffmpeg.F("scale", "out_color_matrix", "bt709", "out_range", "tv", "flags", flags),
		ffmpeg.F("format", "pix_fmts", "yuv420p"),
	}
}

// MixFilter blends its first input (the graded frames) over its second (the
// original) at opacity i: how a LUT's intensity is applied.
func MixFilter(i float64) ffmpeg.Filter {
	return ffmpeg.F("blend", "all_mode", "normal", "all_opacity", num(clamp01(i)))
}

// Extras are the looks that are not colour maps, each 0..1 (0: off).
type Extras struct {
	Vignette float64 // darkened corners: the lens angle up to 60°
	Grain    float64 // temporal film grain on luma, up to ±30 codes
	Sharpen  float64 // unsharp mask on luma, up to 1.5
}

// Filters are the filters of the extras that are on, in the order
// vignette, grain, sharpen.
func (e Extras) Filters() []ffmpeg.Filter {
	var fs []ffmpeg.Filter
	if e.Vignette > 0 {
		fs = append(fs, ffmpeg.F("vignette", "angle", num(round4(clamp01(e.Vignette)*math.Pi/3))))
	}
	if e.Grain > 0 {
		s := max(1, int(math.Round(clamp01(e.Grain)*30)))
		fs = append(fs, ffmpeg.F("noise", "c0s", strconv.Itoa(s), "c0f", "t+u"))
	}
	if e.Sharpen > 0 {
		fs = append(fs, ffmpeg.F("unsharp", "lx", "5", "ly", "5", "la", num(round4(clamp01(e.Sharpen)*1.5)),
			"cx", "5", "cy", "5", "ca", "0"))
	}
	return fs
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
