package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captionProject writes the caption files (name → content) into a new
// directory and parses src there with file checks on.
func captionProject(t *testing.T, src string, files map[string]string) (*Project, error) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFiles(t, dir, "a.mp4")
	opts := testOptions()
	opts.SkipFileChecks = false
	return Parse([]byte(src+"scenes:\n  - {source: a.mp4}\n"), "project.yaml", dir, opts)
}

const srtTwo = "1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,001 --> 00:00:04,000\n{x} 100% \\n\n"

// TestCaptions decodes the forms of the captions key: a map (SRT, WebVTT,
// burned or not, with a style and a language) and a bare file name.
func TestCaptions(t *testing.T) {
	files := map[string]string{"subs/en.srt": srtTwo, "fr.vtt": "WEBVTT\n\n00:01.500 --> 00:02.000 line:0\n<i>Bonjour</i> &amp; adieu\n"}
	tests := []struct {
		src                 string
		burn                bool
		style, lang, file   string
		cues                int
		firstStart, lastEnd string
		firstText           string
	}{
		{"captions: {file: subs/en.srt, burn: true, style: lower-third}\n", true, "lower-third", "", "subs/en.srt", 2, "1", "4", "Hello"},
		{"captions: {file: fr.vtt, language: fra}\n", false, "caption", "fra", "fr.vtt", 1, "3/2", "2", "Bonjour & adieu"},
		{"captions: subs/en.srt\n", false, "caption", "", "subs/en.srt", 2, "1", "4", "Hello"},
		{"captions: {file: subs/en.srt, burn: true}\n", true, "caption", "", "subs/en.srt", 2, "1", "4", "Hello"},
	}
	for _, tt := range tests {
		p, err := captionProject(t, tt.src, files)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		c := p.Captions
		if c == nil || c.Burn != tt.burn || c.Style != tt.style || c.Language != tt.lang || c.File != filepath.Join(p.Dir, tt.file) || len(c.Cues) != tt.cues {
			t.Fatalf("%s: captions %+v", tt.src, c)
		}
		if c.Cues[0].Start.Sec.String() != tt.firstStart || c.Cues[len(c.Cues)-1].End.Sec.String() != tt.lastEnd || c.Cues[0].Text != tt.firstText {
			t.Errorf("%s: cues %+v", tt.src, c.Cues)
		}
		if c.Pos.Line != 1 || c.Pos.Path != "captions" {
			t.Errorf("%s: pos %+v", tt.src, c.Pos)
		}
		found := false
		for _, in := range p.Inputs {
			found = found || in.Path == c.File && in.Kind == InputCaptions && strings.HasPrefix(in.Pos.Path, "captions")
		}
		if !found {
			t.Errorf("%s: the caption file is not among the inputs %+v", tt.src, p.Inputs)
		}
	}
	p, _ := captionProject(t, "captions: {file: subs/en.srt}\n", files)
	if c := p.Captions.Cues[1]; c.Text != `{x} 100% \n` || c.Line != 6 || c.Start.Sec.String() != "3001/1000" || c.Start.String() != "00:00:03.001" {
		t.Errorf("second cue %+v", c)
	}
}

// TestCaptionErrors checks each mistake's message: the project's line and
// field, the caption file's line where there is one, and a fix.
func TestCaptionErrors(t *testing.T) {
	files := map[string]string{
		"bad.srt":   "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:04,000 --> 00:00:03,000\nB\n",
		"stamp.vtt": "WEBVTT\n\n00:01.000 --> 00:02.00\nA\n",
		"subs.srt":  srtTwo,
		"subs.ass":  "x",
		"dir.srt/x": "",
	}
	tests := []struct{ src, want string }{
		{"captions: {file: missing.srt}\n", "project.yaml:1: captions.file: file not found: missing.srt (looked in"},
		{"captions: {file: subs.ass}\n", "project.yaml:1: captions.file: subs.ass: reel reads captions from SubRip (.srt) or WebVTT (.vtt) files"},
		{"captions:\n  file: bad.srt\n", "project.yaml:2: captions.file: bad.srt:6: the cue ends at 00:00:03.000, not after it starts (00:00:04.000)"},
		{"captions: {file: stamp.vtt}\n", `project.yaml:1: captions.file: stamp.vtt:3: the end time "00:02.00" needs three digits of milliseconds: write [hh:]mm:ss.mmm`},
		{"captions: {file: dir.srt}\n", "project.yaml:1: captions.file: dir.srt: this is a directory, not a caption file"},
		{"captions: {file: subs.srt, burn: true, style: lowerthird}\n", `project.yaml:1: captions.style: unknown caption style "lowerthird" (did you mean "lower-third"?)`},
		{"captions: {file: subs.srt, burn: yes please}\n", "project.yaml:1: captions.burn: expected true or false"},
		{"captions: {file: subs.srt, language: en}\n", `project.yaml:1: captions.language: "en" is not an ISO 639-2 language code: write three lower-case letters, e.g. eng`},
		{"captions: {burn: true}\n", `project.yaml:1: captions: missing key "file"`},
		{"captions: {file: subs.srt, size: 5%}\n", "project.yaml:1: captions.size: unknown key"},
		{"captions: [subs.srt]\n", "project.yaml:1: captions: expected a caption file (e.g. subs.srt) or a map {file, burn, style, language}, found a list"},
		{"captions: {file: \"\"}\n", "project.yaml:1: captions.file: must not be empty"},
	}
	for _, tt := range tests {
		_, err := captionProject(t, tt.src, files)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v\nwant %q", strings.TrimSpace(tt.src), err, tt.want)
		}
	}
}

// TestCaptionStyleWarning warns of a style on captions that are not burned.
func TestCaptionStyleWarning(t *testing.T) {
	p, err := captionProject(t, "captions: {file: subs.srt, style: title}\n", map[string]string{"subs.srt": srtTwo})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Error(), "captions.style: the style is for burned captions") {
		t.Errorf("warnings %v", p.Warnings)
	}
}
