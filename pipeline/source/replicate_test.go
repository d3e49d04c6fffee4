package source

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reel-film/reel/config"
)

// plantedToken is a token planted in the fake environment; it must never appear
// in an error.
const plantedToken = "r8_PLANTED_SECRET_do_not_print"

// fastDeps are Deps with test timings and a fake environment.
func fastDeps() Deps {
	return Deps{Poll: 5 * time.Millisecond, Backoff: time.Millisecond, Attempt: 2 * time.Second,
		Getenv: func(k string) string {
			if k == "TEST_TOKEN" {
				return plantedToken
			}
			return ""
		}}
}

// fakeReplicate follows Replicate's predictions API: POST
// /v1/models/{owner}/{name}/predictions answers 201 with a starting
// prediction, GET /v1/predictions/{id} moves it through processing to the
// final status after `polls` polls. It checks the bearer token.
type fakeReplicate struct {
	throttle int32  // answer 429 (Retry-After: 0) this many times first
	polls    int32  // polls before the final status
	final    string // succeeded | failed | canceled
	errMsg   string // the prediction's error when it fails
	body     string // replaces the create response when set (malformed)
	seen     int32
	input    map[string]any
	srv      *httptest.Server
}

func (f *fakeReplicate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/files/out.mp4" { // delivery URLs need no token, and get none
		if r.Header.Get("Authorization") != "" {
			w.WriteHeader(http.StatusBadRequest)
		}
		fmt.Fprint(w, "fake video bytes")
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+plantedToken {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"title":"Unauthenticated","detail":"You did not pass a valid token: %s"}`, r.Header.Get("Authorization"))
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/models/acme/video/predictions":
		if atomic.AddInt32(&f.throttle, -1) >= 0 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"detail":"Request was throttled. Your rate limit resets in ~30s."}`)
			return
		}
		var body struct{ Input map[string]any }
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.input = body.Input
		if f.body != "" {
			fmt.Fprint(w, f.body)
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"id":"p1","status":"starting","output":null,"error":null}`)
	case r.Method == http.MethodGet && r.URL.Path == "/v1/predictions/p1":
		n := atomic.AddInt32(&f.seen, 1)
		p := map[string]any{"id": "p1", "status": "processing"}
		if n > f.polls {
			p["status"] = f.final
			p["error"] = f.errMsg
			p["output"] = []string{f.srv.URL + "/files/out.mp4"}
		}
		_ = json.NewEncoder(w).Encode(p)
	default:
		http.NotFound(w, r)
	}
}

func replicateGen(url string) *config.Generator {
	return &config.Generator{Name: "hosted", Kind: config.KindReplicate, URL: url, Model: "acme/video",
		TokenEnv: "TEST_TOKEN", Retries: 3, Input: map[string]any{"prompt": "{prompt}", "seed": "{seed}", "note": "seed {seed}"}}
}

func TestReplicate(t *testing.T) {
	req := Request{Prompt: "a lighthouse", Seed: 7, Seconds: "2", Frames: 60, Width: 320, Height: 180}
	cases := []struct {
		name    string
		fake    fakeReplicate
		wantErr string
	}{
		{"queue delay then success", fakeReplicate{polls: 3, final: "succeeded"}, ""},
		{"429 then success", fakeReplicate{throttle: 2, final: "succeeded"}, ""},
		{"always throttled", fakeReplicate{throttle: 99, final: "succeeded"}, "HTTP 429 Too Many Requests: Request was throttled"},
		{"failed job", fakeReplicate{polls: 1, final: "failed", errMsg: "CUDA out of memory"}, "prediction p1 failed: CUDA out of memory"},
		{"canceled job", fakeReplicate{final: "canceled"}, "prediction p1 canceled"},
		{"malformed response", fakeReplicate{body: `{"id": "p1", "status": `}, "malformed response"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &c.fake
			f.srv = httptest.NewServer(f)
			defer f.srv.Close()
			g, err := New(replicateGen(f.srv.URL), fastDeps())
			if err != nil {
				t.Fatal(err)
			}
			path, err := g.Generate(context.Background(), req, t.TempDir())
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil || !strings.HasSuffix(path, ".mp4") {
				t.Fatalf("Generate = %q, %v", path, err)
			}
			if f.input["prompt"] != "a lighthouse" || f.input["seed"] != float64(7) || f.input["note"] != "seed 7" {
				t.Errorf("input sent = %v", f.input)
			}
		})
	}
}

func TestReplicateSecretNeverInErrors(t *testing.T) {
	f := &fakeReplicate{}
	f.srv = httptest.NewServer(f)
	defer f.srv.Close()
	d := fastDeps()
	d.Getenv = func(string) string { return "wrong-" + plantedToken } // the fake echoes a bad token
	g, err := New(replicateGen(f.srv.URL), d)
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.Generate(context.Background(), Request{Prompt: "x"}, t.TempDir())
	if err == nil || strings.Contains(err.Error(), plantedToken) || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("error %v: want the token redacted", err)
	}
	d.Getenv = func(string) string { return "" }
	_, err = New(replicateGen(f.srv.URL), d)
	if err == nil || !strings.Contains(err.Error(), "TEST_TOKEN is not set") {
		t.Fatalf("missing token: %v", err)
	}
}
