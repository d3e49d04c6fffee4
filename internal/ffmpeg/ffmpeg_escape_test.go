package ffmpeg

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// roundTripTexts are option values that must survive both parsing levels.
var roundTripTexts = []string{
	"Scene: 1, it's",
	`all: , ; ' [ ] \ % at once`,
	`a\:b\,c\'d`,
	"key=value:x=y",
	"[0:v][1:v]xfade;null",
	"''",
	`\`,
	"'",
	" leading",
	"trailing ",
	"  both  ",
	"\ttab and\nnewline inside",
	"ünïcødé ✓ 日本語",
	"100%{pts} %%",
	"",
}

// TestEscapeRoundTripFFmpeg feeds each text to drawtext (which must parse
// and run) and to the metadata filter, which prints it back to a file; the
// printed value must equal the text exactly.
func TestEscapeRoundTripFFmpeg(t *testing.T) {
	bin := ffmpegBin(t)
	for _, text := range roundTripTexts {
		t.Run(text, func(t *testing.T) {
			out := filepath.Join(weirdDir(t), "meta.txt")
			g := NewGraph()
			g.Chain([]string{"0:v"}, []Filter{
				drawtext(text),
				F("metadata", "mode", "add", "key", "reel", "value", text),
				F("metadata", "mode", "print", "key", "reel", "file", out),
			}, nil)
			runFFmpeg(t, bin, "-f", "lavfi", "-i", "color=s=160x90:d=0.1", "-filter_complex", g.String(), "-frames:v", "1", "-f", "null", "-")
			if got := printedValue(t, out, "reel"); got != text {
				t.Errorf("round trip: got %q, want %q\ngraph: %s", got, text, g.String())
			}
		})
	}
}

// drawtext draws text verbatim; an empty text would be rejected, so it
// draws a space instead.
func drawtext(text string) Filter {
	if text == "" {
		text = " "
	}
	return F("drawtext", "expansion", "none", "fontsize", "10", "text", text)
}

// TestPathOptionFFmpeg opens a clip whose path contains : , ' [ ] ; \ and
// spaces, through movie=filename= and through a concat list.
func TestPathOptionFFmpeg(t *testing.T) {
	bin := ffmpegBin(t)
	clip := filepath.Join(weirdDir(t), `clip: a,b 'c' [d];e\f.nut`)
	plain := filepath.Join(t.TempDir(), "plain.nut")
	runFFmpeg(t, bin, "-f", "lavfi", "-i", "color=s=160x90:r=25:d=0.12", "-c:v", "ffv1", plain)
	if err := os.Rename(plain, clip); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(list, []byte(QuoteConcatPath(clip)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := NewGraph()
	g.Chain(nil, []Filter{F("movie", "filename", clip)}, nil)
	tests := map[string][]string{
		"movie":  {"-filter_complex", g.String()},
		"concat": {"-f", "concat", "-safe", "0", "-i", list},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if frames := runFFmpeg(t, bin, append(in, "-f", "null", "-")...); frames != 3 {
				t.Errorf("read %d frames, want the 3 of %q", frames, clip)
			}
		})
	}
}

// weirdDir returns a fresh directory whose name needs escaping.
func weirdDir(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), `d:i,r 'x' [y];z`)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runFFmpeg runs ffmpeg quietly and returns the number of frames written.
func runFFmpeg(t *testing.T, bin string, args ...string) int64 {
	t.Helper()
	var frames int64
	args = append([]string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}, args...)
	_, err := Run(context.Background(), bin, args, RunOptions{OnProgress: func(p Progress) { frames = p.Frame }})
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, err.(*ExitError).Command(), strings.Join(err.(*ExitError).StderrTail, "\n"))
	}
	return frames
}

// printedValue returns the value metadata=mode=print wrote for key: the
// file holds a "frame:..." header line, then "key=value\n".
func printedValue(t *testing.T, path, key string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\n"+key+"=")
	if !ok || !strings.HasSuffix(rest, "\n") {
		t.Fatalf("unexpected metadata output %q", b)
	}
	return strings.TrimSuffix(rest, "\n")
}
