package source

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
)

// TestCommandKeyFiles checks that the content of every file a command's
// arguments name is part of the clip's key, whatever the spelling: the
// script given as a path, a plain argument, --flag=path, @path, an
// absolute path, a path built from a placeholder, curl's -F name=@path (with
// or without ";type=..."); and that a file rewritten with the same
// content, an argument naming a directory and a program looked up in PATH
// change nothing.
func TestCommandKeyFiles(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"script":      filepath.Join(dir, "bin", "zoom.sh"),
		"still":       filepath.Join(dir, "still.png"),
		"flag value":  filepath.Join(dir, "masks", "mask.png"),
		"absolute":    filepath.Join(other, "lut.cube"),
		"placeholder": filepath.Join(dir, "seeds", "7.png"),
		"@file":       filepath.Join(dir, "body.json"),
		"name=@file":  filepath.Join(dir, "form", "still.png"),
		"@file;type":  filepath.Join(dir, "form", "mask.png"),
	}
	for _, p := range files {
		write(p, "v1 "+p)
	}
	if err := os.Mkdir(filepath.Join(dir, "models"), 0o755); err != nil {
		t.Fatal(err)
	}
	g := &config.Generator{Name: "zoom", Kind: config.KindCommand, Ext: ".mp4", Dir: dir,
		Run: []string{"./bin/zoom.sh", "still.png", "--mask=masks/mask.png", files["absolute"], "seeds/{seed}.png",
			"--models", "models", "-d", "@body.json", "-F", "image=@form/still.png", "-F", "mask=@form/mask.png;type=image/png",
			"{prompt}", "{output}"}}
	req := Request{Prompt: "zoom in", Seed: 7, Seconds: "1", Frames: 10, Width: 64, Height: 36}
	key := func() string {
		t.Helper()
		k, err := Key(g, req, nil)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := key()
	for name, p := range files {
		write(p, "v2 "+p)
		if key() == base {
			t.Errorf("%s: changing %s left the key as it was", name, p)
		}
		write(p, "v1 "+p)
		future := time.Now().Add(time.Hour)
		_ = os.Chtimes(p, future, future)
		if key() != base {
			t.Errorf("%s: the same content with a new time changed the key", name)
		}
	}
	write(filepath.Join(dir, "models", "weights.bin"), "new weights")
	if key() != base {
		t.Error("a file inside a directory argument changed the key")
	}
	other7 := req
	other7.Seed = 8 // seeds/8.png does not exist: no file, another request
	if k, _ := Key(g, other7, nil); k == base {
		t.Error("another seed gave the same key")
	}
	write(filepath.Join(dir, "zoom.sh"), "a file named like the program")
	inPath := &config.Generator{Name: "p", Kind: config.KindCommand, Ext: ".mp4", Dir: dir, Run: []string{"zoom.sh", "{prompt}", "{output}"}}
	if got := commandFiles(inPath, req); len(got) != 0 {
		t.Errorf("a program looked up in PATH was fingerprinted as a file: %v", got)
	}
}

// TestCommandRunsInProjectDir runs a script named relative to the project
// directory, from another working directory and with a relative temporary
// directory: it runs in the project directory, relative arguments reach
// the files there, and {output} still lands in the temporary directory.
func TestCommandRunsInProjectDir(t *testing.T) {
	project, elsewhere := t.TempDir(), t.TempDir()
	script := "#!/bin/sh\nprintf '%s|%s' \"$(pwd -P)\" \"$(cat \"$1\")\" > \"$2\"\n"
	if err := os.WriteFile(filepath.Join(project, "gen.sh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(project, "still.txt"), []byte("the still"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(elsewhere)
	if err := os.Mkdir("tmp", 0o755); err != nil {
		t.Fatal(err)
	}
	g, err := New(&config.Generator{Name: "g", Kind: config.KindCommand, Ext: ".mp4", Dir: project,
		Run: []string{"./gen.sh", "still.txt", "{output}", "{prompt}"}}, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := g.Generate(context.Background(), Request{Prompt: "p"}, "tmp")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(project)
	if b, err := os.ReadFile(out); err != nil || string(b) != want+"|the still" || !filepath.IsAbs(out) || filepath.Dir(out) != filepath.Join(elsewhere, "tmp") {
		t.Errorf("output %s: %q, %v; want %q in %s", out, b, err, want+"|the still", filepath.Join(elsewhere, "tmp"))
	}
}

// TestCommandArgsLiteral checks that a generator's arguments reach it
// exactly as written, even those that look like a long ffmpeg filter
// option (which the runner moves into a file for ffmpeg itself).
func TestCommandArgsLiteral(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "gen.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s|%s|%s' \"$1\" \"${#2}\" \"$5\" > \"$3\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", ffmpeg.MaxInlineFilter+100)
	for _, opt := range []string{"-vf", "-filter_complex", "-af", "-lavfi"} {
		g, err := New(&config.Generator{Name: "g", Kind: config.KindCommand, Ext: ".mp4", Dir: dir,
			Run: []string{script, opt, long, "{output}", "{prompt}", "last"}}, Deps{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := g.Generate(context.Background(), Request{Prompt: "p"}, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		want := opt + "|" + strconv.Itoa(len(long)) + "|last"
		if b, _ := os.ReadFile(out); string(b) != want {
			t.Errorf("%s: the program got %q, want %q", opt, b, want)
		}
	}
}
