package probe

import (
	"strconv"
	"strings"
)

// streamDuration is how long a stream lasts from its own start, in seconds.
// It is the stream's duration when the demuxer knows it (MP4, MOV,
// MPEG-TS; Opus in Ogg gives an end time, see endTime). Otherwise it comes from a value that FFmpeg's muxers write as an
// end time, counted from zero rather than from the stream's start, so the
// start is taken off:
//   - Matroska's DURATION tag (FFmpeg writes the stream's last timestamp;
//     mkvmerge, which marks its statistics tags, writes a length);
//   - the container's duration (Matroska's segment and MOV's movie
//     duration both run from zero; other formats give a length).
//
// An ffmpeg-made MKV with AAC starts its video about 21 ms late (the
// encoder's priming), and one written with -output_ts_offset 10 says
// DURATION=12 for 2 s of pictures: taken as lengths, they gave scenes a
// held frame too many, or ten seconds of them.
func streamDuration(s rawStream, info *Info, start float64) float64 {
	if d, ok := s.Duration.float(); ok && d > 0 {
		if endTime(info.Format, s.CodecName) && d > start {
			d -= start
		}
		return d
	}
	if d, ok := clockDuration(string(s.Tags["DURATION"])); ok && d > 0 {
		if _, mkvmerge := s.Tags["_STATISTICS_WRITING_APP"]; !mkvmerge && d > start {
			d -= start
		}
		return d
	}
	if d := info.Duration; d > start && countsFromZero(info.Format) {
		return d - start
	}
	return info.Duration
}

// endTime reports streams whose own duration FFmpeg gives as an end time:
// Opus in Ogg (FFmpeg 5.1's demuxer takes the last page's granule position,
// which counts from zero, so a file written at -output_ts_offset 3 with
// 1.5 s of sound says 4.5 s; Vorbis and Speex in Ogg say 1.5 s). Taken as a
// length, the sound looked truncated and a looped bed had a gap.
func endTime(format, codec string) bool {
	return format == "ogg" && codec == "opus"
}

// countsFromZero reports formats whose container duration is an end time
// (from timestamp zero, including a late start) rather than a length.
func countsFromZero(format string) bool {
	return strings.HasPrefix(format, "matroska") || strings.HasPrefix(format, "mov,")
}

// clockDuration parses "HH:MM:SS.fraction" as Matroska muxers write it.
func clockDuration(s string) (float64, bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) != 3 {
		return 0, false
	}
	var total float64
	for _, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 {
			return 0, false
		}
		total = total*60 + v
	}
	return total, true
}
