package fftest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// SyncClip describes a clip for sync tests: black pictures with one white
// frame (a flash) at each of Flashes, and silence with a beep (1 kHz,
// amplitude 1/2, 60 ms, starting at phase 0) at the same clip times, frame/FPS
// after the first picture. The streams may start at different times and
// the container at a non-zero time, as phones, screen recorders and
// ffmpeg's own muxers write them; whatever they do, the beep and the flash
// of a frame belong together.
type SyncClip struct {
	Name    string  // .mp4 or .mov (AAC, edit lists), .mkv or .webm (Matroska), .ts (MPEG-TS)
	FPS     string  // default "30"
	Seconds float64 // length of the pictures, default 2
	Flashes []int   // frame numbers of the flashes, default {15}
	// FlashFrames is how many frames each flash lasts (default 1): a
	// film at a lower frame rate than the clip may drop a one-frame flash.
	FlashFrames int
	// AudioLead is how many seconds the sound starts before the pictures
	// (negative: after them). The sound ends with the pictures.
	AudioLead float64
	// StartOffset shifts every timestamp of the file (-output_ts_offset),
	// so that the container starts there, not at 0.
	StartOffset float64
	// GapAt and Gap make the sound's timestamps jump forward by Gap
	// seconds at GapAt seconds of sound, with no samples in between, as a
	// recorder that dropped some sound writes them. Beeps after the gap are
	// placed by the timestamps.
	GapAt, Gap float64
	AudioCodec string // default aac
	SampleRate int    // default 48000
	Mono       bool   // one channel (default two, the same)
	// VideoCodec is libx264 (default), libx265, libvpx-vp9, mpeg2video or
	// prores_ks; PixFmt the pictures' format (default yuv420p; e.g.
	// yuv420p10le, yuv422p10le for ProRes).
	VideoCodec, PixFmt string
	// Jitter moves the timestamp of every frame but the flashes by up to
	// Jitter seconds either way, as phones write variable frame rate.
	Jitter float64
	// Rotation is a display matrix turning the pictures clockwise (90,
	// 180 or 270; .mp4 and .mov only), as phones held upright write it.
	Rotation int
}

// videoCodecArgs are each sync video codec's fast settings (a keyframe
// every 12 frames where the codec has inter frames).
var videoCodecArgs = map[string][]string{
	"libx264":    {"-preset", "ultrafast", "-g", "12"},
	"libx265":    {"-preset", "ultrafast", "-g", "12", "-x265-params", "log-level=error"},
	"libvpx-vp9": {"-deadline", "realtime", "-cpu-used", "8", "-g", "12"},
	"mpeg2video": {"-g", "12", "-q:v", "4"},
	"prores_ks":  {"-profile:v", "0"},
}

// BeepSeconds is the length of a SyncClip's beeps.
const BeepSeconds = 0.06

func (c SyncClip) withDefaults() SyncClip {
	if c.FPS == "" {
		c.FPS = "30"
	}
	if c.Seconds == 0 {
		c.Seconds = 2
	}
	if len(c.Flashes) == 0 {
		c.Flashes = []int{15}
	}
	if c.SampleRate == 0 {
		c.SampleRate = 48000
	}
	if c.FlashFrames == 0 {
		c.FlashFrames = 1
	}
	if c.VideoCodec == "" {
		c.VideoCodec = "libx264"
	}
	if c.PixFmt == "" {
		c.PixFmt = "yuv420p"
		if c.VideoCodec == "prores_ks" {
			c.PixFmt = "yuv422p10le"
		}
	}
	if c.AudioCodec == "" {
		c.AudioCodec = "aac"
	}
	return c
}

// MakeSync renders c into dir and returns its path (see Make for failures).
func MakeSync(t testing.TB, dir string, c SyncClip) string {
	t.Helper()
	Require(t)
	c = c.withDefaults()
	if c.Name == "" || filepath.Base(c.Name) != c.Name {
		t.Fatalf("fftest: sync clip name %q must be a plain file name", c.Name)
	}
	if c.Seconds+c.AudioLead <= BeepSeconds {
		t.Fatalf("fftest: sync clip %s: the sound starts after the pictures end", c.Name)
	}
	fps := fpsOf(t, c.FPS)
	var enable, beeps []string
	for _, f := range c.Flashes {
		at := float64(f)/fps + c.AudioLead // in the sound's own time
		if at < 0 || float64(f)/fps >= c.Seconds {
			t.Fatalf("fftest: sync clip %s: flash at frame %d is outside the sound or the pictures", c.Name, f)
		}
		if c.Gap > 0 && at+BeepSeconds > c.GapAt {
			// The jump comes at the first audio frame from GapAt on:
			// keep beeps a tenth of a second clear of it.
			if at < c.GapAt+c.Gap+0.1 {
				t.Fatalf("fftest: sync clip %s: the beep of frame %d is within 0.1 s of the gap", c.Name, f)
			}
			at -= c.Gap // its samples come Gap earlier than its timestamp
		}
		enable = append(enable, "between(n\\,"+strconv.Itoa(f)+"\\,"+strconv.Itoa(f+c.FlashFrames-1)+")")
		ts := seconds(at)
		beeps = append(beeps, fmt.Sprintf("between(t\\,%s\\,%s)*sin(2*PI*1000*(t-%s))", ts, seconds(at+BeepSeconds), ts))
	}
	layout := "pan=stereo|c0=c0|c1=c0"
	if c.Mono {
		layout = "pan=mono|c0=c0"
	}
	video := filepath.Join(dir, ".sync-v-"+c.Name+".mkv")
	sound := filepath.Join(dir, ".sync-a-"+c.Name+".wav")
	defer os.Remove(video)
	defer os.Remove(sound)
	codecArgs, ok := videoCodecArgs[c.VideoCodec]
	if !ok {
		t.Fatalf("fftest: sync clip %s: video codec %q is not one of libx264, libx265, libvpx-vp9, mpeg2video, prores_ks", c.Name, c.VideoCodec)
	}
	graph := fmt.Sprintf("color=c=black:s=160x90:r=%s:d=%s,drawbox=w=iw:h=ih:c=white:t=fill:enable=%s",
		c.FPS, seconds(c.Seconds), strings.Join(enable, "+"))
	vargs := []string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", graph}
	if c.Jitter > 0 {
		// Frame 0 stays put (the clip's start), and so do the flashes; the
		// time base is fine enough for the jitter (lavfi's counts frames).
		vargs[len(vargs)-1] += fmt.Sprintf(",settb=1/90000,setpts=PTS+not(eq(N\\,0)+%s)*%s*sin(N*7)/TB",
			strings.ReplaceAll(strings.Join(enable, "+"), "(n", "(N"), seconds(c.Jitter))
		vargs = append(vargs, "-vsync", "passthrough")
	}
	vargs = append(vargs, "-c:v", c.VideoCodec)
	vargs = append(append(vargs, codecArgs...), "-pix_fmt", c.PixFmt, video)
	run(t, FFmpeg(), vargs...)
	run(t, FFmpeg(), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
		fmt.Sprintf("aevalsrc=0.5*(%s):s=%d:d=%s,%s", strings.Join(beeps, "+"), c.SampleRate, seconds(c.Seconds+c.AudioLead-c.Gap), layout),
		"-c:a", "pcm_s16le", sound)
	path := filepath.Join(dir, c.Name)
	args := []string{"-nostdin", "-v", "error", "-y"}
	if c.AudioLead > 0 {
		args = append(args, "-itsoffset", seconds(c.AudioLead))
	}
	args = append(args, "-i", video)
	if c.AudioLead < 0 {
		args = append(args, "-itsoffset", seconds(-c.AudioLead))
	}
	args = append(args, "-i", sound, "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", c.AudioCodec)
	if c.Gap > 0 {
		at := c.GapAt // in the sound's time; its input is offset when it starts late
		if c.AudioLead < 0 {
			at -= c.AudioLead
		}
		args = append(args, "-af", fmt.Sprintf("asetpts=PTS+gte(T\\,%s)*%s/TB", seconds(at), seconds(c.Gap)))
	}
	if c.StartOffset != 0 {
		args = append(args, "-output_ts_offset", seconds(c.StartOffset))
	}
	if c.Rotation == 0 {
		run(t, FFmpeg(), append(args, path)...)
		return path
	}
	plain := filepath.Join(dir, ".sync-r-"+c.Name)
	run(t, FFmpeg(), append(args, plain)...)
	rotate(t, plain, path, c.Rotation)
	return path
}

// fpsOf parses a frame rate such as "30" or "30000/1001".
func fpsOf(t testing.TB, s string) float64 {
	num, den, ok := strings.Cut(s, "/")
	if !ok {
		den = "1"
	}
	n, err1 := strconv.ParseFloat(num, 64)
	d, err2 := strconv.ParseFloat(den, 64)
	if err1 != nil || err2 != nil || n <= 0 || d <= 0 {
		t.Fatalf("fftest: frame rate %q is not like 30 or 30000/1001", s)
	}
	return n / d
}
