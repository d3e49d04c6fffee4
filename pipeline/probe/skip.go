package probe

import (
	"bytes"
	"context"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// skipArgs decode the first few packets of the first audio stream and
// print their frames' timestamps (a Vorbis stream's first packet gives no
// frame).
var skipArgs = []string{"-v", "error", "-select_streams", "a:0", "-read_intervals", "%+#4",
	"-show_entries", "frame=pts_time", "-of", "csv=p=0"}

// maxSkip bounds Audio.Skip: decoders drop a block or a pre-skip (a few
// milliseconds), never seconds; a larger difference is not one.
const maxSkip = 0.1

// skip sets Audio.Skip for a file without moving pictures, whose sound's
// time zero is its first decoded sample (see Info.Origin). A file that
// cannot be decoded keeps 0 (the scan reports its problems).
func skip(ctx context.Context, ffprobe, path string, info *Info) {
	a := info.Audio
	if a == nil || (info.Video != nil && !info.Video.Still) {
		return
	}
	var out bytes.Buffer
	args := append(append([]string(nil), skipArgs...), "-i", path)
	if _, err := ffmpeg.Run(ctx, ffprobe, args, ffmpeg.RunOptions{Stdout: &out}); err != nil {
		return
	}
	a.Skip = firstSkip(out.String(), start(a.StartPTS, a.TimeBase, a.StartTime))
}

// firstSkip reads skipArgs' output: how far after start the first frame
// lies, if that is above 0 and under maxSkip; else 0.
func firstSkip(out string, start float64) float64 {
	for _, line := range strings.Split(out, "\n") {
		t, ok := scalar(strings.Trim(strings.TrimSpace(line), ",")).float()
		if !ok {
			continue
		}
		if d := t - start; d > 1e-6 && d < maxSkip {
			return d
		}
		return 0
	}
	return 0
}
