package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/source"
)

// genJob is one generator call; scenes asking for the same clip share it.
type genJob struct {
	key    string
	gen    *config.Generator
	req    source.Request
	scenes []*config.Scene
}

// prompts resolves prompt scenes from the cache or as placeholder cards and
// returns the generator calls still needed, one per distinct key.
func (st *sourceStage) prompts() ([]*genJob, error) {
	var jobs []*genJob
	var errs config.Errors
	byKey := map[string]*genJob{}
	for i := range st.p.Scenes {
		s := &st.p.Scenes[i]
		if s.Prompt == nil {
			continue
		}
		gen := st.p.Generators[s.Prompt.Generator]
		row := SourceScene{Scene: s.ID, Kind: "prompt", Generator: gen.Name, index: s.Index}
		if st.opts.Generate == GenPlaceholders {
			placeholder(s)
			row.State = "placeholder"
			st.add(row, false, false)
			continue
		}
		req := request(st.p, s)
		key, err := source.Key(gen, req, st.fileKey)
		if err != nil {
			errs = append(errs, gen.Pos.Errorf("generator %q: %v", gen.Name, err))
			continue
		}
		if !st.forced(s) {
			if path, ok := st.cache.Lookup(key); ok {
				s.Source, s.SourcePos = path, s.Prompt.Pos
				row.State, row.Path = "cached", path
				st.add(row, false, true)
				continue
			}
		}
		row.State = "generate"
		if st.forced(s) {
			row.State = "regenerate"
		}
		st.add(row, false, false)
		if st.opts.Generate != GenMissing {
			placeholder(s)
		}
		if j := byKey[key]; j != nil {
			j.scenes = append(j.scenes, s)
			continue
		}
		j := &genJob{key: key, gen: gen, req: req, scenes: []*config.Scene{s}}
		byKey[key] = j
		jobs = append(jobs, j)
	}
	st.report.Calls = len(jobs)
	if len(errs) > 0 {
		return nil, errs
	}
	return jobs, nil
}

// placeholder turns a prompt scene into a card showing its prompt.
func placeholder(s *config.Scene) {
	s.Placeholder = &config.Placeholder{Text: s.Prompt.Text, Pos: s.Prompt.Pos}
}

// generate builds the generators the jobs need, then runs the jobs, each
// generator at most its parallel limit at once. Every job runs even when
// another fails, so finished clips reach the cache.
func (st *sourceStage) generate(ctx context.Context, jobs []*genJob) error {
	gens, err := st.generators(jobs)
	if err != nil {
		return err
	}
	sems := map[string]chan struct{}{}
	for _, j := range jobs {
		if sems[j.gen.Name] == nil {
			sems[j.gen.Name] = make(chan struct{}, j.gen.Parallel)
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem := sems[j.gen.Name]
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			if err := st.run(ctx, j, gens[j.gen.Name]); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil && len(errs) == 0 {
		return fmt.Errorf("generating clips cancelled: %w", err)
	}
	return errors.Join(errs...)
}

// generators builds one generator per name the jobs use; a setting that
// cannot work (an unset token variable) is reported at its line.
func (st *sourceStage) generators(jobs []*genJob) (map[string]source.Generator, error) {
	out := map[string]source.Generator{}
	var errs config.Errors
	for _, j := range jobs {
		g := j.gen
		if _, done := out[g.Name]; done {
			continue
		}
		gen, err := source.New(g, st.deps)
		var se *source.SetupError
		if errors.As(err, &se) {
			pos, ok := g.KeyPos[se.Key]
			if !ok {
				pos = g.Pos
			}
			errs = append(errs, pos.Errorf("generator %q: %s", g.Name, se.Msg))
		} else if err != nil {
			errs = append(errs, g.Pos.Errorf("generator %q: %v", g.Name, err))
		}
		out[g.Name] = gen
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// run makes one clip and stores it; the error names the scene, the
// generator and what went wrong.
func (st *sourceStage) run(ctx context.Context, j *genJob, gen source.Generator) error {
	s := j.scenes[0]
	fail := func(err error) error {
		return fmt.Errorf("scene %q (%s): generator %q (%s): %w", s.ID, s.Pos.Path, j.gen.Name, j.gen.Kind, err)
	}
	tmp, err := st.cache.TempDir()
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(tmp)
	timeout := time.Duration(defaultGenTimeout) * time.Second
	if j.gen.Timeout != nil {
		timeout = time.Duration(j.gen.Timeout.Float(st.p.Output.FPS) * float64(time.Second))
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	st.deps.Log.Info("generating", "scene", s.ID, "generator", j.gen.Name, "kind", j.gen.Kind)
	path, err := gen.Generate(cctx, j.req, tmp)
	if err != nil {
		if cctx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			err = fmt.Errorf("no result within its timeout of %s: %w", timeout, err)
		}
		return fail(err)
	}
	final, err := st.cache.Put(ctx, j.key, path, j.gen.Name+": "+j.req.Prompt)
	if err != nil {
		return fail(err)
	}
	st.deps.Log.Info("generated", "scene", s.ID, "generator", j.gen.Name, "seconds", time.Since(start).Seconds())
	for _, sc := range j.scenes {
		sc.Source, sc.SourcePos = final, sc.Prompt.Pos
	}
	return nil
}
