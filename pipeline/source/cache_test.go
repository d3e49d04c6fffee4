package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCache(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), Check: func(_ context.Context, p string) error {
		if b, _ := os.ReadFile(p); string(b) == "broken" {
			return errors.New("no video stream")
		}
		return nil
	}}
	key := URLKey("https://example.org/a.mp4")
	if _, ok := c.Lookup(key); ok {
		t.Fatal("hit in an empty cache")
	}
	put := func(content string) (string, error) {
		tmp, err := c.TempDir()
		if err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(tmp, "x.mp4")
		_ = os.WriteFile(src, []byte(content), 0o644)
		return c.Put(context.Background(), key, src, "test")
	}
	if _, err := put("broken"); err == nil {
		t.Fatal("a file failing the check entered the cache")
	}
	if _, ok := c.Lookup(key); ok {
		t.Fatal("hit after a failed Put")
	}
	path, err := put("good video")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Lookup(key); !ok || got != path {
		t.Fatalf("Lookup = %q, %v; want %q", got, ok, path)
	}
	if err := os.WriteFile(path, []byte("good vide"), 0o644); err != nil { // damaged: truncated
		t.Fatal(err)
	}
	var told []string
	c.Damaged = func(msg string) { told = append(told, msg) }
	if _, ok := c.Lookup(key); ok {
		t.Fatal("a damaged entry is a hit")
	}
	if len(told) != 1 || !strings.Contains(told[0], "9 bytes where 10 were stored") {
		t.Errorf("damage reported as %q", told)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("the damaged clip was not discarded")
	}
	// Same size, content changed in the middle: found too.
	path, err = put("good video")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("good VIdeo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Lookup(key); ok || len(told) != 2 || !strings.Contains(told[1], "SHA-256 differs") {
		t.Fatalf("a same-size change: hit %v, told %q", ok, told)
	}
	if _, ok := c.Lookup(key); ok || len(told) != 2 {
		t.Errorf("after the discard: hit %v, told %q (want a plain miss)", ok, told)
	}
}

func TestKeys(t *testing.T) {
	g := replicateGen("https://a.example")
	req := Request{Prompt: "p", Seed: 1, Seconds: "2", Width: 64, Height: 36}
	base, _ := Key(g, req, nil)
	other := *g
	other.URL, other.TokenEnv, other.Parallel = "https://b.example", "OTHER", 9
	if k, _ := Key(&other, req, nil); k != base {
		t.Error("the address, token variable or parallelism changed the key")
	}
	for _, r := range []Request{{Prompt: "q", Seed: 1, Seconds: "2", Width: 64, Height: 36}, {Prompt: "p", Seed: 2, Seconds: "2", Width: 64, Height: 36},
		{Prompt: "p", Seed: 1, Seconds: "3", Width: 64, Height: 36}, {Prompt: "p", Seed: 1, Seconds: "2", Width: 32, Height: 36}} {
		if k, _ := Key(g, r, nil); k == base {
			t.Errorf("request %+v has the same key", r)
		}
	}
	other = *g
	other.Model = "acme/other"
	if k, _ := Key(&other, req, nil); k == base {
		t.Error("another model has the same key")
	}
}
