package source

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestDownload(t *testing.T) {
	cases := []struct {
		name     string
		handler  func(n int32, w http.ResponseWriter)
		maxBytes int64
		wantErr  string
		wantHits int32
	}{
		{"ok", func(n int32, w http.ResponseWriter) { fmt.Fprint(w, "0123456789") }, 0, "", 1},
		{"503 then ok", func(n int32, w http.ResponseWriter) {
			if n == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, "0123456789")
		}, 0, "", 2},
		{"truncated every time", func(n int32, w http.ResponseWriter) {
			w.Header().Set("Content-Length", "100")
			fmt.Fprint(w, "0123456789")
		}, 0, "truncated", 3},
		{"slow every time", func(n int32, w http.ResponseWriter) {
			w.Header().Set("Content-Length", "10")
			fmt.Fprint(w, "01234")
			w.(http.Flusher).Flush()
			time.Sleep(400 * time.Millisecond)
			fmt.Fprint(w, "56789")
		}, 0, "deadline exceeded", 3},
		{"too large", func(n int32, w http.ResponseWriter) { fmt.Fprint(w, strings.Repeat("x", 64)) }, 16, "larger than the size limit", 1},
		{"404 is not retried", func(n int32, w http.ResponseWriter) { http.NotFound(w, nil) }, 0, "HTTP 404", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				c.handler(hits.Add(1), w)
			}))
			defer srv.Close()
			d := fastDeps()
			d.Attempt, d.MaxBytes = 150*time.Millisecond, c.maxBytes
			cl := &client{d: d.withDefaults(), retries: 2}
			err := cl.download(context.Background(), srv.URL+"/clip.mp4?sig=SECRET", t.TempDir()+"/f")
			if (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("error %v, want %q", err, c.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error shows the query string: %v", err)
			}
			if hits.Load() != c.wantHits {
				t.Errorf("%d requests, want %d", hits.Load(), c.wantHits)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	for h, want := range map[string]time.Duration{"3": 3 * time.Second, "0": 0, "": -1, "soon": -1} {
		got, ok := retryAfter(h)
		if (want < 0 && ok) || (want >= 0 && (!ok || got != want)) {
			t.Errorf("retryAfter(%q) = %v, %v", h, got, ok)
		}
	}
	if got, ok := retryAfter(time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)); !ok || got > 2*time.Second || got < time.Second/2 {
		t.Errorf("retryAfter(date) = %v, %v", got, ok)
	}
}
