package config

import (
	"path/filepath"
	"testing"
)

// TestRetarget checks -o: what follows the new file, and the files the
// film cannot go to.
func TestRetarget(t *testing.T) {
	tests := []struct {
		output, path            string
		name, codec, audio, err string
	}{
		{"{path: a.mp4}", "b.mov", "b", "h264", "aac", ""},
		{"{path: a.mp4, crf: 20}", "b.mkv", "b", "h264", "aac", ""},
		{"{path: a.mp4}", "b.webm", "b", "vp9", "opus", ""},
		{"{path: a.mp4, name: film}", "b.WEBM", "film", "vp9", "opus", ""},
		{"{path: a.mov, codec: prores}", "b.mkv", "b", "prores", "pcm", ""},
		{"{path: a.webm}", "b.mp4", "b", "h264", "aac", ""},
		{"{path: a.mp4, codec: av1}", "b.webm", "b", "av1", "opus", ""},
		{"{path: a.mov, codec: prores}", "b.mp4", "", "", "", "the project's codec prores cannot go in a .mp4 file (FFmpeg writes it into .mov, .mkv only)"},
		{"{path: a.mp4, codec: h265}", "b.webm", "", "", "", "the project's codec h265 cannot go in a .webm file (FFmpeg writes it into .mp4, .mov, .mkv only)"},
		{"{path: a.mp4, crf: 20}", "b.webm", "", "", "", "a .webm file is vp9, and the project's crf is for h264: write codec: h264 in the project, or another extension"},
		{"{path: a.mp4}", "b.gif", "", "", "", "the film's output cannot be a .gif file (it is the master the other outputs are made from: a video); write .mp4, .mov, .mkv, .webm"},
		{"{path: a.mp4}", "b.m4a", "", "", "", "the film's output cannot be a .m4a file (it is the master the other outputs are made from: a video); write .mp4, .mov, .mkv, .webm"},
		{"{path: a.mp4}", "b.avi", "", "", "", "reel writes the film as .mp4, .mov, .mkv, .webm"},
		{"{path: a.mp4}", "b.mp5", "", "", "", `reel writes the film as .mp4, .mov, .mkv, .webm (did you mean ".mp4"?)`},
		{"{path: a.mp4}", "film", "", "", "", "reel writes the film as .mp4, .mov, .mkv, .webm"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		p := parseOK(t, "output: "+tt.output+"\n"+scene1, dir, testOptions())
		path := filepath.Join(dir, tt.path)
		o, err := p.Output.Retarget(path)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s to %s: got %v, want %s", tt.output, tt.path, err, tt.err)
			}
			if o.Path != p.Output.Path {
				t.Errorf("%s to %s: a failed Retarget changed the output", tt.output, tt.path)
			}
			continue
		}
		if err != nil || o.Path != path || o.Name != tt.name || o.Codec != tt.codec || o.Audio != tt.audio {
			t.Errorf("%s to %s: got %+v, %v; want name %s codec %s audio %s", tt.output, tt.path, o, err, tt.name, tt.codec, tt.audio)
		}
	}
}
