package bus

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRedactURL checks that a NATS URL is shown without its credentials.
func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nats://user:pass@nats-1:4222", "nats://nats-1:4222"},
		{"nats://tok3n@nats-1:4222", "nats://nats-1:4222"},
		{"nats://nats-1:4222", "nats://nats-1:4222"},
		{" nats://u:p@n2:4222", "nats://n2:4222"},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEnvSettings checks REEL_ACK_WAIT and REEL_MAX_DELIVER.
func TestEnvSettings(t *testing.T) {
	tests := []struct {
		ack, max string
		wantAck  time.Duration
		wantMax  int
		bad      bool
	}{
		{"", "", DefaultAckWait, DefaultMaxDeliver, false},
		{"2s", "3", 2 * time.Second, 3, false},
		{"soon", "", 0, 0, true},
		{"", "0", 0, 0, true},
	}
	for _, tt := range tests {
		t.Setenv("REEL_ACK_WAIT", tt.ack)
		t.Setenv("REEL_MAX_DELIVER", tt.max)
		b, err := Open(context.Background(), Options{Dir: t.TempDir()})
		if tt.bad {
			if err == nil {
				b.Close()
				t.Errorf("%q %q: no error", tt.ack, tt.max)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := b.Consumer.Info(context.Background())
		b.Close()
		if err != nil || info.Config.AckWait != tt.wantAck || info.Config.MaxDeliver != tt.wantMax {
			t.Errorf("%q %q: consumer %+v %v", tt.ack, tt.max, info.Config, err)
		}
	}
}

// TestOpenTwice opens the same store twice in a row: the streams and
// buckets are created once and found again (with their data).
func TestOpenTwice(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	b, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Renders.Put(ctx, "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	b.Close()
	b, err = Open(ctx, Options{Dir: dir, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	e, err := b.Renders.Get(ctx, "k")
	if err != nil || string(e.Value()) != "v" {
		t.Fatalf("after a restart: %v", err)
	}
	if b.URL() == "in-process" || !b.Embedded() {
		t.Errorf("URL %s", b.URL())
	}
}

// TestEmbeddedToken checks that an embedded NATS with a token refuses a
// client without it and takes one with it.
func TestEmbeddedToken(t *testing.T) {
	ctx := context.Background()
	b, err := Open(ctx, Options{Dir: t.TempDir(), Listen: "127.0.0.1:0", Token: "nats-secret-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tests := []struct {
		token string
		ok    bool
	}{{"", false}, {"wrong", false}, {"nats-secret-0123456789", true}}
	for _, tt := range tests {
		t.Setenv("REEL_NATS_TOKEN", tt.token)
		c, err := Open(ctx, Options{URL: b.URL(), Dir: t.TempDir()})
		if (err == nil) != tt.ok {
			t.Errorf("token %q: %v", tt.token, err)
		}
		if err == nil {
			c.Close()
		} else if strings.Contains(err.Error(), "nats-secret") {
			t.Errorf("the token is in the error: %v", err)
		}
	}
}

// TestJoinKeepsSettings checks that a joining process (a worker) keeps
// the server's consumer settings and follows them.
func TestJoinKeepsSettings(t *testing.T) {
	ctx := context.Background()
	b, err := Open(ctx, Options{Dir: t.TempDir(), Listen: "127.0.0.1:0", AckWait: 3 * time.Second, MaxDeliver: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	w, err := Open(ctx, Options{URL: b.URL(), Join: true, AckWait: time.Minute, MaxDeliver: 9})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.AckWait != 3*time.Second || w.MaxDeliver != 4 {
		t.Errorf("the worker follows %v %d", w.AckWait, w.MaxDeliver)
	}
	info, err := b.Consumer.Info(ctx)
	if err != nil || info.Config.AckWait != 3*time.Second {
		t.Errorf("the consumer changed: %+v %v", info, err)
	}
}

// TestBackOff checks the redelivery delays.
func TestBackOff(t *testing.T) {
	tests := []struct {
		ack  time.Duration
		max  int
		want []time.Duration
	}{
		{30 * time.Second, 5, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute}},
		{2 * time.Minute, 4, []time.Duration{2 * time.Minute, 4 * time.Minute, 7 * time.Minute}},
		{time.Second, 1, nil},
	}
	for _, tt := range tests {
		if got := backOff(tt.ack, tt.max); !slices.Equal(got, tt.want) {
			t.Errorf("backOff(%v, %d) = %v, want %v", tt.ack, tt.max, got, tt.want)
		}
	}
}
