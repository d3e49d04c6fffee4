// Package pipeline orders the stages of a render: load the project strictly,
// discover the transitions, probe every source, and compile the plan. Nothing
// here encodes; the executor runs the plan.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/spec"
)

// Prepared is a project ready to render.
type Prepared struct {
	Project *config.Project // as loaded: never changed
	Spec    *spec.Spec      // the project resolved for this render
	Media   map[string]*probe.Info
	Plan    *plan.Plan
	Sources *SourceReport // downloaded and generated scenes
	sel     *selection
	notices []string // see Notices
}

// ProbeAll probes every distinct source of the project, a few at once, and
// reports each unreadable one against the scene that uses it (config.Errors).
// A cancelled probe is a cancellation, not a project error.
func ProbeAll(ctx context.Context, p *config.Project, ffprobe string, parallel int) (map[string]*probe.Info, error) {
	return probeAll(ctx, p, parallel, func(ctx context.Context, path string) (*probe.Info, error) {
		return probe.Probe(ctx, ffprobe, path)
	})
}

// probeAll is ProbeAll with the probe function given.
func probeAll(ctx context.Context, p *config.Project, parallel int, probeFn func(context.Context, string) (*probe.Info, error)) (map[string]*probe.Info, error) {
	if parallel <= 0 {
		parallel = 4
	}
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		media = map[string]*probe.Info{}
		fails = map[string]error{}
		sem   = make(chan struct{}, parallel)
	)
	uses := probeUses(p)
	started := map[string]bool{}
	for _, s := range uses {
		if s.Path == "" {
			continue
		}
		if started[s.Path] {
			continue
		}
		started[s.Path] = true // the goroutines write media: never this loop
		wg.Add(1)
		go func(path string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			info, err := probeFn(ctx, path)
			mu.Lock()
			defer mu.Unlock()
			media[path], fails[path] = info, err
		}(s.Path)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("probing cancelled: %w", err)
	}
	var errs config.Errors
	for _, s := range uses {
		if err := fails[s.Path]; err != nil {
			errs = append(errs, s.Pos.Errorf("cannot use this file: %v", err))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return media, nil
}

// probeUses lists every file the project reads with where it is written:
// the scenes' sources (and cards' background images), then the audio
// section's beds and voice-overs, then the image and video layers' files
// (the scenes' layers, then the film's).
func probeUses(p *config.Project) []config.AudioFile {
	var uses []config.AudioFile
	for _, s := range p.Scenes {
		uses = append(uses, config.AudioFile{Path: s.Source, Pos: s.SourcePos})
		if bg := s.Background; bg != nil && bg.Image != "" {
			uses = append(uses, config.AudioFile{Path: bg.Image, Pos: bg.Pos})
		}
	}
	uses = append(uses, p.Audio.Files()...)
	return append(uses, layerFiles(p)...)
}

// layerFiles lists the files of the project's image and video layers.
func layerFiles(p *config.Project) []config.AudioFile {
	var out []config.AudioFile
	add := func(ls []config.Layer) {
		for _, l := range ls {
			if f := l.Image + l.Video; f != "" {
				out = append(out, config.AudioFile{Path: f, Pos: l.Pos})
			}
		}
	}
	for _, s := range p.Scenes {
		add(s.Layers)
	}
	add(p.Layers)
	return out
}

// withProbeErrors adds to an invalid project's errors the problems of the
// scene sources and the film's layer media that exist, so a broken clip is reported in the same round
// as a typo instead of after it is fixed.
func withProbeErrors(ctx context.Context, proj *config.Project, ffprobe string, parallel int, err error) error {
	var errs config.Errors
	if proj == nil || !errors.As(err, &errs) {
		return err
	}
	ok := &config.Project{}
	usable := func(path string) bool {
		fi, serr := os.Stat(path)
		return path != "" && serr == nil && fi.Mode().IsRegular() && fi.Size() > 0 // config reports empty files
	}
	for _, s := range proj.Scenes {
		if usable(s.Source) {
			ok.Scenes = append(ok.Scenes, config.Scene{Source: s.Source, SourcePos: s.SourcePos})
		}
	}
	for _, l := range proj.Layers {
		if usable(l.Image + l.Video) {
			ok.Layers = append(ok.Layers, l)
		}
	}
	_, perr := ProbeAll(ctx, ok, ffprobe, parallel)
	var more config.Errors
	if !errors.As(perr, &more) {
		return errs
	}
	all := append(append(config.Errors{}, errs...), more...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}
