package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/provenance"
	"github.com/reel-film/reel/provenance/c2pa/c2patest"
)

// TestRenderSigns: reel render with --sign-key and --sign-cert (or the
// sign_key and sign_cert settings, here from the environment) embeds
// Content Credentials the independent reader validates, beside a
// manifest; without a key it says so in one note line; a key without its
// certificate is a usage error naming the fix, and never shows the key.
func TestRenderSigns(t *testing.T) {
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 0.5, Width: 160, Height: 90})
	writeFile(t, dir, "project.yaml", twoScenes)
	keyFile, certFile := c2patest.Credentials(t, t.TempDir())
	out := filepath.Join(dir, "out", "film.mp4")
	cases := []struct {
		name string
		env  []string
		args []string
	}{
		{"flags", nil, []string{"--sign-key", keyFile, "--sign-cert", certFile}},
		{"settings", []string{"REEL_SIGN_KEY=" + keyFile, "REEL_SIGN_CERT=" + certFile}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := reel(t, dir, c.env, append([]string{"render", "project.yaml", "--progress", "none"}, c.args...)...)
			wantExit(t, r, 0)
			if strings.Contains(r.stderr, "note:") {
				t.Errorf("a note with a key:\n%v", r)
			}
			rep := c2patest.Read(t, out)
			if !rep.Valid || !rep.Has("assertion.bmffHash.match") || len(rep.Actions) == 0 || rep.Actions[0].Action != "c2pa.created" {
				t.Errorf("the credentials do not validate:\n%s", rep)
			}
			if m, err := provenance.Read(out + provenance.Suffix); err != nil || m.C2PA == nil || !m.C2PA.Embedded {
				t.Errorf("manifest %+v: %v", m, err)
			}
		})
	}

	r := reel(t, dir, nil, "render", "project.yaml", "--progress", "none")
	wantExit(t, r, 0)
	wantContains(t, "stderr", r.stderr, "reel: note: no signing key: film.mp4 carries no Content Credentials", "--sign-key")
	if n := strings.Count(r.stderr, "note:"); n != 1 {
		t.Errorf("%d notes, want one:\n%v", n, r)
	}
	if _, err := os.Stat(out + provenance.Suffix); err != nil {
		t.Errorf("no manifest without a key: %v", err)
	}

	key, _ := os.ReadFile(keyFile)
	r = reel(t, dir, nil, "render", "project.yaml", "--sign-key", keyFile)
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "a signing key without its certificate", "--sign-cert")
	if strings.Contains(r.stderr+r.stdout, strings.Split(string(key), "\n")[1]) {
		t.Errorf("the key is shown:\n%v", r)
	}
	r = reel(t, dir, nil, "render", "project.yaml", "--sign-key", certFile, "--sign-cert", certFile)
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "chain.pem: no PEM private key found")
}
