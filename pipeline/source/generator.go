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
	"github.com/reel-film/reel/pipeline/cache"
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

// Kind is one generator kind: how to build it, which of its settings
// decide what it makes (the cache key; never secrets or addresses), and
// which local files it reads for a request, by the setting that names them
// (their content is part of the key too; nil: none).
type Kind struct {
	New         func(g *config.Generator, d Deps) (Generator, error)
	Fingerprint func(g *config.Generator) (any, error)
	Files       func(g *config.Generator, req Request) map[string]string
}

// Kinds is every generator kind reel knows. A new service is one file with a
// constructor and a fingerprint, and one line here.
var Kinds = map[string]Kind{
	config.KindCommand:   {New: newCommand, Fingerprint: commandFingerprint, Files: commandFiles},
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

// FileKey returns the content key of a local file (pipeline/cache's
// FileKey, which remembers the hashes of unchanged files).
type FileKey func(path string) (string, error)

// Key is the cache key of a generated clip: the generator's kind and
// fingerprint, the content of the local files it reads (hashed by files;
// nil hashes them afresh), and the request.
func Key(g *config.Generator, req Request, files FileKey) (string, error) {
	k, ok := Kinds[g.Kind]
	if !ok {
		return "", fmt.Errorf("unknown generator kind %q", g.Kind)
	}
	fp, err := k.Fingerprint(g)
	if err != nil {
		return "", err
	}
	var contents map[string]string
	if k.Files != nil {
		if contents, err = fileContents(k.Files(g, req), files); err != nil {
			return "", fmt.Errorf("generator %q: key: %w", g.Name, err)
		}
	}
	b, err := json.Marshal(struct {
		V        string            `json:"v"`
		Kind     string            `json:"kind"`
		Settings any               `json:"settings"`
		Files    map[string]string `json:"files,omitempty"`
		Req      Request           `json:"request"`
	}{keyVersion, g.Kind, fp, contents, req})
	if err != nil {
		return "", fmt.Errorf("generator %q: key: %w", g.Name, err)
	}
	return hashBytes(b), nil
}

// fileContents replaces each path of paths by its content key.
func fileContents(paths map[string]string, files FileKey) (map[string]string, error) {
	if files == nil {
		files = func(p string) (string, error) {
			sum, _, err := cache.HashFile(p)
			return sum, err
		}
	}
	out := make(map[string]string, len(paths))
	for where, p := range paths {
		k, err := files(p)
		if err != nil {
			return nil, err
		}
		out[where] = k
	}
	return out, nil
}

// URLKey is the cache key of a downloaded URL.
func URLKey(url string) string { return hashBytes([]byte("reel-url-1\n" + url)) }

// hashBytes is the hex SHA-256 of b.
func hashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
