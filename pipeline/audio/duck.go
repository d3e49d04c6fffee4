package audio

import (
	"math"
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// duckThreshold is the key level above which ducking starts: -50 dBFS,
// under any speech and over digital silence and faint room tone.
const duckThreshold = 0.003162

// Duck returns a sidechain compressor whose first input is the bed and
// whose second is the key (scene audio and voice-over). With the highest
// ratio the compressed bed all but vanishes under speech; mixing back
// 10^(amount/20) of the dry bed (mix = 1 - that) sets the depth: about
// amountDB under speech louder than -30 dBFS, less under quieter speech,
// and none in silence. Attack and release are in milliseconds.
func Duck(amountDB, attackMS, releaseMS float64) ffmpeg.Filter {
	dry := math.Pow(10, amountDB/20)
	return ffmpeg.F("sidechaincompress",
		"threshold", strconv.FormatFloat(duckThreshold, 'f', -1, 64),
		"ratio", "20", "knee", "1", "detection", "rms", "link", "maximum",
		"attack", ms(attackMS), "release", ms(releaseMS),
		"mix", strconv.FormatFloat(1-dry, 'f', 4, 64))
}

func ms(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
