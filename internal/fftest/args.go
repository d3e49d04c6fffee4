package fftest

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// args is the ffmpeg command line that renders c into path.
func (c Clip) args(path string) []string {
	args := []string{"-nostdin", "-v", "error", "-y"}
	kind := c.kind()
	audio := kind == "audio" || (c.Audio && kind == "video")
	if kind != "audio" {
		args = append(args, "-f", "lavfi", "-i", c.videoSource())
	}
	if audio {
		args = append(args, "-f", "lavfi", "-i", c.audioSource())
	}
	switch kind {
	case "still":
		args = append(args, "-frames:v", "1")
		if c.PixFmt != "" {
			args = append(args, "-pix_fmt", c.PixFmt)
		}
	case "video":
		args = append(args, c.videoArgs()...)
	}
	if audio {
		args = append(args, c.audioArgs(kind)...)
	}
	return append(args, path)
}

// videoSource is the lavfi graph of the picture, before range and format.
func (c Clip) videoSource() string {
	base := fmt.Sprintf("s=%dx%d:r=%s:d=%s", c.Width, c.Height, c.FPS, seconds(c.Seconds))
	var g string
	switch {
	case c.Color != "":
		g = "color=c=" + c.Color + ":" + base
	case c.Pattern == "index":
		g = "color=c=black:" + base + ",format=gbrp,geq=" + grey("mod(N*8\\,256)")
	case c.Pattern == "gradient":
		g = "color=c=black:" + base + ",format=gbrp,geq=" + grey("X*255/(W-1)")
	default:
		g = "testsrc2=" + base
	}
	if c.VFR {
		// Drop frames 1, 5, 9, ... and 3, 10, 17, ...: irregular gaps.
		g += ",select=not(eq(mod(n\\,4)\\,1))*not(eq(mod(n\\,7)\\,3))"
	}
	if c.Range == "pc" {
		g += ",scale=out_range=pc"
	}
	if c.PixFmt != "" {
		g += ",format=" + c.PixFmt
	}
	return g
}

// grey sets the red, green and blue planes of geq to the same expression.
func grey(expr string) string {
	return "r=" + expr + ":g=" + expr + ":b=" + expr
}

func (c Clip) videoArgs() []string {
	args := []string{"-map", "0:v", "-c:v", c.Codec, "-g", "12"}
	if c.Codec == "libx264" {
		args = append(args, "-preset", "ultrafast")
	}
	if c.Range == "pc" {
		args = append(args, "-color_range", "pc")
	}
	if c.VFR {
		args = append(args, "-fps_mode", "passthrough")
	}
	return args
}

// audioSource is a sine tone; stereo copies it to both channels at the same
// level (-ac 2 would lower it by 3 dB).
func (c Clip) audioSource() string {
	src := fmt.Sprintf("sine=frequency=%s:sample_rate=%d:duration=%s",
		strconv.FormatFloat(c.Freq, 'f', -1, 64), c.SampleRate, seconds(c.Seconds))
	if !c.Mono {
		src += ",pan=stereo|c0=c0|c1=c0"
	}
	return src
}

func (c Clip) audioArgs(kind string) []string {
	in := "1:a"
	if kind == "audio" {
		in = "0:a"
	}
	codec := "aac"
	switch strings.ToLower(filepath.Ext(c.Name)) {
	case ".wav":
		codec = "pcm_s16le"
	case ".flac":
		codec = "flac"
	}
	return []string{"-map", in, "-c:a", codec}
}

func seconds(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) }
