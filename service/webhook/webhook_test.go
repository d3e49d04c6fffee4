package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/netguard"
)

func TestVerify(t *testing.T) {
	secret := []byte("s3cret-key")
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"event":"render.done","render":{"id":"x"}}`)
	ts := now.Unix()
	good := Sign(secret, ts, body)
	tests := []struct {
		name      string
		secret    []byte
		timestamp string
		signature string
		body      []byte
		want      error
	}{
		{"good", secret, strconv.FormatInt(ts, 10), good, body, nil},
		{"a little old", secret, strconv.FormatInt(ts-299, 10), Sign(secret, ts-299, body), body, nil},
		{"replayed: too old", secret, strconv.FormatInt(ts-301, 10), Sign(secret, ts-301, body), body, ErrTimestamp},
		{"too far in the future", secret, strconv.FormatInt(ts+600, 10), Sign(secret, ts+600, body), body, ErrTimestamp},
		{"old timestamp with the signature of another", secret, strconv.FormatInt(ts, 10), Sign(secret, ts-1000, body), body, ErrSignature},
		{"tampered body", secret, strconv.FormatInt(ts, 10), good, []byte(`{"event":"render.done","render":{"id":"y"}}`), ErrSignature},
		{"wrong secret", []byte("other"), strconv.FormatInt(ts, 10), good, body, ErrSignature},
		{"no prefix", secret, strconv.FormatInt(ts, 10), strings.TrimPrefix(good, "sha256="), body, ErrSignature},
		{"not hex", secret, strconv.FormatInt(ts, 10), "sha256=zz", body, ErrSignature},
		{"truncated", secret, strconv.FormatInt(ts, 10), good[:20], body, ErrSignature},
		{"empty signature", secret, strconv.FormatInt(ts, 10), "", body, ErrSignature},
		{"no timestamp", secret, "", good, body, ErrTimestamp},
		{"timestamp not a number", secret, "yesterday", good, body, ErrTimestamp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.secret, tt.timestamp, tt.signature, tt.body, now, 0)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSignKnownValue(t *testing.T) {
	// echo -n '1700000000.{}' | openssl dgst -sha256 -hmac key
	got := Sign([]byte("key"), 1700000000, []byte("{}"))
	want := "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
	if got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
}

// receiver is a loopback webhook receiver that verifies every delivery
// and answers the statuses of answers in turn (then 200).
type receiver struct {
	t       *testing.T
	secret  []byte
	answers []int
	mu      sync.Mutex
	got     []delivery
}

type delivery struct {
	event, id, ts string
	body          body
	verified      error
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	d := delivery{event: r.Header.Get(HeaderEvent), id: r.Header.Get(HeaderDelivery), ts: r.Header.Get(HeaderTimestamp)}
	d.verified = Verify(rc.secret, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), raw, time.Now(), 0)
	if err := json.Unmarshal(raw, &d.body); err != nil {
		rc.t.Errorf("body %s: %v", raw, err)
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		rc.t.Errorf("got %s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
	}
	rc.mu.Lock()
	status := http.StatusOK
	if n := len(rc.got); n < len(rc.answers) {
		status = rc.answers[n]
	}
	rc.got = append(rc.got, d)
	rc.mu.Unlock()
	w.WriteHeader(status)
}

func TestSendRetries(t *testing.T) {
	secret := []byte("whsec-PLANTED-0123456789")
	tests := []struct {
		name     string
		answers  []int
		attempts int
		wantErr  bool
		wantHits int
	}{
		{"200 first", nil, 6, false, 1},
		{"500 then 200", []int{500}, 6, false, 2},
		{"4xx is retried too", []int{404, 429, 503}, 6, false, 4},
		{"always 500", []int{500, 500, 500, 500, 500, 500, 500}, 6, true, 6},
		{"default attempts", []int{500, 500, 500, 500, 500, 500, 500}, 0, true, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &receiver{t: t, secret: secret, answers: tt.answers}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			var logs bytes.Buffer
			s := Sender{
				Secret: secret, Client: netguard.Client(true), Attempts: tt.attempts, Backoff: time.Millisecond,
				Log: slog.New(slog.NewTextHandler(&logs, nil)),
			}
			url := srv.URL + "/hooks/reel?token=QUERYSECRET"
			err := s.Send(context.Background(), url, EventDone, map[string]string{"id": "r1"})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Send = %v, want error %v", err, tt.wantErr)
			}
			if len(rc.got) != tt.wantHits {
				t.Fatalf("%d attempts reached the receiver, want %d", len(rc.got), tt.wantHits)
			}
			for i, d := range rc.got {
				if d.verified != nil {
					t.Errorf("attempt %d: Verify = %v", i+1, d.verified)
				}
				if d.event != EventDone || d.body.Event != EventDone || d.id != rc.got[0].id || d.id == "" {
					t.Errorf("attempt %d: event %q/%q, delivery %q (first %q)", i+1, d.event, d.body.Event, d.id, rc.got[0].id)
				}
				if m, _ := d.body.Render.(map[string]any); m["id"] != "r1" {
					t.Errorf("attempt %d: render %v", i+1, d.body.Render)
				}
			}
			out := logs.String()
			if n := strings.Count(out, "attempt="); n != tt.wantHits {
				t.Errorf("%d attempts logged, want %d:\n%s", n, tt.wantHits, out)
			}
			for _, leak := range []string{"QUERYSECRET", "/hooks/reel", string(secret)} {
				if strings.Contains(out, leak) || (err != nil && strings.Contains(err.Error(), leak)) {
					t.Errorf("%q leaked: log %s, error %v", leak, out, err)
				}
			}
			if !strings.Contains(out, "host="+srv.URL) {
				t.Errorf("log does not name the host:\n%s", out)
			}
		})
	}
}

func TestSendStopsWithContext(t *testing.T) {
	rc := &receiver{t: t, answers: []int{500, 500, 500, 500, 500, 500}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	s := Sender{Client: netguard.Client(true), Backoff: time.Hour, Log: slog.New(slog.DiscardHandler)}
	done := make(chan error)
	go func() { done <- s.Send(ctx, srv.URL, EventFailed, nil) }()
	for {
		rc.mu.Lock()
		n := len(rc.got)
		rc.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
}

func TestSendRefusesPrivateByDefault(t *testing.T) {
	rc := &receiver{t: t}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	err := Sender{Attempts: 1}.Send(context.Background(), srv.URL+"/?k=QUERYSECRET", EventDone, nil)
	if !errors.Is(err, netguard.ErrBlocked) || strings.Contains(err.Error(), "QUERYSECRET") {
		t.Fatalf("Send = %v, want ErrBlocked without the query", err)
	}
	if len(rc.got) != 0 {
		t.Fatal("a private receiver was reached")
	}
	if err := (Sender{}).Send(context.Background(), "ftp://example.com/x", EventDone, nil); !errors.Is(err, netguard.ErrBlocked) {
		t.Fatalf("Send to ftp = %v, want ErrBlocked", err)
	}
}

func TestJitter(t *testing.T) {
	for _, d := range []time.Duration{0, 1, 2, time.Second, 5 * time.Minute} {
		for range 100 {
			if j := jitter(d); j < d/2 || j > d {
				t.Fatalf("jitter(%v) = %v", d, j)
			}
		}
	}
}
