package probe

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/frac"
)

// rawOutput mirrors the parts of ffprobe's JSON (-show_format -show_streams)
// that Parse reads.
type rawOutput struct {
	Streams []rawStream `json:"streams"`
	Format  rawFormat   `json:"format"`
}

type rawFormat struct {
	FormatName string `json:"format_name"`
	Duration   scalar `json:"duration"`
	StartTime  scalar `json:"start_time"`
	Size       scalar `json:"size"`
}

type rawStream struct {
	Index          scalar            `json:"index"`
	CodecName      string            `json:"codec_name"`
	CodecType      string            `json:"codec_type"`
	Width          scalar            `json:"width"`
	Height         scalar            `json:"height"`
	SAR            string            `json:"sample_aspect_ratio"`
	PixFmt         string            `json:"pix_fmt"`
	FieldOrder     string            `json:"field_order"`
	ColorRange     string            `json:"color_range"`
	ColorSpace     string            `json:"color_space"`
	ColorTransfer  string            `json:"color_transfer"`
	ColorPrimaries string            `json:"color_primaries"`
	RFrameRate     string            `json:"r_frame_rate"`
	AvgFrameRate   string            `json:"avg_frame_rate"`
	TimeBase       string            `json:"time_base"`
	StartPTS       scalar            `json:"start_pts"`
	StartTime      scalar            `json:"start_time"`
	Duration       scalar            `json:"duration"`
	NbFrames       scalar            `json:"nb_frames"`
	SampleRate     scalar            `json:"sample_rate"`
	Channels       scalar            `json:"channels"`
	ChannelLayout  string            `json:"channel_layout"`
	Disposition    map[string]scalar `json:"disposition"`
	Tags           map[string]scalar `json:"tags"`
	SideData       []rawSideData     `json:"side_data_list"`
}

type rawSideData struct {
	Type     string `json:"side_data_type"`
	Rotation scalar `json:"rotation"`
}

// scalar is a JSON string, number, boolean or null kept as text: ffprobe
// writes most numbers as strings, and "N/A" where a value is unknown.
type scalar string

// UnmarshalJSON accepts any JSON scalar.
func (s *scalar) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		*s = scalar(str)
		return nil
	}
	if string(b) == "null" {
		*s = ""
		return nil
	}
	*s = scalar(b)
	return nil
}

// float returns the value, and false when it is missing, "N/A" or not a number.
func (s scalar) float() (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(string(s)), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// int returns the value (truncated), or 0 when unknown.
func (s scalar) int() int64 {
	if v, err := strconv.ParseInt(strings.TrimSpace(string(s)), 10, 64); err == nil {
		return v
	}
	f, _ := s.float()
	return int64(f)
}

// rational parses "30000/1001" or "1:1"; unknown, "N/A" and "0/0" give zero.
func rational(s string) frac.Rational {
	r, err := frac.Parse(s)
	if err != nil || r.Num <= 0 {
		return frac.Rational{}
	}
	return r
}

// known drops ffprobe's placeholders for an unset property.
func known(s string) string {
	switch s {
	case "unknown", "N/A", "unspecified", "reserved":
		return ""
	}
	return s
}
