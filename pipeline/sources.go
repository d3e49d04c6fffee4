package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"slices"
	"strconv"
	"sync"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/source"
)

// GenMode says what the sources stage may do for prompt scenes.
type GenMode int

// The modes: the zero value never calls a generator.
const (
	GenPlaceholders GenMode = iota // every prompt scene becomes a placeholder card showing its prompt
	GenCachedOnly                  // cached clips are used; the rest are planned as placeholder cards (plan, validate)
	GenMissing                     // clips not in the cache are generated (render)
)

// defaultGenTimeout bounds one generator call when the project sets none.
const defaultGenTimeout = 30 * 60 // seconds

// SourceOptions are what the sources stage needs besides the project.
type SourceOptions struct {
	FFprobe    string      // checks each new clip
	Cache      CacheDirs   // Sources holds the clips; Root the files' content keys
	Generate   GenMode     // what prompt scenes may do
	Regenerate []string    // ids of scenes whose clips are downloaded or generated again
	Deps       source.Deps // network, environment, timings and log of the generators
}

// sourceStage resolves the scenes of one project to local files.
type sourceStage struct {
	p      *config.Project
	opts   SourceOptions
	cache  *source.Cache
	deps   source.Deps
	report *SourceReport
	mu     sync.Mutex
}

// ResolveSources gives every scene of the film a local file or a
// placeholder card: http and https sources are downloaded once into the
// source cache; prompt scenes take their clip from the cache, are generated
// (GenMissing) or become placeholder cards. It returns the film, a copy of
// p whose scenes say so; p itself is not changed. Problems in the project
// are config.Errors; a failing generator names the scene, the generator and
// the service's message.
func ResolveSources(ctx context.Context, p *config.Project, o SourceOptions) (*config.Project, *SourceReport, error) {
	film := copyProject(p)
	st := &sourceStage{p: film, opts: o, deps: o.Deps, report: &SourceReport{}}
	if st.deps.Log == nil {
		st.deps.Log = slog.New(slog.DiscardHandler)
	}
	st.cache = &source.Cache{Dir: o.Cache.Sources, Check: st.check, Damaged: st.damaged}
	if err := st.checkRegenerate(); err != nil {
		return nil, nil, err
	}
	if err := st.urls(ctx); err != nil {
		return nil, nil, err
	}
	jobs, err := st.prompts()
	if err != nil {
		return nil, nil, err
	}
	if o.Generate != GenMissing || len(jobs) == 0 {
		return film, st.report, nil
	}
	if err := st.generate(ctx, jobs); err != nil {
		return nil, st.report, err
	}
	return film, st.report, nil
}

// fileKey is the content key of a local file a generator reads,
// remembered in the project's cache.
func (st *sourceStage) fileKey(path string) (string, error) {
	return cache.FileKey(st.opts.Cache.Root, path)
}

// check accepts a file ffprobe reads with a video stream or an image.
func (st *sourceStage) check(ctx context.Context, path string) error {
	info, err := probe.Probe(ctx, st.opts.FFprobe, path)
	if err != nil {
		return err
	}
	if info.Video == nil {
		return errors.New("it has no video stream")
	}
	return nil
}

// damaged records a damaged source-cache entry as a warning of the render
// (printed with the plan's warnings).
func (st *sourceStage) damaged(msg string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.report.Warnings = append(st.report.Warnings, msg)
}

// checkRegenerate reports --regenerate names that are not scene ids.
func (st *sourceStage) checkRegenerate() error {
	ids := make([]string, len(st.p.Scenes))
	for i, s := range st.p.Scenes {
		ids[i] = s.ID
	}
	for _, id := range st.opts.Regenerate {
		if !slices.Contains(ids, id) {
			return config.Errors{{File: st.p.Name, Msg: fmt.Sprintf("--regenerate %s: no scene has this id%s", id, suggest.Hint(id, ids))}}
		}
	}
	return nil
}

// forced says whether the scene's clip must be made again.
func (st *sourceStage) forced(s *config.Scene) bool {
	return slices.Contains(st.opts.Regenerate, s.ID)
}

// urls downloads the http(s) sources not in the cache, four at a time.
func (st *sourceStage) urls(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 4)
		errs config.Errors
	)
	for i := range st.p.Scenes {
		s := &st.p.Scenes[i]
		if s.URL == "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := st.url(ctx, s); err != nil {
				st.mu.Lock()
				errs = append(errs, s.SourcePos.Errorf("cannot use %s: %v", secret.URL(s.URL), err))
				st.mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("downloading sources cancelled: %w", err)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// url gives one URL scene its cached copy, downloading it when needed.
func (st *sourceStage) url(ctx context.Context, s *config.Scene) error {
	key := source.URLKey(s.URL)
	state := "cached"
	path, ok := st.cache.Lookup(key)
	if !ok || st.forced(s) {
		tmp, err := st.cache.TempDir()
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		got, err := source.Download(ctx, s.URL, tmp, st.deps)
		if err != nil {
			return err
		}
		if path, err = st.cache.Put(ctx, key, got, secret.URL(s.URL)); err != nil {
			return err
		}
		state = "downloaded"
	}
	s.Source = path
	st.add(SourceScene{Scene: s.ID, Kind: "url", State: state, Path: path, index: s.Index}, state == "downloaded", false)
	return nil
}

// request is what a prompt scene asks its generator for: its duration of
// clip (at another speed, the clip time that plays for the duration).
func request(p *config.Project, s *config.Scene) source.Request {
	fps := p.Output.FPS
	seconds, frames := s.Duration.Float(fps), s.Duration.Frames(fps)
	if s.Speed > 0 && s.Speed != 1 {
		seconds *= s.Speed
		frames = int64(math.Round(seconds * fps.Float()))
	}
	return source.Request{
		Prompt: s.Prompt.Text, Seed: s.Prompt.Seed,
		Seconds: strconv.FormatFloat(seconds, 'f', -1, 64), Frames: frames,
		Width: p.Output.Width, Height: p.Output.Height,
	}
}
