package fftest

import (
	"encoding/json"
	"strconv"
	"testing"
)

// Stream is one stream of a file as ffprobe reports it, with the fields
// stream-layout tests compare.
type Stream struct {
	Type           string `json:"codec_type"`
	Codec          string `json:"codec_name"`
	Profile        string `json:"profile"`
	PixFmt         string `json:"pix_fmt"`
	Width          int    `json:"width"`
	Height         int    `json:"height"`
	FrameRate      string `json:"r_frame_rate"`
	ColorSpace     string `json:"color_space"`
	ColorPrimaries string `json:"color_primaries"`
	ColorTransfer  string `json:"color_transfer"`
	ColorRange     string `json:"color_range"`
	SampleRate     string `json:"sample_rate"`
	Channels       int    `json:"channels"`
	Duration       string `json:"duration"`
}

// Streams lists the streams of path, and the container's format name and
// duration in seconds.
func Streams(t testing.TB, path string) (streams []Stream, format string, seconds float64) {
	t.Helper()
	Require(t)
	out := run(t, FFprobe(), "-v", "error", "-print_format", "json", "-show_streams", "-show_format", "-i", path)
	var v struct {
		Streams []Stream `json:"streams"`
		Format  struct {
			Name     string `json:"format_name"`
			Duration string `json:"duration"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("fftest: ffprobe %s: %v", path, err)
	}
	d, _ := strconv.ParseFloat(v.Format.Duration, 64)
	return v.Streams, v.Format.Name, d
}

// StreamSeconds decodes the first stream of kind ("v" or "a") of path and
// returns the end of its last frame in seconds (its pts plus duration).
func StreamSeconds(t testing.TB, path, kind string) float64 {
	t.Helper()
	Require(t)
	out := run(t, FFprobe(), "-v", "error", "-select_streams", kind+":0", "-show_entries", "frame=best_effort_timestamp_time,pkt_duration_time",
		"-of", "json", "-i", path)
	var v struct {
		Frames []struct {
			PTS string `json:"best_effort_timestamp_time"`
			Dur string `json:"pkt_duration_time"`
		} `json:"frames"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("fftest: ffprobe %s: %v", path, err)
	}
	end := 0.0
	for _, f := range v.Frames {
		p, _ := strconv.ParseFloat(f.PTS, 64)
		d, _ := strconv.ParseFloat(f.Dur, 64)
		end = max(end, p+d)
	}
	return end
}
