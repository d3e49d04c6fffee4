package probe

import (
	"bytes"
	"context"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// rowOrderCodecs are the codecs whose decoders flag a frame interlaced for
// the order its rows are stored in, not for fields: FFmpeg's PNG decoder
// flags every Adam7 picture (PNG in MOV, APNG), and GIF has an interlaced
// row order too. Their pictures are whole; bwdif would only blur them.
var rowOrderCodecs = map[string]bool{"png": true, "apng": true, "gif": true}

// parsedFieldCodecs are the codecs whose field order FFmpeg reads from the
// bitstream itself (the H.264 sequence parameters, MPEG-2's progressive
// flags; VP8, VP9 and AV1 are progressive only): when their stream says
// "progressive", decoding a frame would only confirm it, so it is skipped
// (a probe process less per clip: tens of milliseconds of CPU).
var parsedFieldCodecs = map[string]bool{"h264": true, "mpeg2video": true, "mpeg1video": true, "vp8": true, "vp9": true, "av1": true}

// fieldArgs decode the first picture of the first video stream and print
// its interlacing flags ("1|1": interlaced, top field first).
var fieldArgs = []string{"-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
	"-show_entries", "frame=interlaced_frame,top_field_first", "-of", "compact=p=0:nk=1"}

// fields sets the field order of a moving picture that the stream does not
// flag as interlaced but whose first frame says it is: FFmpeg takes the
// stream's field order from the container or the parser, and some
// codecs flag interlacing only in each frame (ProRes in a MOV without a
// fiel atom, as FFmpeg itself writes it; HEVC). A clip whose stream says
// nothing would otherwise never be deinterlaced under `auto`. Decoding one
// frame is cheap; a file that cannot be decoded keeps what the stream says
// (the scan reports its problems).
func fields(ctx context.Context, ffprobe, path string, info *Info) {
	v := info.Video
	if v == nil || v.Still || v.Interlaced() || rowOrderCodecs[v.Codec] ||
		(v.FieldOrder == "progressive" && parsedFieldCodecs[v.Codec]) {
		return
	}
	var out bytes.Buffer
	args := append(append([]string(nil), fieldArgs...), "-i", path)
	if _, err := ffmpeg.Run(ctx, ffprobe, args, ffmpeg.RunOptions{Stdout: &out}); err != nil {
		return
	}
	if order := frameFieldOrder(out.String()); order != "" {
		v.FieldOrder = order
	}
}

// frameFieldOrder reads fieldArgs' output: "tt" or "bb" for an interlaced
// first frame, "" otherwise.
func frameFieldOrder(out string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	interlaced, tff, _ := strings.Cut(strings.TrimSpace(line), "|")
	if interlaced != "1" {
		return ""
	}
	if strings.TrimRight(tff, "|") == "1" {
		return "tt"
	}
	return "bb"
}
