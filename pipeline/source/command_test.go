package source

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
)

// helperEnv makes the test binary act as a generator program (see
// TestMain): its arguments are a mode, the output path and the prompt.
const helperEnv = "REEL_TEST_GENERATOR_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(helper(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// helper is the fake generator: "ok" writes the prompt to the output file,
// "fail" complains on stderr and exits 3, "nofile" writes nothing.
func helper(args []string) int {
	switch args[0] {
	case "ok":
		if err := os.WriteFile(args[1], []byte(args[2]), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	case "fail":
		fmt.Fprintln(os.Stderr, "loading weights")
		fmt.Fprintln(os.Stderr, "error: model not found: wan-2.1")
		return 3
	}
	return 0
}

func TestCommand(t *testing.T) {
	t.Setenv(helperEnv, "1")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	prompt := `it's "quoted"; $(rm -rf /) {seed} & more`
	cases := []struct {
		mode, wantErr string
	}{
		{"ok", ""},
		{"fail", "exited with code 3: loading weights | error: model not found: wan-2.1"},
		{"nofile", "wrote no file at {output}"},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			g, err := New(&config.Generator{Name: "local", Kind: config.KindCommand, Ext: ".mp4",
				Run: []string{self, c.mode, "{output}", "{prompt}"}}, Deps{})
			if err != nil {
				t.Fatal(err)
			}
			path, err := g.Generate(context.Background(), Request{Prompt: prompt, Seed: 7}, t.TempDir())
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want %q", err, c.wantErr)
				}
				return
			}
			if b, err := os.ReadFile(path); err != nil || string(b) != prompt {
				t.Fatalf("output %q, %v: the prompt must arrive as one literal argument", b, err)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	f := fields(Request{Prompt: "a {seed} b", Seed: 9, Seconds: "2.5", Frames: 75, Width: 640, Height: 360}, "/o.mp4")
	for in, want := range map[string]string{
		"{prompt}":                  "a {seed} b", // values are not expanded again
		"{width}x{height}":          "640x360",
		"{seconds}s/{frames}f":      "2.5s/75f",
		"--out={output} {unknown}":  "--out=/o.mp4 {unknown}",
		"{a|b} stays, {seed} turns": "{a|b} stays, 9 turns",
	} {
		if got := Expand(in, f); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}
