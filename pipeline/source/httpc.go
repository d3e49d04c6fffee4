package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/reel-film/reel/internal/secret"
)

// maxAPIBody bounds the body of an API response read into memory.
const maxAPIBody = 4 << 20

// client calls a service's HTTP API, retrying what is safe to retry.
type client struct {
	d       Deps
	retries int    // attempts after the first
	auth    string // Authorization header of API calls ("" = none)
	secret  string // never appears in a message
}

// ServiceError is a service's refusal: its HTTP status and its own message.
type ServiceError struct {
	Status int
	Msg    string
}

func (e *ServiceError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, http.StatusText(e.Status), e.Msg)
}

// retryable says whether a response status may be retried. A refused
// create (429, or a gateway that never reached the service) is safe to
// resend; other POST failures may have created a job that costs money.
func retryable(method string, status int) bool {
	if method == http.MethodGet {
		return status == http.StatusTooManyRequests || status >= 500
	}
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// call sends a JSON API request (body nil for none) and decodes a 2xx
// response into out.
func (c *client) call(ctx context.Context, method, u string, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		resp, b, err := c.once(ctx, method, u, payload)
		var wait time.Duration
		switch {
		case err != nil && (method != http.MethodGet || ctx.Err() != nil):
			return c.clean(fmt.Errorf("%s %s: %w", method, shortURL(u), err))
		case err != nil:
			wait = c.backoff(attempt, nil)
		case resp.StatusCode/100 == 2:
			if out == nil {
				return nil
			}
			if err := json.Unmarshal(b, out); err != nil {
				return c.clean(fmt.Errorf("%s %s: malformed response (%v): %s", method, shortURL(u), err, snippet(b)))
			}
			return nil
		case retryable(method, resp.StatusCode):
			err = &ServiceError{resp.StatusCode, serviceMessage(b)}
			wait = c.backoff(attempt, resp)
		default:
			return c.clean(fmt.Errorf("%s %s: %w", method, shortURL(u), &ServiceError{resp.StatusCode, serviceMessage(b)}))
		}
		if attempt >= c.retries || !sleep(ctx, wait) {
			return c.clean(fmt.Errorf("%s %s (after %d attempts): %w", method, shortURL(u), attempt+1, err))
		}
		c.d.Log.Warn("retrying", "url", shortURL(u), "error", c.redact(err.Error()), "wait", wait)
	}
}

// once sends one request and reads its body.
func (c *client) once(ctx context.Context, method, u string, payload []byte) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.d.Attempt)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(payload))
	if err != nil {
		return nil, nil, hideURL(err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := c.d.HTTP.Do(req)
	if err != nil {
		return nil, nil, hideURL(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody))
	return resp, b, err
}

// backoff is the wait before retry attempt+1: the service's Retry-After
// when it gives one, else exponential with jitter, capped at a minute.
func (c *client) backoff(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return d
		}
	}
	d := min(c.d.Backoff<<min(attempt, 16), time.Minute)
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(h string) (time.Duration, bool) {
	if h == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// sleep waits d, or less when ctx ends first (then it returns false).
func sleep(ctx context.Context, d time.Duration) bool {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// clean removes the secret from an error's message.
func (c *client) clean(err error) error {
	if c.secret == "" || !strings.Contains(err.Error(), c.secret) {
		return err
	}
	return errors.New(c.redact(err.Error()))
}

// redact replaces the secret in s.
func (c *client) redact(s string) string {
	if c.secret == "" {
		return s
	}
	return strings.ReplaceAll(s, c.secret, "[redacted]")
}

// shortURL drops the user information, query and fragment (signed URLs
// carry credentials).
func shortURL(u string) string { return secret.URL(u) }

// hideURL shows the URL inside an HTTP client error (*url.Error) the way
// shortURL does: the client puts the whole URL, query included, in its
// errors.
func hideURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = shortURL(ue.URL)
	}
	return err
}
