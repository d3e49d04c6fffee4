// Package webhook posts a render's completion to the URL its submitter
// gave, signed so the receiver can tell it comes from this server and is
// not replayed (docs/server.md, "Webhooks").
//
// A delivery is a POST of JSON {"event": EVENT, "render": RENDER} with the
// headers
//
//	X-Reel-Event:     render.done | render.failed | render.cancelled
//	X-Reel-Delivery:  an id, the same on every attempt of one delivery
//	X-Reel-Timestamp: the attempt's time in Unix seconds
//	X-Reel-Signature: sha256=HEX(HMAC-SHA256(secret, TIMESTAMP + "." + BODY))
//
// A receiver recomputes the signature over the raw body (Verify), compares
// it in constant time and refuses a timestamp older than a few minutes. Any
// answer but 2xx is retried with exponential back-off.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	cryptorand "crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/reel-film/reel/internal/netguard"
)

// The headers of a delivery.
const (
	HeaderEvent     = "X-Reel-Event"
	HeaderDelivery  = "X-Reel-Delivery"
	HeaderTimestamp = "X-Reel-Timestamp"
	HeaderSignature = "X-Reel-Signature"
)

// The events a render's webhook is told of.
const (
	EventDone      = "render.done"
	EventFailed    = "render.failed"
	EventCancelled = "render.cancelled"
)

// DefaultTolerance is how old (or how far in the future) a timestamp
// Verify accepts by default.
const DefaultTolerance = 5 * time.Minute

// Errors of Verify.
var (
	ErrSignature = errors.New("webhook signature does not match")
	ErrTimestamp = errors.New("webhook timestamp is missing, malformed or outside the tolerance")
)

// Sign returns the X-Reel-Signature value of body sent at the Unix time
// timestamp: "sha256=" and the hex HMAC-SHA256 of timestamp "." body.
func Sign(secret []byte, timestamp int64, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, strconv.FormatInt(timestamp, 10), body))
}

func mac(secret []byte, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a delivery as its receiver does: timestamp and signature
// are the X-Reel-Timestamp and X-Reel-Signature headers, body the raw
// request body. It refuses a timestamp further than tolerance from now (0:
// DefaultTolerance), which stops a captured delivery from being replayed
// later, and a signature that does not match (compared in constant time).
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	ts, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil {
		return ErrTimestamp
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrTimestamp
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(signature), "sha256=")
	if !ok {
		return ErrSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || !hmac.Equal(got, mac(secret, strconv.FormatInt(ts, 10), body)) {
		return ErrSignature
	}
	return nil
}

// Sender posts deliveries. The zero value of each field but Secret has a
// default; Secret may be empty (then deliveries are signed with an empty
// key, which a receiver should not trust).
type Sender struct {
	Secret []byte
	// Client makes the requests (default: netguard.Client(false), which
	// refuses private addresses).
	Client *http.Client
	// Attempts is how many times a delivery is tried (default 6: the
	// first and 5 retries).
	Attempts int
	// Backoff is the wait after the first failure (default 1 s); it
	// doubles after each, capped at 5 minutes, with jitter.
	Backoff time.Duration
	// Timeout bounds one attempt (default 30 s).
	Timeout time.Duration
	Log     *slog.Logger // each attempt, with the URL's host only (nil discards)
}

// body is what a delivery posts.
type body struct {
	Event  string `json:"event"`
	Render any    `json:"render"`
}

// defaultClient is a Sender's client when it has none: one, so that its
// connections are reused.
var defaultClient = netguard.Client(false)

// maxBackoff caps the wait between attempts.
const maxBackoff = 5 * time.Minute

// Send delivers event with payload (the render's record) to url: it tries
// until an answer is 2xx, Attempts times at most, waiting longer after each
// failure, and stops early when ctx ends. Each attempt is signed afresh
// (new timestamp) under one delivery id. Errors and logs show the URL's
// scheme and host only, never its path or query, nor the secret.
func (s Sender) Send(ctx context.Context, url, event string, payload any) error {
	data, err := json.Marshal(body{Event: event, Render: payload})
	if err != nil {
		return fmt.Errorf("webhook: encoding the %s delivery: %w", event, err)
	}
	host := netguard.HostOnly(url)
	if err := netguard.CheckURL(url, true); err != nil {
		return fmt.Errorf("webhook to %s: %w", host, err)
	}
	client := s.Client
	if client == nil {
		client = defaultClient
	}
	attempts := s.Attempts
	if attempts <= 0 {
		attempts = 6
	}
	wait := s.Backoff
	if wait <= 0 {
		wait = time.Second
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	log := s.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	delivery := newID()
	var last error
	for i := 1; i <= attempts; i++ {
		start := time.Now()
		status, err := s.attempt(ctx, client, timeout, url, event, delivery, data)
		attrs := []any{"event", event, "host", host, "delivery", delivery, "attempt", i, "of", attempts, "took", time.Since(start).Round(time.Millisecond)}
		if err == nil {
			log.Info("webhook delivered", append(attrs, "status", status)...)
			return nil
		}
		last = err
		if ctx.Err() != nil {
			break
		}
		if i == attempts {
			log.Error("webhook failed", append(attrs, "error", err)...)
			break
		}
		d := jitter(wait)
		log.Warn("webhook attempt failed", append(attrs, "error", err, "retry_in", d.Round(time.Millisecond))...)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		if ctx.Err() != nil {
			break
		}
		wait = min(wait*2, maxBackoff)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("webhook to %s: %w (last attempt: %v)", host, ctx.Err(), last)
	}
	return fmt.Errorf("webhook to %s: %d attempts failed, the last: %w", host, attempts, last)
}

// attempt posts once; it returns the answer's status and an error unless
// it is 2xx.
func (s Sender) attempt(ctx context.Context, client *http.Client, timeout time.Duration, url, event, delivery string, data []byte) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(data))
	if err != nil {
		return 0, errors.New("the URL is not valid")
	}
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "reel-webhook")
	req.Header.Set(HeaderEvent, event)
	req.Header.Set(HeaderDelivery, delivery)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(s.Secret, ts, data))
	resp, err := client.Do(req)
	if err != nil {
		return 0, netguard.Redact(err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}

// jitter returns a wait between d/2 and d.
func jitter(d time.Duration) time.Duration {
	if d < 2 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

// newID returns a delivery id: 16 random bytes in hex.
func newID() string {
	var b [16]byte
	if _, err := cryptorand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 16)
	}
	return hex.EncodeToString(b[:])
}
