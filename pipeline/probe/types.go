// Package probe reads what the pipeline needs to know about a media file from
// ffprobe's JSON: a pure parser and a runner.
package probe

import "github.com/reel-film/reel/internal/frac"

// Version names what Info holds and means. A remembered probe (the cache's
// probes memo) is used only under the same Version: change it whenever a
// field is added or read differently. probe-2: container and audio start
// times, stream lengths counted from each stream's start. probe-3: where
// the packets end (Extent), whether the sound's length is its own.
// probe-4: an APNG takes its length and frame count from the scan; a
// stream not flagged interlaced takes its first frame's field order;
// Opus in Ogg is measured from its start; Audio.Skip.
const Version = "probe-4"

// Info is what the pipeline sees of one file.
type Info struct {
	Path     string  `json:"path"`
	Format   string  `json:"format"`   // ffprobe format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
	Duration float64 `json:"duration"` // seconds (container), 0 when unknown (images)
	// StartTime is the container's start (format start_time, seconds): the
	// earliest stream's start, where ffmpeg's -ss counts from.
	StartTime float64 `json:"start_time,omitempty"`
	Size      int64   `json:"size"` // bytes
	Video     *Video  `json:"video,omitempty"`
	Audio     *Audio  `json:"audio,omitempty"`
	// Extent is where the streams really end, from a pass over every packet
	// (Scan); nil when not scanned.
	Extent *Extent `json:"extent,omitempty"`
}

// Video is the first video stream (attached pictures, e.g. cover art, are skipped).
type Video struct {
	Index          int           `json:"index"`
	Codec          string        `json:"codec"`
	Width          int           `json:"width"`          // as stored
	Height         int           `json:"height"`         // as stored
	DisplayWidth   int           `json:"display_width"`  // after rotation (SAR not applied)
	DisplayHeight  int           `json:"display_height"` // after rotation
	Rotation       int           `json:"rotation"`       // clockwise display rotation: 0, 90, 180 or 270
	SAR            frac.Rational `json:"sar"`            // 1/1 when unknown
	FPS            frac.Rational `json:"fps"`            // avg_frame_rate, else r_frame_rate
	VFR            bool          `json:"vfr"`            // avg and r frame rates differ
	Frames         int64         `json:"frames"`         // nb_frames, else estimated from duration*fps
	FramesExact    bool          `json:"frames_exact"`   // Frames came from the container
	Duration       float64       `json:"duration"`       // seconds of pictures (stream, else container), from StartTime
	StartTime      float64       `json:"start_time"`     // seconds
	TimeBase       frac.Rational `json:"time_base"`
	StartPTS       int64         `json:"start_pts"`
	PixFmt         string        `json:"pix_fmt"`
	ColorRange     string        `json:"color_range,omitempty"`     // tv | pc | ""
	ColorSpace     string        `json:"color_space,omitempty"`     // bt709, bt470bg, smpte170m, bt2020nc, ...
	ColorPrimaries string        `json:"color_primaries,omitempty"` //
	ColorTransfer  string        `json:"color_transfer,omitempty"`  //
	Still          bool          `json:"still"`                     // a single image (png, jpeg, webp, ... or one frame)
	Alpha          bool          `json:"alpha,omitempty"`           // frames can be transparent (RGBA, grey+alpha, palette, YUVA, WebM alpha)
	Decoder        string        `json:"decoder,omitempty"`         // a decoder to open the stream with instead of FFmpeg's default (libvpx-vp9 for VP9 with alpha)
	FieldOrder     string        `json:"field_order,omitempty"`     // progressive, tt, bb, tb or bt ("" when unknown)
}

// Interlaced reports a stream flagged as interlaced: its field order is
// tt, bb, tb or bt.
func (v *Video) Interlaced() bool {
	switch v.FieldOrder {
	case "tt", "bb", "tb", "bt":
		return true
	}
	return false
}

// Audio is the first audio stream.
type Audio struct {
	Index      int           `json:"index"`
	Codec      string        `json:"codec"`
	SampleRate int           `json:"sample_rate"`
	Channels   int           `json:"channels"`
	Layout     string        `json:"layout,omitempty"`
	Duration   float64       `json:"duration"` // seconds of sound (stream, else container), from StartTime
	StartTime  float64       `json:"start_time"`
	TimeBase   frac.Rational `json:"time_base"`
	StartPTS   int64         `json:"start_pts"`
	// Skip is how far after StartTime the first decoded sample lies, for a
	// file without moving pictures (the scan decodes its first frames):
	// FFmpeg's Vorbis decoder drops the first block of a stream written
	// late, its Opus decoder the pre-skip in WebM, and the timestamps then
	// start later than the stream. 0 when they agree.
	Skip float64 `json:"skip,omitempty"`
	// StreamDuration says Duration is the stream's own (or its Matroska
	// DURATION tag), not the container's.
	StreamDuration bool `json:"stream_duration"`
}
