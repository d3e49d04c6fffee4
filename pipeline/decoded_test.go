package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/probe/probetest"
)

// remux copies src into dst with ffmpeg (stream copy) and extra options.
func remux(t *testing.T, src, dst string, opts ...string) string {
	t.Helper()
	args := append([]string{"-nostdin", "-v", "error", "-y", "-i", src, "-map", "0", "-c", "copy"}, opts...)
	if out, err := exec.Command(fftest.FFmpeg(), append(args, dst)...).CombinedOutput(); err != nil {
		t.Fatalf("remux %s: %v\n%s", dst, err, out)
	}
	return dst
}

// truncate writes the first fraction of src's bytes to dst: a file whose
// header still promises all of src.
func truncate(t *testing.T, src, dst string, fraction float64) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b[:int(float64(len(b))*fraction)], 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// patch rewrites old as new (same length) in a copy of src: a header that
// promises more than the file holds.
func patch(t *testing.T, src, dst, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(old) != len(new) || !bytes.Contains(b, []byte(old)) {
		t.Fatalf("patch %s: %q not found (or lengths differ)", src, old)
	}
	return writeFile(t, dst, bytes.Replace(b, []byte(old), []byte(new), 1))
}

func writeFile(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const shortHeader = "output: {path: out.mp4, size: 160x90, fps: 24}\nscenes:\n  - source: ok.mp4\n    duration: 0.5s\n"

// TestShortSourcesAreErrors: a source whose header promises more than its
// packets hold (truncated MP4 with the index first, truncated Matroska, a
// lying DURATION tag, a trim beyond what decodes, an image that does not
// decode) is reported before any encode at its scene's source line, with
// what is missing; intact files with ragged ends are not.
func TestShortSourcesAreErrors(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	full := fftest.Make(t, dir, fftest.Clip{Name: "full.mp4", FPS: "24", Seconds: 2, Pattern: "index", Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "ok.mp4", FPS: "24", Seconds: 1})
	fast := remux(t, full, filepath.Join(dir, "fast.mp4"), "-movflags", "+faststart")
	mkv := remux(t, full, filepath.Join(dir, "full.mkv"))
	truncate(t, fast, filepath.Join(dir, "cut.mp4"), 0.5)
	truncate(t, full, filepath.Join(dir, "cutmoov.mp4"), 0.5) // the index is at the end
	truncate(t, mkv, filepath.Join(dir, "cut.mkv"), 0.5)
	patch(t, mkv, filepath.Join(dir, "lies.mkv"), "00:00:02.", "00:00:04.") // the video's DURATION tag
	png := fftest.Make(t, dir, fftest.Clip{Name: "big.png", Width: 640, Height: 360})
	truncate(t, png, filepath.Join(dir, "cut.png"), 0.6)

	tests := []struct {
		name, scene string
		want        []string // in the one error
	}{
		{"mp4 index first", "source: cut.mp4", []string{"cut.mp4", "48 frames", "are missing", "truncated", "partial file"}},
		{"mp4 index last", "source: cutmoov.mp4", []string{"cut", "moov atom not found"}},
		{"mkv", "source: cut.mkv", []string{"cut.mkv", "are missing", "truncated"}},
		{"header lies", "source: lies.mkv", []string{"lies.mkv", "header promises 4.0", "(`duration: 48f`, 2.000s)"}},
		{"trim beyond", "source: cut.mp4\n    trim: {start: 1.5s}", []string{"1.500s to 2.000s", "12 frames (0.500s) are missing", "trim to a part"}},
		{"trim window", "source: cut.mkv\n    trim: {start: 0.5s, end: 1.75s}", []string{"0.500s to 1.750s, 30 frames", "are missing"}},
		{"image", "source: cut.png\n    duration: 1s", []string{"cut.png cannot be decoded", "truncated or damaged"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yaml := shortHeader + "  - id: broken\n    " + tt.scene + "\n"
			_, err := prepare(context.Background(), dir, writeProject(t, dir, yaml))
			var errs config.Errors
			if !errors.As(err, &errs) || len(errs) != 1 {
				t.Fatalf("want one project error, got %v", err)
			}
			e := errs[0]
			if e.Line != 6 || e.Path != "scenes[1].source" {
				t.Errorf("error at line %d %s, want line 6 scenes[1].source: %v", e.Line, e.Path, e)
			}
			for _, w := range append(tt.want, "scenes[1]") {
				if !strings.Contains(e.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, e)
				}
			}
			if tt.name != "mp4 index last" && !strings.Contains(e.Error(), `scene "broken"`) {
				t.Errorf("error does not name the scene: %v", e)
			}
		})
	}
}

// TestShortSourceSuggestionPlays: the duration the error suggests plays
// every frame the file holds and no held frame: the last output frame is
// the clip's last decodable frame.
func TestShortSourceSuggestionPlays(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	full := fftest.Make(t, dir, fftest.Clip{Name: "full.mp4", FPS: "24", Seconds: 2, Pattern: "index", Audio: true})
	for _, c := range []struct{ name, opt string }{{"cut.mp4", "+faststart"}, {"cut.mkv", ""}} {
		t.Run(c.name, func(t *testing.T) {
			var opts []string
			if c.opt != "" {
				opts = []string{"-movflags", c.opt}
			}
			src := remux(t, full, filepath.Join(dir, "src"+filepath.Ext(c.name)), opts...)
			truncate(t, src, filepath.Join(dir, c.name), 0.5)
			yaml := "output: {path: out.mp4, size: 160x90, fps: 24}\nscenes:\n  - source: " + c.name + "\n"
			_, err := prepare(context.Background(), dir, writeProject(t, dir, yaml))
			m := regexp.MustCompile("`duration: ([0-9]+)f`").FindStringSubmatch(fmt.Sprint(err))
			if m == nil {
				t.Fatalf("no duration suggested: %v", err)
			}
			n, _ := strconv.Atoi(m[1])
			if n < 12 || n > 36 {
				t.Fatalf("suggested %d frames of a 48-frame clip cut in half", n)
			}
			p := render(t, dir, yaml+"    duration: "+m[1]+"f\n")
			if got := fftest.FrameCount(t, p.Output); got != n {
				t.Fatalf("%d frames, want %d", got, n)
			}
			last, before := fftest.FrameIndex(fftest.Frame(t, p.Output, n-1)), fftest.FrameIndex(fftest.Frame(t, p.Output, n-2))
			if last != (n-1)%32 || before != (n-2)%32 {
				t.Errorf("last frames show source frames %d, %d; want %d, %d (a held frame?)", before, last, (n-2)%32, (n-1)%32)
			}
		})
	}
}

// TestShortSourceWarnings: sound that stops before its header says, and an
// image that decodes with complaints, are warnings; intact files with
// ragged ends (sound shorter than picture, a container longer than the
// video) are not.
func TestShortSourceWarnings(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	full := fftest.Make(t, dir, fftest.Clip{Name: "full.mp4", FPS: "24", Seconds: 2, Audio: true})
	half := fftest.Make(t, dir, fftest.Clip{Name: "half.m4a", Seconds: 1})
	ragged := filepath.Join(dir, "ragged.mkv")
	cmd := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-y", "-i", full, "-i", half, "-map", "0:v", "-map", "1:a", "-c", "copy", ragged)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	info := probetest.Info(t, ragged)
	if info.Audio == nil || info.Audio.Duration > 1.1 {
		t.Fatalf("ragged.mkv: audio %+v, want about 1 s", info.Audio)
	}
	patch(t, ragged, filepath.Join(dir, "mute.mkv"), "00:00:01.0", "00:00:01.9") // the sound's DURATION tag
	jpg := fftest.Make(t, dir, fftest.Clip{Name: "big.jpg", Width: 640, Height: 360})
	truncate(t, jpg, filepath.Join(dir, "cut.jpg"), 0.5)

	tests := []struct {
		scene string
		want  string // "" for no warning
	}{
		{"source: full.mp4", ""},
		{"source: ragged.mkv", ""},
		{"source: mute.mkv", "the sound of mute.mkv stops at 1.0"},
		{"source: mute.mkv\n    volume: mute", ""},
		{"source: mute.mkv\n    trim: {end: 0.9s}", ""},
		{"source: cut.jpg\n    duration: 1s", "cut.jpg decodes with errors"},
	}
	for _, tt := range tests {
		t.Run(tt.scene, func(t *testing.T) {
			prep, err := prepare(context.Background(), dir, writeProject(t, dir, "output: {path: out.mp4, size: 160x90, fps: 24}\nscenes:\n  - id: x\n    "+tt.scene+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(prep.Plan.Warnings, "\n")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("warnings:\n%s\nwant %q", got, tt.want)
			}
			if tt.want != "" && !strings.Contains(got, `scene "x"`) {
				t.Errorf("warning does not name the scene: %s", got)
			}
		})
	}
}

// TestShortSoundFiles: a bed or voice-over whose header promises more sound
// than its packets hold (a truncated MP3 with its Xing header, M4A with its
// index first, Matroska audio) is an error at its source line, with the trim
// that uses what it holds; that trim then plays. A truncated WAV is not: its
// length is measured from what the file holds.
func TestShortSoundFiles(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "v.mp4", FPS: "24", Seconds: 2})
	wav := fftest.Make(t, dir, fftest.Clip{Name: "full.wav", Seconds: 2})
	truncate(t, wav, filepath.Join(dir, "cut.wav"), 0.5)
	for _, f := range []struct{ name, codec string }{{"mp3", "libmp3lame"}, {"m4a", "aac"}, {"mka", "flac"}} {
		full := remux(t, wav, filepath.Join(dir, "full."+f.name), "-c:a", f.codec, "-movflags", "+faststart")
		truncate(t, full, filepath.Join(dir, "cut."+f.name), 0.5)
	}
	for _, tt := range []struct{ audio, want string }{
		{"beds: [{source: cut.mp3, loop: true}]", "audio.beds[0].source: cut.mp3: its sound stops at 1.0"},
		{"beds: [{source: cut.m4a}]", "audio.beds[0].source: cut.m4a: its sound stops at "},
		{"voiceover: [{source: cut.mka, at: 0.2s}]", "audio.voiceover[0].source: cut.mka: its sound stops at "},
		{"beds: [{source: full.wav}]", ""},
		{"beds: [{source: cut.wav, loop: true}]", ""},
	} {
		t.Run(tt.audio, func(t *testing.T) {
			yaml := "output: {path: out.mp4, size: 160x90, fps: 24}\nscenes:\n  - source: v.mp4\naudio:\n  " + tt.audio + "\n"
			_, err := prepare(context.Background(), dir, writeProject(t, dir, yaml))
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "project.yaml:5:") {
				t.Fatalf("got %v\nwant %q at line 5", err, tt.want)
			}
			m := regexp.MustCompile("`trim: \\{end: ([0-9.]+)s\\}`").FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("no trim suggested: %v", err)
			}
			fixed := regexp.MustCompile(`(source: cut\.\w+)`).ReplaceAllString(yaml, "$1, trim: {end: "+m[1]+"s}")
			if _, err := prepare(context.Background(), dir, writeProject(t, dir, fixed)); err != nil {
				t.Errorf("with the suggested trim: %v", err)
			}
		})
	}
}
