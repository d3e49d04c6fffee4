package fftest

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// Media is what ffprobe says of a file: the container and its first video
// and audio streams. fftest reads it itself rather than through reel's
// probe (pipeline/probe sits above these helpers), so a test checks reel's
// output with a reader of its own; pipeline/probe/probetest gives reel's
// view of a file.
type Media struct {
	Format    string       // format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
	Duration  float64      // the container's, seconds; 0 when unknown
	StartTime float64      // the container's start, seconds
	Video     *MediaStream // the first video stream that is not a cover picture; nil for none
	Audio     *MediaStream // the first audio stream; nil for none
}

// MediaStream is one stream of Media, as ffprobe reports it.
type MediaStream struct {
	Codec          string // codec_name
	Profile        string // e.g. "High", "LC"; "" when none
	PixFmt         string
	Width, Height  int     // as stored
	Rotation       int     // clockwise display rotation: 0, 90, 180 or 270
	ColorRange     string  // tv | pc | ""
	ColorSpace     string  // bt709, ...; "" when unknown
	ColorPrimaries string  //
	ColorTransfer  string  //
	FrameRate      string  // r_frame_rate, e.g. "30000/1001"
	AvgFrameRate   string  // avg_frame_rate
	SampleRate     int     // Hz
	Channels       int     //
	StartTime      float64 // seconds
	Duration       float64 // the stream's own, seconds; 0 when ffprobe gives none
}

// VFR reports a variable frame rate: the average rate differs from the
// stream's base rate.
func (s *MediaStream) VFR() bool {
	return s.AvgFrameRate != s.FrameRate && s.AvgFrameRate != "0/0" && s.FrameRate != "0/0"
}

// Info reads path with ffprobe (-show_format -show_streams), failing the
// test on error.
func Info(t testing.TB, path string) *Media {
	t.Helper()
	Require(t)
	out := run(t, FFprobe(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-i", path)
	var raw struct {
		Format struct {
			Name      string `json:"format_name"`
			Duration  string `json:"duration"`
			StartTime string `json:"start_time"`
		} `json:"format"`
		Streams []rawStream `json:"streams"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("fftest: reading ffprobe's output for %s: %v", path, err)
	}
	m := &Media{Format: raw.Format.Name, Duration: number(raw.Format.Duration), StartTime: number(raw.Format.StartTime)}
	for _, s := range raw.Streams {
		switch {
		case s.CodecType == "video" && m.Video == nil && s.Disposition["attached_pic"] == 0:
			m.Video = s.stream()
		case s.CodecType == "audio" && m.Audio == nil:
			m.Audio = s.stream()
		}
	}
	return m
}

// rawStream is a stream of ffprobe's JSON.
type rawStream struct {
	CodecType      string            `json:"codec_type"`
	CodecName      string            `json:"codec_name"`
	Profile        string            `json:"profile"`
	PixFmt         string            `json:"pix_fmt"`
	Width          int               `json:"width"`
	Height         int               `json:"height"`
	ColorRange     string            `json:"color_range"`
	ColorSpace     string            `json:"color_space"`
	ColorPrimaries string            `json:"color_primaries"`
	ColorTransfer  string            `json:"color_transfer"`
	RFrameRate     string            `json:"r_frame_rate"`
	AvgFrameRate   string            `json:"avg_frame_rate"`
	SampleRate     string            `json:"sample_rate"`
	Channels       int               `json:"channels"`
	StartTime      string            `json:"start_time"`
	Duration       string            `json:"duration"`
	Disposition    map[string]int    `json:"disposition"`
	Tags           map[string]string `json:"tags"`
	SideData       []struct {
		Type     string   `json:"side_data_type"`
		Rotation *float64 `json:"rotation"`
	} `json:"side_data_list"`
}

func (s rawStream) stream() *MediaStream {
	rate, _ := strconv.Atoi(s.SampleRate)
	return &MediaStream{Codec: s.CodecName, Profile: s.Profile, PixFmt: s.PixFmt, Width: s.Width, Height: s.Height,
		Rotation: s.rotation(), ColorRange: known(s.ColorRange), ColorSpace: known(s.ColorSpace),
		ColorPrimaries: known(s.ColorPrimaries), ColorTransfer: known(s.ColorTransfer),
		FrameRate: s.RFrameRate, AvgFrameRate: s.AvgFrameRate, SampleRate: rate, Channels: s.Channels,
		StartTime: number(s.StartTime), Duration: number(s.Duration)}
}

// rotation is the clockwise display rotation: a display matrix's rotation
// is counterclockwise (av_display_rotation_get), the legacy rotate tag
// clockwise; the matrix wins.
func (s rawStream) rotation() int {
	deg, found := 0.0, false
	for _, sd := range s.SideData {
		if sd.Type == "Display Matrix" && sd.Rotation != nil {
			deg, found = -*sd.Rotation, true
			break
		}
	}
	if !found {
		deg = number(s.Tags["rotate"])
	}
	q := int(math.Round(deg/90)) % 4
	if q < 0 {
		q += 4
	}
	return q * 90
}

// number reads one of ffprobe's numbers written as strings; 0 for "N/A"
// or none.
func number(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0
	}
	return v
}

// known is s, or "" for ffprobe's "unknown".
func known(s string) string {
	if s == "unknown" {
		return ""
	}
	return s
}

// PixFmt returns the pixel format of the first video stream of path.
func PixFmt(t testing.TB, path string) string {
	t.Helper()
	m := Info(t, path)
	if m.Video == nil {
		t.Fatalf("fftest: %s has no video stream", path)
	}
	return m.Video.PixFmt
}

// FrameCount decodes the first video stream of path and counts its frames
// exactly (ffprobe -count_frames).
func FrameCount(t testing.TB, path string) int {
	t.Helper()
	Require(t)
	out := run(t, FFprobe(), "-v", "error", "-select_streams", "v:0", "-count_frames",
		"-show_entries", "stream=nb_read_frames", "-of", "default=nw=1:nk=1", "-i", path)
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("fftest: counting frames of %s: ffprobe printed %q", path, out)
	}
	return n
}
