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
	case "echo":
		// A program that repeats its arguments and a key from its
		// environment in its last words.
		fmt.Fprintln(os.Stderr, "args:", strings.Join(args[3:], " "))
		fmt.Fprintln(os.Stderr, "using key", os.Getenv("REEL_TEST_KEY"))
		fmt.Fprintln(os.Stderr, "HTTP 401")
		return 2
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

// TestCommandErrorHidesSecrets: what a failing program prints is shown, but
// never a credential it was given (by a flag's name, a header, or by its
// shape) nor a token it read from its environment.
func TestCommandErrorHidesSecrets(t *testing.T) {
	t.Setenv(helperEnv, "1")
	const envTok = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz09"
	t.Setenv("REEL_TEST_KEY", envTok)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{"hunter22", "sk-proj-abcdefghijklmnop1234", "plainpass", envTok}
	runs := [][]string{
		{"--password=hunter22", "--api-key=sk-proj-abcdefghijklmnop1234"},
		{"-H", "Authorization: Bearer hunter22", "--secret", "plainpass"},
		{"--model", "wan", "sk-proj-abcdefghijklmnop1234"},
	}
	for _, extra := range runs {
		run := append([]string{self, "echo", "{output}", "{prompt}"}, extra...)
		g, err := New(&config.Generator{Name: "local", Kind: config.KindCommand, Ext: ".mp4", Run: run}, Deps{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = g.Generate(context.Background(), Request{Prompt: "a castle"}, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "exited with code 2") || !strings.Contains(err.Error(), "HTTP 401") {
			t.Fatalf("%q: error %v, want the exit code and the program's last words", extra, err)
		}
		for _, s := range secrets {
			if strings.Contains(err.Error(), s) {
				t.Errorf("%q: the error shows %s: %v", extra, s, err)
			}
		}
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
