package config

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

// issueOutputs is the outputs section of issue 11, with a crf on the
// first output and a GIF and an .opus that set nothing.
const issueOutputs = `outputs:
  - {path: out/master.mp4, size: 1920x1080, codec: h264, quality: high, crf: 20}
  - {path: out/vertical.mp4, size: 1080x1920, fit: blur}
  - {path: out/square.mp4, size: 1080x1080, fit: cover}
  - {path: out/master.mov, codec: prores, profile: hq}
  - {path: out/web.webm, codec: vp9}
  - {path: out/small.mp4, codec: av1, size: 640x360}
  - {path: out/teaser.gif, size: 480x270, fps: 12, range: {start: 2s, duration: 4s}}
  - {path: out/soundtrack.m4a}
  - {path: out/loop.gif, name: loop-gif}
  - {path: out/voice.opus, range: {start: 45f, end: 00:00:03.000}}
poster: {at: 3s, path: out/poster.jpg}
thumbnails: {every: 2s, width: 160, path: out/thumbs.jpg}
fit: contain
scenes:
  - source: a.mp4
`

// TestOutputsInherit checks every field of each output of the issue's
// example: what each writes, what it takes from the first output, and
// what follows its container.
func TestOutputsInherit(t *testing.T) {
	dir := t.TempDir()
	p := parseOK(t, issueOutputs, dir, testOptions())
	at := func(line int, path string) Pos { return Pos{File: "project.yaml", Line: line, Path: path} }
	out := func(name string) string { return filepath.Join(dir, "out", name) }
	fps30, fps12 := frac.New(30, 1), frac.New(12, 1)
	mk := func(i int, o Output) Output {
		o.Pos, o.PathPos = at(i+2, "outputs["+string(rune('0'+i))+"]"), at(i+2, "outputs["+string(rune('0'+i))+"].path")
		return o
	}
	want := []Output{
		mk(0, Output{Name: "master.mp4", Path: out("master.mp4"), Container: "mp4", Width: 1920, Height: 1080, FPS: fps30,
			Codec: "h264", Quality: "high", CRF: 20, Audio: "aac", Set: []string{"path", "size", "codec", "quality", "crf"}}),
		// Same codec as the first: its quality and crf; its own size and fit.
		mk(1, Output{Name: "vertical", Path: out("vertical.mp4"), Container: "mp4", Width: 1080, Height: 1920, FPS: fps30,
			Fit: "blur", Codec: "h264", Quality: "high", CRF: 20, Audio: "aac", Set: []string{"path", "size", "fit"}}),
		mk(2, Output{Name: "square", Path: out("square.mp4"), Container: "mp4", Width: 1080, Height: 1080, FPS: fps30,
			Fit: "cover", Codec: "h264", Quality: "high", CRF: 20, Audio: "aac", Set: []string{"path", "size", "fit"}}),
		// Another codec: not the first's crf; ProRes in MOV has PCM sound.
		mk(3, Output{Name: "master.mov", Path: out("master.mov"), Container: "mov", Width: 1920, Height: 1080, FPS: fps30,
			Fit: "contain", Codec: "prores", Quality: "high", CRF: -1, Profile: "hq", Audio: "pcm", Set: []string{"path", "codec", "profile"}}),
		mk(4, Output{Name: "web", Path: out("web.webm"), Container: "webm", Width: 1920, Height: 1080, FPS: fps30,
			Fit: "contain", Codec: "vp9", Quality: "high", CRF: -1, Audio: "opus", Set: []string{"path", "codec"}}),
		mk(5, Output{Name: "small", Path: out("small.mp4"), Container: "mp4", Width: 640, Height: 360, FPS: fps30,
			Fit: "contain", Codec: "av1", Quality: "high", CRF: -1, Audio: "aac", Set: []string{"path", "size", "codec"}}),
		mk(6, Output{Name: "teaser", Path: out("teaser.gif"), Container: "gif", Width: 480, Height: 270, FPS: fps12,
			Fit: "contain", Codec: "gif", Quality: "high", CRF: -1,
			Range: &Range{Start: *dur("2s"), Duration: dur("4s"), Pos: at(8, "outputs[6].range")}, Set: []string{"path", "size", "fps", "range"}}),
		// Audio only: no picture, the sound of its container.
		mk(7, Output{Name: "soundtrack", Path: out("soundtrack.m4a"), Container: "m4a", FPS: fps30, CRF: -1, Audio: "aac", Set: []string{"path"}}),
		// A GIF that sets nothing: the film's frame at most 480 wide, 12 fps.
		mk(8, Output{Name: "loop-gif", Path: out("loop.gif"), Container: "gif", Width: 480, Height: 270, FPS: fps12,
			Fit: "contain", Codec: "gif", Quality: "high", CRF: -1, Set: []string{"path", "name"}}),
		mk(9, Output{Name: "voice", Path: out("voice.opus"), Container: "opus", FPS: fps30, CRF: -1, Audio: "opus",
			Range: &Range{Start: *dur("45f"), End: dur("00:00:03.000"), Pos: at(11, "outputs[9].range")}, Set: []string{"path", "range"}}),
	}
	if !reflect.DeepEqual(p.Outputs, want) {
		t.Errorf("outputs differ:\n%s", jsonDiff(t, p.Outputs, want))
	}
	if !reflect.DeepEqual(p.Output, p.Outputs[0]) {
		t.Errorf("Output = %+v, want the first of Outputs", p.Output)
	}
	if ps := p.Poster; ps == nil || *ps != (Poster{At: *dur("3s"), Path: out("poster.jpg"), Pos: at(12, "poster"), PathPos: at(12, "poster.path")}) {
		t.Errorf("poster = %+v", ps)
	}
	wantThumbs := Thumbnails{Every: *dur("2s"), Width: 160, Columns: 10, Path: out("thumbs.jpg"), VTT: out("thumbs.vtt"),
		Pos: at(13, "thumbnails"), PathPos: at(13, "thumbnails.path")}
	if th := p.Thumbnails; th == nil || *th != wantThumbs {
		t.Errorf("thumbnails = %+v, want %+v", th, wantThumbs)
	}
}

// TestOutputsCodecDefaults checks the codec and sound each container gives
// an output that names no codec, and when the first output's codec and
// encoder settings carry over.
func TestOutputsCodecDefaults(t *testing.T) {
	tests := []struct {
		first, rendition     string
		codec, audio, preset string
		crf                  int
		bitrate              int64
		width, height        int
	}{
		// Same container as the first output: its codec and settings.
		{"{path: a.mp4, codec: h265, preset: slow, crf: 24}", "{path: b.mp4}", "h265", "aac", "slow", 24, 0, 1920, 1080},
		{"{path: a.mkv, codec: vp9, crf: 30}", "{path: b.mkv, size: 640x360}", "vp9", "opus", "", 30, 0, 640, 360},
		{"{path: a.mov, codec: prores, profile: lt}", "{path: b.mov}", "prores", "pcm", "", -1, 0, 1920, 1080},
		// Another container: its own default codec; another codec takes none of the first's settings.
		{"{path: a.mp4, codec: h265, preset: slow, crf: 24}", "{path: b.mkv}", "h264", "aac", "", -1, 0, 1920, 1080},
		{"{path: a.mp4, crf: 24}", "{path: b.webm}", "vp9", "opus", "", -1, 0, 1920, 1080},
		// Another container with the same codec: the first's settings.
		{"{path: a.mp4, bitrate: 8M}", "{path: b.mov}", "h264", "aac", "", -1, 8_000_000, 1920, 1080},
		{"{path: a.mkv, codec: av1}", "{path: b.webm}", "vp9", "opus", "", -1, 0, 1920, 1080},
		{"{path: a.mp4}", "{path: b.mkv, codec: vp9}", "vp9", "opus", "", -1, 0, 1920, 1080},
		{"{path: a.mp4}", "{path: b.mkv, codec: av1}", "av1", "aac", "", -1, 0, 1920, 1080},
		{"{path: a.mp4}", "{path: b.mp4, codec: vp9}", "vp9", "aac", "", -1, 0, 1920, 1080},
		{"{path: a.webm}", "{path: b.mp4, codec: av1, preset: 4}", "av1", "aac", "4", -1, 0, 1920, 1080},
		{"{path: a.webm, codec: av1, preset: \"8\"}", "{path: b.webm, crf: 40}", "av1", "opus", "8", 40, 0, 1920, 1080},
		// Same codec: a rendition's crf or bitrate replaces the first's other one.
		{"{path: a.mp4, bitrate: 8M}", "{path: b.mp4, crf: 23}", "h264", "aac", "", 23, 0, 1920, 1080},
		{"{path: a.mp4, crf: 23}", "{path: b.mp4, bitrate: 2500k}", "h264", "aac", "", -1, 2_500_000, 1920, 1080},
		{"{path: a.mp4, bitrate: 2.5M}", "{path: b.mp4}", "h264", "aac", "", -1, 2_500_000, 1920, 1080},
		// Audio only.
		{"{path: a.mp4}", "{path: b.MP3}", "", "mp3", "", -1, 0, 0, 0},
		{"{path: a.mp4}", "{path: b.wav}", "", "pcm", "", -1, 0, 0, 0},
		{"{path: a.mp4}", "{path: b.flac}", "", "flac", "", -1, 0, 0, 0},
		// A GIF's default size keeps the film's aspect, its longest side 480.
		{"{path: a.mp4, size: 1080x1920}", "{path: b.gif}", "gif", "", "", -1, 0, 270, 480},
		{"{path: a.mp4, size: 320x240}", "{path: b.gif}", "gif", "", "", -1, 0, 320, 240},
		{"{path: a.mp4, size: 1280x534}", "{path: b.gif}", "gif", "", "", -1, 0, 480, 200},
	}
	for _, tt := range tests {
		src := "outputs:\n  - " + tt.first + "\n  - " + tt.rendition + "\n" + scene1
		p := parseOK(t, src, t.TempDir(), testOptions())
		o := p.Outputs[1]
		if o.Codec != tt.codec || o.Audio != tt.audio || o.Preset != tt.preset || o.CRF != tt.crf || o.Bitrate != tt.bitrate ||
			o.Width != tt.width || o.Height != tt.height {
			t.Errorf("%s then %s: got codec %q audio %q preset %q crf %d bitrate %d size %dx%d, want %q %q %q %d %d %dx%d",
				tt.first, tt.rendition, o.Codec, o.Audio, o.Preset, o.CRF, o.Bitrate, o.Width, o.Height,
				tt.codec, tt.audio, tt.preset, tt.crf, tt.bitrate, tt.width, tt.height)
		}
	}
}

// TestOutputFirstDefaults checks the single output form: the codec and
// sound follow its container, and Outputs holds just it.
func TestOutputFirstDefaults(t *testing.T) {
	tests := []struct{ src, codec, audio, profile string }{
		{"output: {path: f.webm}\n", "vp9", "opus", ""},
		{"output: {path: f.MOV, codec: prores}\n", "prores", "pcm", "hq"},
		{"output: {path: f.mkv, codec: prores, profile: \"4444\"}\n", "prores", "pcm", "4444"},
		{"output: {path: f.mkv, codec: hevc}\n", "h265", "aac", ""},
		{"outputs: [{path: f.mp4, codec: av1}]\n", "av1", "aac", ""},
	}
	for _, tt := range tests {
		p := parseOK(t, tt.src+scene1, t.TempDir(), testOptions())
		if o := p.Output; o.Codec != tt.codec || o.Audio != tt.audio || o.Profile != tt.profile || len(p.Outputs) != 1 || !reflect.DeepEqual(p.Outputs[0], o) {
			t.Errorf("%q: got %+v (%d outputs)", tt.src, o, len(p.Outputs))
		}
	}
}

// TestWrites checks the files a render writes, in order, with positions.
func TestWrites(t *testing.T) {
	dir := t.TempDir()
	p := parseOK(t, issueOutputs, dir, testOptions())
	ws := p.Writes()
	if len(ws) != 13 {
		t.Fatalf("got %d writes, want 13: %+v", len(ws), ws)
	}
	for i, o := range p.Outputs {
		if ws[i] != (Write{Path: o.Path, Kind: WriteRendition, Name: o.Name, Pos: o.PathPos}) {
			t.Errorf("write %d = %+v, want output %s", i, ws[i], o.Name)
		}
	}
	tail := []Write{
		{Path: filepath.Join(dir, "out/poster.jpg"), Kind: WritePoster, Pos: Pos{File: "project.yaml", Line: 12, Path: "poster.path"}},
		{Path: filepath.Join(dir, "out/thumbs.jpg"), Kind: WriteSheet, Pos: Pos{File: "project.yaml", Line: 13, Path: "thumbnails.path"}},
		{Path: filepath.Join(dir, "out/thumbs.vtt"), Kind: WriteVTT, Pos: Pos{File: "project.yaml", Line: 13, Path: "thumbnails.path"}},
	}
	if !reflect.DeepEqual(ws[10:], tail) {
		t.Errorf("poster and thumbnails writes = %+v, want %+v", ws[10:], tail)
	}
	def := parseOK(t, scene1, dir, testOptions()).Writes()
	if len(def) != 1 || def[0].Path != filepath.Join(dir, "out/project.mp4") || def[0].Kind != WriteRendition || def[0].Name != "project" {
		t.Errorf("default writes = %+v", def)
	}
}

// TestRenditionWarnings checks the warnings of a rendition made from less
// than it shows, and that the issue's example (which crops and scales up
// the vertical output, on one side only) has none.
func TestRenditionWarnings(t *testing.T) {
	tests := []struct{ src, want string }{
		{issueOutputs, ""},
		{"outputs:\n  - {path: a.mp4, size: 1280x720, fps: 25}\n  - {path: b.mp4, fps: 50}\n" + scene1,
			"project.yaml:3: outputs[1].fps: 50 fps is above the film's 25 (the first output's), so frames repeat: the film is made at the first output's rate; put the output with the highest rate first"},
		{"outputs:\n  - {path: a.mp4, size: 1280x720}\n  - {path: b.mp4, size: 1920x1080}\n  - {path: c.mp4, size: 1920x720}\n  - {path: d.m4a}\n" + scene1,
			"project.yaml:3: outputs[1].size: 1920x1080 is larger than the film's 1280x720 (the first output's), so it is scaled up from it; put the largest output first"},
		{"outputs:\n  - {path: a.mp4, fps: 30000/1001}\n  - {path: b.mp4, fps: 30}\n  - {path: c.gif, fps: 24}\n" + scene1,
			"project.yaml:3: outputs[1].fps: 30 fps is above the film's 30000/1001 (the first output's), so frames repeat: the film is made at the first output's rate; put the output with the highest rate first"},
	}
	for _, tt := range tests {
		p := parseOK(t, tt.src, t.TempDir(), testOptions())
		got := ""
		if len(p.Warnings) > 0 {
			got = p.Warnings.Error()
		}
		if got != tt.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestFindOutput checks what --output X picks.
func TestFindOutput(t *testing.T) {
	dir := t.TempDir()
	p := parseOK(t, issueOutputs, dir, testOptions())
	t.Chdir(dir)
	tests := map[string][]int{
		"vertical":                         {1},
		"master":                           {0, 3},
		"master.mov":                       {3},
		"out/master.mp4":                   {0},
		"./out/../out/teaser.gif":          {6},
		filepath.Join(dir, "out/web.webm"): {4},
		"loop-gif":                         {8},
		"loop":                             {8},
		"thumbs":                           nil,
		"out/film.mp4":                     nil,
		"":                                 nil,
	}
	for x, want := range tests {
		if got := p.FindOutput(x); !reflect.DeepEqual(got, want) {
			t.Errorf("FindOutput(%q) = %v, want %v", x, got, want)
		}
	}
}
