package probe_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestProbeSaysWhy checks that files which cannot be media are named for
// what they are (empty, text, a directory), with ffprobe's words kept after,
// while a clip that exists is still probed.
func TestProbeSaysWhy(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sub := filepath.Join(dir, "folder.mp4")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{write("empty.mp4", ""), "the file is empty (0 bytes) (ffprobe: Invalid data found when processing input (moov atom not found))"},
		{write("empty.png", ""), "the file is empty (0 bytes)"},
		{write("notes.mp4", "scenes:\n  - these are my notes\n"), "the file holds text, not video, an image or audio"},
		{write("utf8.wav", "café ☕ "+strings.Repeat("é", 400)), "the file holds text"},
		{sub, "it is a directory"},
	}
	for _, tt := range tests {
		_, err := probe.Probe(context.Background(), fftest.FFprobe(), tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Probe(%s) = %v, want %q", filepath.Base(tt.path), err, tt.want)
		}
	}
	clip := fftest.Make(t, dir, fftest.Clip{Name: "ok.mp4", Seconds: 0.2})
	if _, err := probe.Probe(context.Background(), fftest.FFprobe(), clip); err != nil {
		t.Errorf("a real clip: %v", err)
	}
}
