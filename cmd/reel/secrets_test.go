package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// TestURLCredentialsNeverShown renders a project whose URL sources carry a
// password and a signed query, one served and one missing, and checks that
// no output of plan, validate or render (debug logs and JSON included), nor
// any file in the cache, holds the credentials.
func TestURLCredentialsNeverShown(t *testing.T) {
	const hunter = "hunter2XYZ"
	clipDir := t.TempDir()
	clip := fftest.Make(t, clipDir, fftest.Clip{Name: "a.mp4", Seconds: 0.5})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/a.mp4" {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, clip)
	}))
	defer srv.Close()
	base := strings.Replace(srv.URL, "://", "://me:"+hunter+"@", 1)
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	env := []string{"REEL_CACHE_DIR=" + cache}
	good := "output: {path: out.mp4, size: 64x36, fps: 10}\nscenes:\n  - source: \"" + base + "/a.mp4?sig=" + hunter + "\"\n"
	bad := "output: {path: out.mp4, size: 64x36, fps: 10}\nscenes:\n  - source: \"" + base + "/gone.mp4?token=" + hunter + "\"\n"
	writeFile(t, dir, "good.yaml", good)
	writeFile(t, dir, "bad.yaml", bad)
	runs := map[string]result{
		"plan json":    reel(t, dir, env, "plan", "good.yaml", "--json", "--log-level", "debug"),
		"plan":         reel(t, dir, env, "plan", "good.yaml", "--log-level", "debug"),
		"validate":     reel(t, dir, env, "validate", "good.yaml", "--log-level", "debug"),
		"render":       reel(t, dir, env, "render", "good.yaml", "--log-level", "debug", "--progress", "json", "--json"),
		"render again": reel(t, dir, env, "render", "good.yaml", "--regenerate", "scene-1", "--log-level", "debug"),
		"bad plan":     reel(t, dir, env, "plan", "bad.yaml", "--log-level", "debug"),
		"bad render":   reel(t, dir, env, "render", "bad.yaml", "--log-level", "debug"),
	}
	for name, r := range runs {
		if strings.Contains(r.stdout+r.stderr, hunter) {
			t.Errorf("%s shows the credentials:\n%v", name, r)
		}
	}
	wantExit(t, runs["render"], 0)
	wantExit(t, runs["bad render"], 2)
	wantContains(t, "stderr", runs["bad render"].stderr, "cannot use "+srv.URL+"/gone.mp4: download "+srv.URL+"/gone.mp4: HTTP 404")
	_ = filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".mp4") {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), hunter) {
				t.Errorf("cache file %s holds the credentials: %s", p, b)
			}
		}
		return nil
	})
}

// TestPastedTokenInFlagsNeverEchoed pastes a token where a flag's, a
// variable's or a command's value belongs: the error says what was
// expected, exit 2, and never shows the token.
func TestPastedTokenInFlagsNeverEchoed(t *testing.T) {
	const tok = "r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890"
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(1, "0.5s", "160x90"))
	tests := []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"REEL_JOBS=" + tok}, []string{"plan", "project.yaml"}, "jobs must be a whole number"},
		{nil, []string{"render", "project.yaml", "--deadline", tok}, "expected a duration"},
		{nil, []string{"render", "project.yaml", "--progress", tok}, "unknown progress mode"},
		{nil, []string{"render", "project.yaml", "--regenerate", tok}, "no scene has this id"},
		{nil, []string{tok}, "unknown command"},
	}
	for _, tt := range tests {
		r := reel(t, dir, tt.env, tt.args...)
		wantExit(t, r, 2)
		wantContains(t, "stderr", r.stderr, tt.want)
		if strings.Contains(r.stderr+r.stdout, tok[:12]) {
			t.Errorf("%v %v: the token is shown:\n%s", tt.env, tt.args, r.stderr)
		}
	}
}
