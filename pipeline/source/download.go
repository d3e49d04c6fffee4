package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// errTooLarge is a download over the size limit; retrying cannot help.
var errTooLarge = errors.New("larger than the size limit")

// download fetches u into the file dst, retrying timeouts, broken or
// truncated transfers, 429 and 5xx. It never sends credentials: result
// URLs are fetched as they are given. A partial file is removed.
func (c *client) download(ctx context.Context, u, dst string) error {
	for attempt := 0; ; attempt++ {
		resp, err := c.fetchOnce(ctx, u, dst)
		if err == nil {
			return nil
		}
		_ = os.Remove(dst)
		var se *ServiceError
		if ctx.Err() != nil || errors.Is(err, errTooLarge) || (errors.As(err, &se) && !retryable(http.MethodGet, se.Status)) {
			return c.clean(fmt.Errorf("download %s: %w", shortURL(u), err))
		}
		wait := c.backoff(attempt, resp)
		if attempt >= c.retries || !sleep(ctx, wait) {
			return c.clean(fmt.Errorf("download %s (after %d attempts): %w", shortURL(u), attempt+1, err))
		}
		c.d.Log.Warn("retrying download", "url", shortURL(u), "error", c.redact(err.Error()), "wait", wait)
	}
}

// fetchOnce is one download attempt, bounded by Deps.Attempt. The response
// is returned for its Retry-After header.
func (c *client) fetchOnce(ctx context.Context, u, dst string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.d.Attempt)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, hideURL(err)
	}
	resp, err := c.d.HTTP.Do(req)
	if err != nil {
		return nil, hideURL(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody))
		return resp, &ServiceError{resp.StatusCode, serviceMessage(b)}
	}
	if resp.ContentLength > c.d.MaxBytes {
		return resp, fmt.Errorf("%d bytes is %w of %d bytes", resp.ContentLength, errTooLarge, c.d.MaxBytes)
	}
	return resp, c.save(resp, dst)
}

// save writes a response body to dst, checking its size against the limit
// and the announced length.
func (c *client) save(resp *http.Response, dst string) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(resp.Body, c.d.MaxBytes+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil && resp.ContentLength > 0:
		return fmt.Errorf("truncated: got %d of %d bytes: %w", n, resp.ContentLength, err)
	case err != nil:
		return fmt.Errorf("after %d bytes: %w", n, err)
	case n > c.d.MaxBytes:
		return fmt.Errorf("the file is %w of %d bytes", errTooLarge, c.d.MaxBytes)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return fmt.Errorf("truncated: got %d of %d bytes", n, resp.ContentLength)
	case n == 0:
		return errors.New("the file is empty")
	}
	return nil
}

// Download fetches an http(s) source into dir, with the retries, attempt
// timeout and size limit of d, and returns the file's path.
func Download(ctx context.Context, u, dir string, d Deps) (string, error) {
	out := filepath.Join(dir, "download"+extOf(urlPath(u)))
	c := &client{d: d.withDefaults(), retries: 4}
	return out, c.download(ctx, u, out)
}
