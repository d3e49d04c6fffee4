package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
)

// TestCommandStopsItsChildren runs a generator script (run as argv, not
// through a shell by reel) that starts a background process of its own, as
// a zoom script's `ffmpeg ... &` or `sleep 100 &` would. Cancelled, or
// exiting by itself with the child still running, the background process
// must not survive the call.
func TestCommandStopsItsChildren(t *testing.T) {
	cases := []struct {
		name, body string
		cancel     bool
	}{
		{"cancelled while waiting", "sleep 100 &\necho $! > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\nwait\n", true},
		{"cancelled in a loop", "(sleep 100; echo late) &\necho $! > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\nwhile :; do sleep 1; done\n", true},
		{"exits leaving it behind", "sleep 100 &\necho $! > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\nprintf 'clip' > \"$2\"\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			script := filepath.Join(dir, "gen.sh")
			if err := os.WriteFile(script, []byte("#!/bin/sh\n"+c.body), 0o755); err != nil {
				t.Fatal(err)
			}
			pidFile := filepath.Join(dir, "child.pid")
			g, err := New(&config.Generator{Name: "local", Kind: config.KindCommand, Ext: ".mp4",
				Run: []string{script, pidFile, "{output}", "{prompt}"}}, Deps{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if c.cancel {
				go func() { fftest.WaitPid(t, pidFile); cancel() }()
			}
			start := time.Now()
			_, err = g.Generate(ctx, Request{Prompt: "a still, zoomed"}, t.TempDir())
			elapsed := time.Since(start)
			switch {
			case c.cancel && !errors.Is(err, context.Canceled):
				t.Errorf("Generate = %v, want cancelled", err)
			case !c.cancel && err != nil:
				t.Errorf("Generate = %v, want success", err)
			}
			if elapsed > 4*time.Second {
				t.Errorf("Generate returned after %v", elapsed)
			}
			fftest.AssertGone(t, fftest.WaitPid(t, pidFile))
		})
	}
}
