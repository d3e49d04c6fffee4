package fftest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Clip describes a tiny synthetic media file for Make. Zero values pick the
// defaults: 160x90, 30 fps, 1 s, testsrc2 pictures, no audio, libx264.
type Clip struct {
	Name          string  // file name inside dir, e.g. "a.mp4"; ".png"/".jpg" make a still image, ".wav"/".m4a" audio only
	Width, Height int     // default 160x90
	FPS           string  // "30" (default), "24", "30000/1001"
	Seconds       float64 // default 1
	Audio         bool    // add a sine tone (Freq) at SampleRate, stereo unless Mono
	Freq          float64 // default 440 Hz
	SampleRate    int     // default 48000
	Mono          bool    // one audio channel instead of two
	Color         string  // solid colour ("red", "#00ff00"): every frame is flat (easy pixel asserts)
	Pattern       string  // "" (testsrc2), "index" (grey level of frame n is (n*8)%256, see FrameIndex) or "gradient" (grey ramp, black left to white right)
	Rotate        int     // clockwise display rotation to write as a display matrix: 90, 180 or 270 (mp4/mov only)
	VFR           bool    // drop frames irregularly and keep the gaps (variable frame rate)
	Codec         string  // video encoder; default libx264 -preset ultrafast; always -g 12 so seeks are cheap
	PixFmt        string  // default yuv420p (stills: the encoder's choice)
	Range         string  // "pc" tags and encodes full range; default tv (limited)
}

// kind says what Make writes for c.
func (c Clip) kind() string {
	switch strings.ToLower(filepath.Ext(c.Name)) {
	case ".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff":
		return "still"
	case ".wav", ".m4a", ".flac":
		return "audio"
	}
	return "video"
}

// withDefaults fills the zero fields of c.
func (c Clip) withDefaults() Clip {
	if c.Width == 0 || c.Height == 0 {
		c.Width, c.Height = 160, 90
	}
	if c.FPS == "" {
		c.FPS = "30"
	}
	if c.Seconds == 0 {
		c.Seconds = 1
	}
	if c.Freq == 0 {
		c.Freq = 440
	}
	if c.SampleRate == 0 {
		c.SampleRate = 48000
	}
	if c.Codec == "" {
		c.Codec = "libx264"
	}
	if c.PixFmt == "" && c.kind() == "video" {
		c.PixFmt = "yuv420p"
	}
	return c
}

// validate rejects clips Make cannot render.
func (c Clip) validate() error {
	switch {
	case c.Name == "" || filepath.Base(c.Name) != c.Name:
		return fmt.Errorf("clip name %q must be a plain file name", c.Name)
	case c.Pattern != "" && c.Pattern != "index" && c.Pattern != "gradient":
		return fmt.Errorf("clip %s: unknown pattern %q (want index or gradient)", c.Name, c.Pattern)
	case c.Rotate%90 != 0 || c.Rotate < 0 || c.Rotate >= 360:
		return fmt.Errorf("clip %s: rotation %d is not 0, 90, 180 or 270", c.Name, c.Rotate)
	case c.Rotate != 0 && !hasMatrix(c.Name):
		return fmt.Errorf("clip %s: rotation needs an .mp4 or .mov file", c.Name)
	case c.Range != "" && c.Range != "pc" && c.Range != "tv":
		return fmt.Errorf("clip %s: range %q is not tv or pc", c.Name, c.Range)
	}
	return nil
}

func hasMatrix(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".mp4" || ext == ".mov"
}

// Make renders c into dir and returns its path. It fails the test, with
// ffmpeg's stderr, when ffmpeg fails; it skips it as Require does when
// ffmpeg is missing.
func Make(t testing.TB, dir string, c Clip) string {
	t.Helper()
	Require(t)
	c = c.withDefaults()
	if err := c.validate(); err != nil {
		t.Fatalf("fftest: %v", err)
	}
	path := filepath.Join(dir, c.Name)
	if c.Rotate == 0 {
		run(t, FFmpeg(), c.args(path)...)
		return path
	}
	plain := filepath.Join(dir, "unrotated-"+c.Name)
	run(t, FFmpeg(), c.args(plain)...)
	rotate(t, plain, path, c.Rotate)
	return path
}
