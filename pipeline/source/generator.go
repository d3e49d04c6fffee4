package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/reel-film/reel/config"
)

// Request is one clip to generate.
type Request struct {
	Prompt  string `json:"prompt"`
	Seed    int64  `json:"seed"`
	Seconds string `json:"seconds"` // exact decimal seconds ("4", "2.5")
	Frames  int64  `json:"frames"`  // the same length in frames at the output rate
	Width   int    `json:"width"`
	Height  int    `json:"height"`
}

// Generator turns a prompt into a media file. Generate writes the clip
// into dir (an empty directory it may use freely) and returns its path; the
// caller checks it with ffprobe and moves it into the cache.
type Generator interface {
	Generate(ctx context.Context, req Request, dir string) (string, error)
}

// Deps is what generators reach the outside world through; the zero value
// uses the real network, environment and timings.
type Deps struct {
	HTTP     *http.Client        // default: a client without an overall timeout (calls have their own)
	Getenv   func(string) string // default os.Getenv; secrets come only from here
	Poll     time.Duration       // between status polls (default 2s)
	Backoff  time.Duration       // first retry delay, doubled per attempt with jitter (default 1s)
	MaxBytes int64               // largest download (default 2 GiB)
	Attempt  time.Duration       // timeout of one download attempt (default 10m)
	Log      *slog.Logger        // default: discard
}

// withDefaults fills the zero fields of d.
func (d Deps) withDefaults() Deps {
	if d.HTTP == nil {
		d.HTTP = &http.Client{}
	}
	if d.Getenv == nil {
		d.Getenv = os.Getenv
	}
	if d.Poll <= 0 {
		d.Poll = 2 * time.Second
	}
	if d.Backoff <= 0 {
		d.Backoff = time.Second
	}
	if d.MaxBytes <= 0 {
		d.MaxBytes = 2 << 30
	}
	if d.Attempt <= 0 {
		d.Attempt = 10 * time.Minute
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return d
}

// Kind is one generator kind: how to build it, and which of its settings
// decide what it makes (the cache key; never secrets or addresses).
type Kind struct {
	New         func(g *config.Generator, d Deps) (Generator, error)
	Fingerprint func(g *config.Generator) (any, error)
}

// Kinds is every generator kind reel knows. A new service is one file with a
// constructor and a fingerprint, and one line here.
var Kinds = map[string]Kind{
	config.KindCommand:   {New: newCommand, Fingerprint: commandFingerprint},
	config.KindComfyUI:   {New: newComfyUI, Fingerprint: comfyFingerprint},
	config.KindReplicate: {New: newReplicate, Fingerprint: replicateFingerprint},
}

// New builds the generator g describes.
func New(g *config.Generator, d Deps) (Generator, error) {
	k, ok := Kinds[g.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown generator kind %q", g.Kind)
	}
	return k.New(g, d.withDefaults())
}

// SetupError is a generator that cannot be built from its settings, such as
// a token variable that is not set; Key names the setting at fault.
type SetupError struct {
	Key string
	Msg string
}

func (e *SetupError) Error() string { return e.Msg }

// keyVersion changes when the meaning of cached clips changes.
const keyVersion = "reel-gen-1"

// Key is the cache key of a generated clip: the generator's kind and
// fingerprint, and the request.
func Key(g *config.Generator, req Request) (string, error) {
	k, ok := Kinds[g.Kind]
	if !ok {
		return "", fmt.Errorf("unknown generator kind %q", g.Kind)
	}
	fp, err := k.Fingerprint(g)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(struct {
		V        string  `json:"v"`
		Kind     string  `json:"kind"`
		Settings any     `json:"settings"`
		Req      Request `json:"request"`
	}{keyVersion, g.Kind, fp, req})
	if err != nil {
		return "", fmt.Errorf("generator %q: key: %w", g.Name, err)
	}
	return hashBytes(b), nil
}

// URLKey is the cache key of a downloaded URL.
func URLKey(url string) string { return hashBytes([]byte("reel-url-1\n" + url)) }

// hashBytes is the hex SHA-256 of b.
func hashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
