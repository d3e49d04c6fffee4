package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/cache"
)

// TestOutputOverInputRefused: render -o and output.path naming a source
// (by several spellings) exit 2 naming the field, before any job starts,
// and validate reports output.path the same way; the source is unchanged.
func TestOutputOverInputRefused(t *testing.T) {
	dir := t.TempDir()
	work := t.TempDir()
	in := fftest.Make(t, dir, fftest.Clip{Name: "in.mp4", Seconds: 0.3})
	sum, _, _ := cache.HashFile(in)
	if err := os.Symlink(".", filepath.Join(dir, "here")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(in, filepath.Join(dir, "hard.mp4")); err != nil {
		t.Fatal(err)
	}
	project := "output: {path: OUT, size: 160x90, fps: 30, quality: draft}\nscenes:\n  - source: in.mp4\n"
	writeFile(t, dir, "p.yaml", strings.Replace(project, "OUT", "film.mp4", 1))
	for _, out := range []string{"in.mp4", "./x/../in.mp4", "here/in.mp4", "hard.mp4"} {
		r := reel(t, dir, nil, "render", "p.yaml", "-o", out, "--progress", "plain", "--work-dir", work)
		wantExit(t, r, 2)
		wantContains(t, "render -o "+out, r.stderr, "reel: -o "+out+": ", "is the scene source at scenes[0].source (p.yaml:3)")
		if strings.Contains(r.stderr, "started") {
			t.Errorf("render -o %s started jobs before refusing:\n%s", out, r.stderr)
		}
		writeFile(t, dir, "q.yaml", strings.Replace(project, "OUT", out, 1))
		for _, cmd := range []string{"validate", "render"} {
			r = reel(t, dir, nil, cmd, "q.yaml", "--work-dir", work)
			wantExit(t, r, 2)
			wantContains(t, cmd+" with output.path "+out, r.stderr, "q.yaml:1: output.path: ", "is the scene source at scenes[0].source (q.yaml:3)")
		}
	}
	// The name --preview derives from output.path is checked too.
	if err := os.Rename(in, filepath.Join(dir, "in.preview.mp4")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "pv.yaml", strings.NewReplacer("OUT", "in.mp4", "source: in.mp4", "source: in.preview.mp4").Replace(project))
	r := reel(t, dir, nil, "render", "pv.yaml", "--preview", "--work-dir", work)
	wantExit(t, r, 2)
	wantContains(t, "render --preview", r.stderr, "pv.yaml:1: output.path: ", "in.preview.mp4 (the preview's name for output.path) is the scene source")
	if got, _, _ := cache.HashFile(filepath.Join(dir, "in.preview.mp4")); got != sum {
		t.Fatal("the source was written")
	}
	assertNoLeftovers(t, dir, work)
}

// TestOutputPlaceChecked: an output that cannot be written is refused before
// the first encode with exit 2 and the fix: an existing directory, a path
// under a regular file, /proc (which root cannot write either). So are a
// work_dir and a cache_dir that cannot hold files.
func TestOutputPlaceChecked(t *testing.T) {
	dir := t.TempDir()
	work := t.TempDir()
	writeFile(t, dir, "p.yaml", placeholderProject(1, "0.2s", "160x90"))
	writeFile(t, dir, "file", "x")
	if err := os.Mkdir(filepath.Join(dir, "taken.mp4"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-o", "taken.mp4"}, "-o taken.mp4: " + filepath.Join(dir, "taken.mp4") + " is a directory; name a file inside it"},
		{[]string{"-o", "file/film.mp4"}, "-o file/film.mp4: " + filepath.Join(dir, "file") + " is a file, not a directory"},
		{[]string{"-o", "/proc/film.mp4"}, "cannot create files in /proc"},
		{[]string{"--work-dir", "file/work"}, "work directory file/work: file is a file, not a directory"},
		{[]string{"--work-dir", "/proc/reel"}, "set work_dir (--work-dir or REEL_WORK_DIR)"},
		{[]string{"--cache-dir", "/proc/cache"}, "cache directory /proc/cache: cannot create files in /proc"},
		{[]string{"--cache-dir", "file/cache"}, "set cache_dir, --cache-dir or REEL_CACHE_DIR"},
	}
	for _, tt := range tests {
		args := append([]string{"render", "p.yaml", "--progress", "plain"}, tt.args...)
		if !strings.Contains(strings.Join(tt.args, " "), "--work-dir") {
			args = append(args, "--work-dir", work)
		}
		r := reel(t, dir, nil, args...)
		wantExit(t, r, 2)
		wantContains(t, strings.Join(tt.args, " "), r.stderr, tt.want)
		if strings.Contains(r.stderr, "started") {
			t.Errorf("%v: jobs started before the refusal:\n%s", tt.args, r.stderr)
		}
	}
	writeFile(t, dir, "d.yaml", strings.Replace(placeholderProject(1, "0.2s", "160x90"), "out/film.mp4", "taken.mp4", 1))
	r := reel(t, dir, nil, "validate", "d.yaml")
	wantExit(t, r, 2)
	wantContains(t, "validate", r.stderr, "d.yaml:1: output.path: ", "is a directory")
	assertNoLeftovers(t, dir, work)
}

// TestGradesOutputsChecked: grades export and preview refuse an -o that is
// their input (by any spelling), has another extension, or cannot be
// written; the input is unchanged and no temporary file is left.
func TestGradesOutputsChecked(t *testing.T) {
	dir := t.TempDir()
	still := fftest.Make(t, dir, fftest.Clip{Name: "still.png"})
	sum, _, _ := cache.HashFile(still)
	writeFile(t, dir, "file", "x")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"grades", "preview", "still.png", "-o", "still.png"}, "this is the input still.png"},
		{[]string{"grades", "preview", "still.png", "-o", "./x/../still.png"}, "this is the input still.png"},
		{[]string{"grades", "preview", "still.png", "-o", "sheet.mp4"}, "writes .png, .jpg, .jpeg files"},
		{[]string{"grades", "preview", "still.png", "-o", "file/sheet.png"}, "is a file, not a directory"},
		{[]string{"grades", "export", "noir", "-o", "still.png"}, "writes .cube files"},
		{[]string{"grades", "export", "noir", "-o", "/proc/noir.cube"}, "cannot create files in /proc"},
	}
	for _, tt := range tests {
		r := reel(t, dir, nil, tt.args...)
		wantExit(t, r, 2)
		wantContains(t, strings.Join(tt.args, " "), r.stderr, tt.want)
	}
	if got, _, _ := cache.HashFile(still); got != sum {
		t.Error("the input was written")
	}
	r := reel(t, dir, nil, "grades", "preview", "still.png", "-o", "sheet.jpg", "--width", "64")
	wantExit(t, r, 0)
	if img := fftest.Frame(t, filepath.Join(dir, "sheet.jpg"), 0); img.Bounds().Dx() != 4*64 {
		t.Errorf("sheet is %v wide, want 4 tiles of 64", img.Bounds())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*partial*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestDamagedCacheWarns: a cached segment damaged in its middle (same size,
// same time) is reported as a warning, in plain and JSON progress, and
// rendered again; the film keeps its frames and duration.
func TestDamagedCacheWarns(t *testing.T) {
	dir := t.TempDir()
	work := t.TempDir()
	writeFile(t, dir, "p.yaml", placeholderProject(2, "0.5s", "160x90"))
	r := reel(t, dir, nil, "render", "p.yaml", "--progress", "none", "--work-dir", work)
	wantExit(t, r, 0)
	out := filepath.Join(dir, "out", "film.mp4")
	frames, dur := fftest.FrameCount(t, out), fftest.Info(t, out).Duration
	segs, _ := filepath.Glob(filepath.Join(dir, ".reel-cache", "jobs", "*", "*", "s01-*-body.mp4"))
	if len(segs) != 1 {
		t.Fatalf("cached body segments: %v", segs)
	}
	for i, mode := range []string{"plain", "json"} {
		fi, _ := os.Stat(segs[0])
		b, _ := os.ReadFile(segs[0])
		for j := len(b) / 3; j < len(b)/3+min(20<<10, len(b)/4); j++ {
			b[j] ^= 0xa5
		}
		if err := os.WriteFile(segs[0], b, 0o644); err != nil {
			t.Fatal(err)
		}
		_ = os.Chtimes(segs[0], fi.ModTime(), fi.ModTime())
		r = reel(t, dir, nil, "render", "p.yaml", "--progress", mode, "--work-dir", work)
		wantExit(t, r, 0)
		want := "reel: warning: job s01-scene-1: cache entry "
		if mode == "json" {
			want = `"state":"warning"`
		}
		wantContains(t, mode+" progress", r.stderr, want, "s01-scene-1-body.mp4 has changed since it was stored")
		wantContains(t, "summary", r.stdout, "(3 of 5 jobs from the cache)")
		if n, d := fftest.FrameCount(t, out), fftest.Info(t, out).Duration; n != frames || d != dur {
			t.Errorf("render %d after damage: %d frames, %.3fs; first render %d, %.3fs", i+2, n, d, frames, dur)
		}
	}
}
