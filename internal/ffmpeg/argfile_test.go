package ffmpeg

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// longGraph is a valid audio graph of more than n bytes: one filter whose
// instance name is long (its length changes nothing in what it does).
func longGraph(n int) string {
	return "anullsrc=d=0.1,anull@" + strings.Repeat("x", n) + "[out]"
}

// A graph longer than Linux lets one argument be (128 KiB) still runs: the
// runner passes it through a file, and removes the file afterwards.
func TestRunLongFilterGraphRealFFmpeg(t *testing.T) {
	bin := ffmpegBin(t)
	dir := t.TempDir()
	for _, opt := range []string{"-filter_complex", "-lavfi"} {
		args := []string{"-hide_banner", opt, longGraph(200 << 10), "-map", "[out]", "-f", "null", "-"}
		if _, err := Run(context.Background(), bin, args, RunOptions{TempDir: dir}); err != nil {
			t.Fatalf("%s of %d bytes: %v", opt, len(args[2]), err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("%s: the graph file was not removed: %v", opt, left)
		}
	}
}

func TestSpillFilters(t *testing.T) {
	long, short := strings.Repeat("a", MaxInlineFilter+1), strings.Repeat("a", MaxInlineFilter)
	cases := []struct {
		name string
		args []string
		want []string // "FILE" stands for the file written
	}{
		{"short graph stays", []string{"-filter_complex", short, "-map", "[v]"}, []string{"-filter_complex", short, "-map", "[v]"}},
		{"filter_complex", []string{"-i", "a", "-filter_complex", long, "o"}, []string{"-i", "a", "-filter_complex_script", "FILE", "o"}},
		{"lavfi", []string{"-lavfi", long}, []string{"-filter_complex_script", "FILE"}},
		{"vf", []string{"-vf", long}, []string{"-filter_script:v", "FILE"}},
		{"af", []string{"-af", long}, []string{"-filter_script:a", "FILE"}},
		{"filter with a stream", []string{"-filter:v:0", long}, []string{"-filter_script:v:0", "FILE"}},
		{"other long values stay", []string{"-metadata", long}, []string{"-metadata", long}},
		{"option last", []string{"-i", "a", "-filter_complex"}, []string{"-i", "a", "-filter_complex"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := append([]string(nil), c.args...)
			got, cleanup, err := spillFilters(in, dir)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(in, "\x00") != strings.Join(c.args, "\x00") {
				t.Error("spillFilters changed its argument slice")
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d args, want %d", len(got), len(c.want))
			}
			for i, w := range c.want {
				if w != "FILE" {
					if got[i] != w {
						t.Errorf("arg %d = %.20q, want %.20q", i, got[i], w)
					}
					continue
				}
				if filepath.Dir(got[i]) != dir {
					t.Errorf("graph file %s is not in %s", got[i], dir)
				}
				b, err := os.ReadFile(got[i])
				if err != nil || string(b) != long {
					t.Errorf("graph file holds %d bytes (%v), want the %d-byte graph", len(b), err, len(long))
				}
			}
			cleanup()
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("cleanup left %v", left)
			}
		})
	}
}
