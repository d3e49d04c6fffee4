package pipeline_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/subtitles"
)

// captionTexts are cue texts of every kind a user writes: quotes, colons,
// percent signs, braces and FFmpeg's expansions, backslashes and what ASS
// would read as markup, accents, right-to-left scripts, CJK, emoji and
// line breaks, and SubRip's own markup (<i>), which the reader takes out.
var captionTexts = []string{
	`He said "it's 100%": {x} %{pts} \n`,
	"C:\\new\\Name {\\b1}bold\\N a < b <3 & c",
	"café naïve Ünïcödé\nsecond line",
	"مرحبا بالعالم\nשלום עולם",
	"日本語のテキスト 🎬 <i>italic</i> word",
}

// captionSRT writes captionTexts as a SubRip file at uneven milliseconds
// (cue k from 0.107+0.3k s, 0.25 s long) and returns it with its cues as
// reel reads them.
func captionSRT(t *testing.T) (string, []subtitles.Cue) {
	var b strings.Builder
	for k, text := range captionTexts {
		from, to := 107+300*k, 357+300*k
		fmt.Fprintf(&b, "%d\n00:00:%02d,%03d --> 00:00:%02d,%03d\n%s\n\n", k+1, from/1000, from%1000, to/1000, to%1000, text)
	}
	cues, err := subtitles.Parse(strings.NewReader(b.String()), "subs.srt", ".srt")
	if err != nil {
		t.Fatal(err)
	}
	if cues[4].Text != "日本語のテキスト 🎬 italic word" || cues[1].Text != captionTexts[1] {
		t.Fatalf("cues read as %+v", cues)
	}
	return b.String(), cues
}

// TestSoftCaptions renders a film with soft captions into MP4, WebM, MKV,
// MOV, range renditions (a teaser from 0.5 s, an MKV from frame 10, at
// 1/3 s) and one at another rate (24 fps), and reads each
// subtitle stream back: its codec (mov_text, webvtt, subrip), its language,
// every cue's times to the millisecond on that output's own timeline, and
// its text byte for byte (SubRip and mov_text carry the guard's invisible
// joiners, which removed give the text).
func TestSoftCaptions(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Audio: true, Seconds: 2})
	srt, cues := captionSRT(t)
	if err := os.WriteFile(filepath.Join(dir, "subs.srt"), []byte(srt), 0o644); err != nil {
		t.Fatal(err)
	}
	render(t, dir, `outputs:
  - {path: film.mp4, size: 160x90, fps: 30, quality: draft}
  - {path: film.webm}
  - {path: film.mkv}
  - {path: film.mov, codec: prores, profile: proxy}
  - {path: teaser.mp4, range: {start: 0.5s, duration: 1s}}
  - {path: third.mkv, range: {start: 10f, end: 1.2s}}
  - {path: film24.mp4, fps: 24}
captions: {file: subs.srt, language: fra}
scenes:
  - source: a.mp4
`)
	teaser := subtitles.Window(cues, 500*time.Millisecond, 1500*time.Millisecond)
	third := subtitles.Window(cues, time.Second/3, 1200*time.Millisecond) // 26 whole frames from 1/3 s: to 1.2 s
	for _, tt := range []struct {
		file, codec string
		want        []subtitles.Cue
	}{
		{"film.mp4", "mov_text", cues},
		{"film.webm", "webvtt", cues},
		{"film.mkv", "subrip", cues},
		{"film.mov", "mov_text", cues},
		{"teaser.mp4", "mov_text", teaser},
		{"third.mkv", "subrip", third},
		{"film24.mp4", "mov_text", cues},
	} {
		path := filepath.Join(dir, tt.file)
		codec, lang := subtitleStream(t, path)
		if codec != tt.codec || lang != "fra" {
			t.Errorf("%s: subtitle stream %s (%s), want %s (fra)", tt.file, codec, lang, tt.codec)
		}
		// Matroska and WebM push every stream back by the sound's
		// priming (the picture starts at 21 ms with AAC): a cue is timed
		// from the picture's first frame, as players show it.
		got := readCues(t, path, codec)
		v0 := videoStart(t, path)
		if codec == "mov_text" && v0 != 0 {
			t.Errorf("%s: the picture starts at %v", tt.file, v0)
		}
		for k := range got {
			got[k].Start -= v0
			got[k].End -= v0
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %d cues %+v, want %d", tt.file, len(got), got, len(tt.want))
		}
		for k, c := range got {
			w := tt.want[k]
			text := w.Text
			if codec != "webvtt" {
				text = subtitles.Guard(text)
				if strings.ReplaceAll(c.Text, subtitles.Joiner, "") != w.Text {
					t.Errorf("%s cue %d without the joiners: %q", tt.file, k, c.Text)
				}
			}
			if c.Start != w.Start.Round(time.Millisecond) || c.End != w.End.Round(time.Millisecond) || c.Text != text {
				t.Errorf("%s cue %d: %v-%v %q, want %v-%v %q", tt.file, k, c.Start, c.End, c.Text, w.Start, w.End, text)
			}
		}
	}
	// The teaser's range cuts the first cue it shows (0.407-0.657 s) at its start.
	if teaser[0].Start != 0 || teaser[0].End != 157*time.Millisecond {
		t.Errorf("teaser's first cue %+v", teaser[0])
	}
}

// videoStart is when path's first video frame is shown.
func videoStart(t *testing.T, path string) time.Duration {
	t.Helper()
	out := runTool(t, fftest.FFprobe(), "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", path)
	return msOf(strings.TrimSpace(string(out)))
}

// subtitleStream is the codec and language of path's subtitle stream.
func subtitleStream(t *testing.T, path string) (string, string) {
	t.Helper()
	out := runTool(t, fftest.FFprobe(), "-v", "error", "-select_streams", "s", "-show_entries", "stream=codec_name:stream_tags=language", "-of", "json", path)
	var v struct {
		Streams []struct {
			Codec string            `json:"codec_name"`
			Tags  map[string]string `json:"tags"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(out, &v); err != nil || len(v.Streams) != 1 {
		t.Fatalf("%s: subtitle streams %s (%v)", path, out, err)
	}
	return v.Streams[0].Codec, v.Streams[0].Tags["language"]
}

// readCues reads path's subtitle stream without converting it: WebVTT and
// SubRip packets copied into their own formats and parsed, mov_text
// packets read from ffprobe's dump (a 16-bit length, then the text).
func readCues(t *testing.T, path, codec string) []subtitles.Cue {
	t.Helper()
	switch codec {
	case "webvtt", "subrip":
		format, ext := "webvtt", ".vtt"
		if codec == "subrip" {
			format, ext = "srt", ".srt"
		}
		// -copyts: the container's own times (FFmpeg would otherwise take
		// off the file's start, which Opus's pre-skip makes negative).
		out := runTool(t, fftest.FFmpeg(), "-v", "error", "-copyts", "-i", path, "-map", "0:s:0", "-c", "copy", "-f", format, "-")
		cues, err := subtitles.Parse(bytes.NewReader(out), path, ext)
		if err != nil {
			t.Fatalf("%s: %v\n%s", path, err, out)
		}
		return cues
	}
	out := runTool(t, fftest.FFprobe(), "-v", "error", "-select_streams", "s:0", "-show_entries", "packet=pts_time,duration_time,data", "-show_data", "-of", "json", path)
	var v struct {
		Packets []struct {
			PTS  string `json:"pts_time"`
			Dur  string `json:"duration_time"`
			Data string `json:"data"`
		} `json:"packets"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var cues []subtitles.Cue
	for _, p := range v.Packets {
		data := dumpBytes(t, p.Data)
		if len(data) < 2 {
			t.Fatalf("%s: a mov_text packet of %d bytes", path, len(data))
		}
		n := int(data[0])<<8 | int(data[1])
		if n == 0 {
			continue // the gaps between cues
		}
		start, end := msOf(p.PTS), msOf(p.PTS)+msOf(p.Dur)
		cues = append(cues, subtitles.Cue{Start: start, End: end, Text: string(data[2 : 2+n])})
	}
	return cues
}

// dumpBytes reads ffprobe's hex dump ("00000000: 0005 6865 ...  text").
func dumpBytes(t *testing.T, dump string) []byte {
	t.Helper()
	var out []byte
	for _, line := range strings.Split(strings.TrimSpace(dump), "\n") {
		_, rest, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		if len(rest) > 40 {
			rest = rest[:40]
		}
		b, err := hex.DecodeString(strings.ReplaceAll(rest, " ", ""))
		if err != nil {
			t.Fatalf("dump %q: %v", line, err)
		}
		out = append(out, b...)
	}
	return out
}

// msOf reads seconds with six decimals to the millisecond.
func msOf(s string) time.Duration {
	f, _ := strconv.ParseFloat(s, 64)
	return time.Duration(math.Round(f*1000)) * time.Millisecond
}

// runTool runs an FFmpeg tool and returns its standard output.
func runTool(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	cmd := osexec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, stderr.String())
	}
	return out
}

// TestSoftCaptionEdit renders a film with soft captions into an MP4 and a
// teaser, edits one cue and renders again: every scene, transition and
// audio job comes from the cache (the captions are only muxed), the teaser
// is made again, and the new text is in both files.
func TestSoftCaptionEdit(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "b.mp4", Audio: true, Freq: 660})
	subs := filepath.Join(dir, "subs.srt")
	write := func(text string) {
		if err := os.WriteFile(subs, []byte("1\n00:00:00,600 --> 00:00:01,400\n"+text+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	project := `outputs:
  - {path: film.mp4, size: 160x90, fps: 30, quality: draft}
  - {path: teaser.mp4, range: {start: 0.5s}}
captions: {file: subs.srt}
transition: {type: fade, duration: 6f}
scenes:
  - source: a.mp4
  - source: b.mp4
`
	cache := pipeline.Cache{Dir: filepath.Join(dir, "cache")}
	write("first")
	renderWith(t, dir, project, cache)
	write("second")
	res := renderWith(t, dir, project, cache)
	for _, j := range res.Stats.Jobs {
		kind := ""
		for _, pj := range res.Plan.Jobs {
			if pj.ID == j.Job {
				kind = pj.Kind
			}
		}
		if want := kind == "video" || kind == "audio"; j.Cached != want {
			t.Errorf("job %s (%s): cached %v, want %v", j.Job, kind, j.Cached, want)
		}
	}
	for file, start := range map[string]time.Duration{"film.mp4": 600 * time.Millisecond, "teaser.mp4": 100 * time.Millisecond} {
		got := readCues(t, filepath.Join(dir, file), "mov_text")
		if len(got) != 1 || got[0].Text != "second" || got[0].Start != start || got[0].End != start+800*time.Millisecond {
			t.Errorf("%s: cues %+v", file, got)
		}
	}
}
