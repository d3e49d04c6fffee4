package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plantedToken is a Replicate token planted in reel's environment: no
// output of any command may show it.
const plantedToken = "r8_PLANTEDsecretTOKEN0123456789"

// hostedProject has a replicate generator whose fake service echoes the
// Authorization header in its error, and a placeholder scene.
const hostedProject = `output: {path: out.mp4, size: 64x36, fps: 10}
generators:
  hosted: {kind: replicate, model: acme/video, url: URL, token_env: TEST_REPLICATE_TOKEN, retries: 1}
scenes:
  - {id: intro, placeholder: {text: Hi}, duration: 0.5s}
  - {id: storm, prompt: "A lighthouse in a storm", duration: 0.5s}
`

func TestSourcesSecretNeverShown(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `{"title":"Invalid input","detail":"model rejected request with %s"}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "film.yaml"), []byte(strings.ReplaceAll(hostedProject, "URL", srv.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"TEST_REPLICATE_TOKEN=" + plantedToken, "REEL_CACHE_DIR=" + filepath.Join(dir, "cache")}
	runs := map[string]result{
		"plan":         reel(t, dir, env, "plan", "film.yaml", "--log-level", "debug"),
		"plan json":    reel(t, dir, env, "plan", "film.yaml", "--json"),
		"validate":     reel(t, dir, env, "validate", "film.yaml"),
		"render":       reel(t, dir, env, "render", "film.yaml", "--log-level", "debug", "--progress", "json"),
		"placeholders": reel(t, dir, env, "render", "film.yaml", "--placeholders", "--log-level", "debug", "--progress", "json"),
	}
	for name, r := range runs {
		if strings.Contains(r.stdout+r.stderr, plantedToken) {
			t.Errorf("%s shows the token:\n%v", name, r)
		}
	}
	if r := runs["plan"]; r.code != 0 || !strings.Contains(r.stdout, "# sources: a render makes 1 generator call(s); 0 clip(s) from the cache") ||
		!strings.Contains(r.stdout, "storm            prompt generate    generator hosted") {
		t.Errorf("plan does not show what will be generated:\n%v", r)
	}
	if r := runs["render"]; r.code != 1 || !strings.Contains(r.stderr, `scene "storm" (scenes[1]): generator "hosted" (replicate): POST `+srv.URL+`/v1/models/acme/video/predictions: HTTP 422 Unprocessable Entity: model rejected request with Bearer [redacted]`) {
		t.Errorf("render with a failing service:\n%v", r)
	}
	if r := runs["placeholders"]; r.code != 0 || !strings.Contains(r.stdout, "rendered out.mp4: 10 frames") {
		t.Errorf("render --placeholders:\n%v", r)
	}
}

func TestSourcesMissingToken(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "film.yaml"), []byte(strings.ReplaceAll(hostedProject, "URL", "http://127.0.0.1:9")), 0o644); err != nil {
		t.Fatal(err)
	}
	r := reel(t, dir, []string{"REEL_CACHE_DIR=" + filepath.Join(dir, "cache")}, "render", "film.yaml", "--progress", "none")
	if r.code != 2 || !strings.Contains(r.stderr, `film.yaml:3: generators.hosted.token_env: generator "hosted": the environment variable TEST_REPLICATE_TOKEN is not set`) {
		t.Errorf("render without the token:\n%v", r)
	}
	r = reel(t, dir, nil, "render", "film.yaml", "--regenerate", "strom", "--placeholders")
	if r.code != 2 || !strings.Contains(r.stderr, `--regenerate strom: no scene has this id (did you mean "storm"?)`) {
		t.Errorf("--regenerate with a typo:\n%v", r)
	}
}
