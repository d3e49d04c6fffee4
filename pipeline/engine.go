package pipeline

import (
	"context"
	"sync"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/source"
	"github.com/reel-film/reel/transitions"
)

// Tools are the programs an engine runs and the machine's limits.
type Tools struct {
	FFmpeg  string // default "ffmpeg"
	FFprobe string // default "ffprobe"
	FCList  string // fontconfig's fc-list, to measure card text (default "fc-list")
	// Catalogue is the transitions the project may name; nil discovers
	// them from FFmpeg (once per engine, and remembered in the cache).
	Catalogue *transitions.Catalogue
	Probes    int // sources probed at once (default 4)
	// Net is how downloads and generators reach the network and the
	// environment (HTTP client, token variables, timings); its Log is
	// replaced by each request's.
	Net source.Deps
}

// Engine renders projects with one set of tools and one cache policy. It
// asks FFmpeg what it can do (its version, its transitions, whether it has
// libass) once and remembers the answers, so a long-lived caller (watch, a
// server) pays for them once. An Engine is safe for concurrent use.
type Engine struct {
	tools Tools
	cache Cache

	mu        sync.Mutex
	version   string
	catalogue *transitions.Catalogue
	libass    *bool
	stretch   *bool // FFmpeg has the rubberband filter
}

// NewEngine returns an engine using tools under the cache policy c.
func NewEngine(tools Tools, c Cache) *Engine {
	if tools.FFmpeg == "" {
		tools.FFmpeg = "ffmpeg"
	}
	if tools.FFprobe == "" {
		tools.FFprobe = "ffprobe"
	}
	if tools.FCList == "" {
		tools.FCList = "fc-list"
	}
	if tools.Probes <= 0 {
		tools.Probes = 4
	}
	return &Engine{tools: tools, cache: c, catalogue: tools.Catalogue}
}

// Tools returns the engine's tools (defaults filled in).
func (e *Engine) Tools() Tools { return e.tools }

// Cache returns the engine's cache policy.
func (e *Engine) Cache() Cache { return e.cache }

// transitions is the catalogue of the engine's FFmpeg, discovered once.
func (e *Engine) transitions(ctx context.Context, dirs CacheDirs) (*transitions.Catalogue, error) {
	e.mu.Lock()
	cat := e.catalogue
	e.mu.Unlock()
	if cat != nil {
		return cat, nil
	}
	var names []string
	err := rememberFFmpeg(e.tools.FFmpeg, dirs, "xfade-names", &names, func() (any, error) {
		c, err := transitions.Discover(ctx, e.tools.FFmpeg)
		if err != nil {
			return nil, err
		}
		return c.XFadeNames(), nil
	})
	if err != nil {
		return nil, err
	}
	if cat, err = transitions.FromXFadeNames(names); err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.catalogue = cat
	e.mu.Unlock()
	return cat, nil
}

// versionResult is FFmpeg's version line, asked for while the other stages run.
type versionResult struct {
	line string
	err  error
}

// ffmpegVersion starts asking FFmpeg its version, once per engine, when the
// cache needs it (job keys hold it); the channel is closed without a value
// when the cache is off.
func (e *Engine) ffmpegVersion(ctx context.Context, dirs CacheDirs) <-chan versionResult {
	ch := make(chan versionResult, 1)
	if !dirs.On {
		close(ch)
		return ch
	}
	e.mu.Lock()
	known := e.version
	e.mu.Unlock()
	if known != "" {
		ch <- versionResult{line: known}
		return ch
	}
	go func() {
		var v string
		err := rememberFFmpeg(e.tools.FFmpeg, dirs, "version", &v, func() (any, error) { return ffmpeg.Version(ctx, e.tools.FFmpeg) })
		if err == nil {
			e.mu.Lock()
			e.version = v
			e.mu.Unlock()
		}
		ch <- versionResult{v, err}
	}()
	return ch
}
