package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
)

// BatchRequest is a batch: the variants of a template (one per row of
// data), many projects, or both, rendered as one graph of jobs on this
// machine. Each variant is a Request (its project, its values, what it
// writes); the batch's own fields replace those of its variants'.
type BatchRequest struct {
	Variants []Request
	// Jobs is the batch's one budget: jobs at once over every variant
	// (default: the number of cores).
	Jobs int
	// Force renders every variant, even one whose outputs are up to date.
	Force    bool
	KeepWork bool   // keep the work directory
	WorkRoot string // where the work directory is made (default: the system's temp directory)
	// ReuseFilms: as Request.ReuseFilms, for every variant.
	ReuseFilms bool
	// Remote: as Request.Remote, for every variant's jobs (the variants'
	// own Remote is not used).
	Remote exec.Remote
	// OnPlan is called once every variant is planned, before any job
	// runs; nil for none.
	OnPlan func(*BatchPlan)
	// OnEvent receives the jobs' progress (Event.Variant names the
	// variant) and the end of each variant (state variant-done or
	// variant-failed); calls are serialised.
	OnEvent func(Event)
	Log     *slog.Logger // nil discards
}

// The states of a variant in a batch.
const (
	VariantRender   = "render"     // planned: it will render (PlanBatch)
	VariantRendered = "rendered"   // its outputs were written
	VariantUpToDate = "up-to-date" // its outputs were already those of its plan: nothing ran
	VariantFailed   = "failed"     // nothing new is at its paths (Err says why)
)

// VariantResult is one variant of a batch: what it is, and what the batch
// did (or, planned, will do) with it.
type VariantResult struct {
	Name     string        `json:"variant"` // its row ("rows.csv:4 (row 3)"), or its project
	Project  string        `json:"project"`
	Row      string        `json:"row,omitempty"`
	Status   string        `json:"status"`
	Outputs  []string      `json:"outputs,omitempty"` // the files it writes (rendered, up to date: wrote)
	Wall     time.Duration `json:"-"`                 // from the batch's start to its delivery
	Seconds  float64       `json:"seconds"`           // Wall in seconds
	Err      error         `json:"-"`
	Error    string        `json:"error,omitempty"` // Err's message
	Warnings []string      `json:"warnings,omitempty"`
	Jobs     int           `json:"jobs"`             // jobs of its plan
	Unique   int           `json:"unique,omitempty"` // its jobs no other variant has (PlanBatch)

	prep *Prepared
	key  string // its outputs' content key ("": never up to date)
}

// BatchPlan is what a batch will do: every variant planned, and how their
// jobs overlap.
type BatchPlan struct {
	Variants []VariantResult `json:"variants"`
	// Sharing counts the jobs of the variants that will render: identical
	// jobs once, those every variant has, those unique to each.
	Sharing exec.Sharing `json:"sharing"`
	// GeneratorCalls are the distinct clips the batch generates.
	GeneratorCalls int `json:"generator_calls"`
	// WorkDir holds the variants' work directories (v0001, ...).
	WorkDir string `json:"work_dir"`
	// Notices are what the batch will tell the user once (no signing key:
	// its MP4 and MOV outputs carry no Content Credentials); set by Batch
	// before it calls OnPlan.
	Notices []string `json:"notices,omitempty"`
}

// BatchResult is what a batch did.
type BatchResult struct {
	Variants []VariantResult `json:"variants"`
	Stats    exec.BatchStats `json:"stats"`
	Sharing  exec.Sharing    `json:"sharing"`
	// Notices are what the caller should tell the user once (no signing
	// key: the outputs carry no Content Credentials).
	Notices []string `json:"notices,omitempty"`
}

// Failed counts the variants that failed.
func (r *BatchResult) Failed() int {
	n := 0
	for _, v := range r.Variants {
		if v.Status == VariantFailed {
			n++
		}
	}
	return n
}

// Batch plans every variant, refuses a batch two of whose variants would
// write one path (a *RequestError, before anything renders), skips the
// variants whose outputs are up to date (their content keys, recorded
// beside their first output, unchanged, and the files as recorded), and
// runs the rest as one graph: identical jobs once, one budget of cores. A
// variant that cannot be planned or whose job fails is reported failed;
// the others go on. Cancelling ctx stops every job and leaves only
// complete outputs. The error is nil unless the batch as a whole could not
// run (then no variant ran).
func (e *Engine) Batch(ctx context.Context, br BatchRequest) (*BatchResult, error) {
	if len(br.Variants) == 0 {
		return nil, &RequestError{Field: "variants", Err: errors.New("a batch needs at least one project or row")}
	}
	log := br.log()
	work, err := newWorkDir(workRoot(br.WorkRoot), log)
	if err != nil {
		return nil, err
	}
	if br.KeepWork {
		defer exec.KeepWorkDir(work)
	} else {
		defer os.RemoveAll(work)
	}
	start := time.Now()
	bp, err := e.planBatch(ctx, br, work, strconv.Itoa(os.Getpid()), log)
	if err != nil {
		return nil, err
	}
	var written []string
	for _, v := range bp.Variants {
		if v.Status == VariantRender {
			written = append(written, v.prep.Written()...)
		}
	}
	release, err := claim(written)
	if err != nil {
		return nil, err
	}
	defer release()
	seals := e.batchSealers(ctx, br, bp.Variants)
	if n := seals.notice(); n != "" {
		bp.Notices = []string{n}
		log.Info(n)
	}
	if br.OnPlan != nil {
		br.OnPlan(bp)
	}
	res := &BatchResult{Variants: bp.Variants, Sharing: bp.Sharing, Notices: bp.Notices}
	var vs []exec.Variant
	var idx []int
	for i, v := range res.Variants {
		if v.Status == VariantRender {
			vs = append(vs, exec.Variant{Name: v.Name, Plan: v.prep.Plan})
			idx = append(idx, i)
		}
	}
	if len(vs) > 0 {
		jobs := br.Jobs
		if jobs <= 0 {
			jobs = runtime.NumCPU()
		}
		if br.Remote != nil {
			jobs = max(jobs, RemoteJobs)
		}
		out, st := exec.RunBatch(ctx, vs, exec.Options{FFmpeg: e.tools.FFmpeg, Jobs: jobs, OnEvent: countSkipped(br.OnEvent, len(res.Variants)-len(vs)), KeepWork: br.KeepWork, ReuseFilms: br.ReuseFilms,
			Seal: seals.seal, Remote: br.Remote})
		res.Stats = *st
		for k, i := range idx {
			v := &res.Variants[i]
			r := out[k]
			v.Wall, v.Seconds = r.Wall, r.Wall.Seconds()
			if r.Err != nil {
				v.fail(r.Err)
				continue
			}
			v.Status = VariantRendered
			if r.Stats != nil {
				v.Warnings = append(v.Warnings, r.Stats.Warnings...)
			}
			if err := seals.manifests(v); err != nil {
				v.Warnings = append(v.Warnings, "the provenance manifests: "+err.Error())
			}
			if err := writeRecord(v.prep.Plan, v.key); err != nil {
				v.Warnings = append(v.Warnings, "could not record the outputs' content key (the next batch renders this variant again): "+err.Error())
			}
		}
	}
	res.Stats.Wall = time.Since(start)
	return res, nil
}

// PlanBatch plans every variant of the batch without running a job (reel
// plan --data): which variants will render and which are up to date, how
// their jobs overlap and how many generator calls the batch makes.
func (e *Engine) PlanBatch(ctx context.Context, br BatchRequest) (*BatchPlan, error) {
	if len(br.Variants) == 0 {
		return nil, &RequestError{Field: "variants", Err: errors.New("a batch needs at least one project or row")}
	}
	dir := filepath.Join(workRoot(br.WorkRoot), "reel-plan")
	return e.planBatch(ctx, br, dir, "", br.log())
}

// planBatch prepares every variant, each in its own work directory under
// work: the first alone (it fills the probe and source caches the others
// read), the others a few at once. A variant that cannot be planned is
// failed; two variants writing one path fail the batch.
func (e *Engine) planBatch(ctx context.Context, br BatchRequest, work, tag string, log *slog.Logger) (*BatchPlan, error) {
	vs := make([]VariantResult, len(br.Variants))
	var prepared sync.Map // cache roots checked: *cacheCheck
	prepare := func(i int) {
		req := br.Variants[i]
		req.WorkRoot, req.Log, req.Jobs = br.WorkRoot, log, br.Jobs
		v := &vs[i]
		v.Name, v.Project, v.Row = variantName(req), req.Path, req.Row
		if req.Data != nil {
			v.Project = req.Name
		}
		dirs, fresh, err := e.batchCache(req, work, &prepared)
		if err != nil {
			v.fail(err)
			return
		}
		// One temporary tag (the pid) for every variant: their outputs'
		// paths differ, and a killed batch's leftovers are then cleared
		// like a render's.
		req.dirs = &dirs
		prep, err := e.prepare(ctx, req, filepath.Join(work, fmt.Sprintf("v%04d", i+1)), tag)
		if err != nil {
			v.fail(err)
			return
		}
		v.prep, v.Status, v.Jobs = prep, VariantRender, len(prep.Plan.Jobs)
		v.Outputs = delivered(prep.Plan)
		v.Warnings = prep.Plan.Warnings
		if !fresh {
			v.key = signedKey(variantKey(prep.Plan), req)
			if !br.Force && upToDate(prep.Plan, v.key) {
				v.Status = VariantUpToDate
			}
		}
	}
	prepare(0)
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.NumCPU()))
	for i := 1; i < len(vs); i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			prepare(i)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("batch cancelled: %w", err)
	}
	if err := sameOutputs(vs); err != nil {
		return nil, err
	}
	bp := &BatchPlan{Variants: vs, WorkDir: work}
	var plans []*VariantResult
	for i := range vs {
		if vs[i].Status == VariantRender {
			plans = append(plans, &vs[i])
		}
	}
	bp.Sharing = share(plans)
	bp.GeneratorCalls = generatorCalls(vs)
	return bp, nil
}

// countSkipped passes the executor's events on with the variants that
// did not run (up to date, or failed before) counted as done: the batch's
// progress is over all its variants.
func countSkipped(next func(Event), skipped int) func(Event) {
	if next == nil || skipped == 0 {
		return next
	}
	return func(ev Event) {
		if ev.Variants > 0 {
			ev.Variants += skipped
			ev.VariantsDone += skipped
		}
		next(ev)
	}
}

// fail marks the variant failed with err.
func (v *VariantResult) fail(err error) {
	v.Status, v.Err, v.Error = VariantFailed, err, err.Error()
	v.Outputs = nil
}

// variantName is how the summary and the events name a variant: its row,
// or its project.
func variantName(req Request) string {
	switch {
	case req.Row != "":
		return req.Row
	case req.Data != nil && req.Name != "":
		return req.Name
	case req.Data != nil:
		return "project.yaml"
	}
	return req.Path
}

// batchCache places the cache of a variant. With the cache off, the
// batch's variants still share their identical jobs, through a cache in
// the batch's work directory that goes with it (fresh: nothing is
// up to date, nothing is kept).
func (e *Engine) batchCache(req Request, work string, prepared *sync.Map) (dirs CacheDirs, fresh bool, err error) {
	if err := req.check(); err != nil {
		return dirs, false, err
	}
	dir, err := req.projectDir()
	if err != nil {
		return dirs, false, &RequestError{Field: "project", Err: err}
	}
	dirs = e.cache.For(dir)
	if !dirs.On {
		dirs.On, dirs.Root, fresh = true, filepath.Join(work, "cache"), true
	}
	// Once per cache root: the variants of a template share one.
	v, _ := prepared.LoadOrStore(dirs.Root, &cacheCheck{})
	c := v.(*cacheCheck)
	c.once.Do(func() { c.err = prepareCache(dirs, req.log()) })
	return dirs, fresh, c.err
}

// cacheCheck is prepareCache's answer for one cache root, asked once.
type cacheCheck struct {
	once sync.Once
	err  error
}

// sameOutputs refuses a batch two of whose variants write one file.
func sameOutputs(vs []VariantResult) error {
	var msgs []string
	for i := range vs {
		if vs[i].prep == nil {
			continue
		}
		for _, f := range vs[i].prep.Written() {
			for k := range vs[:i] {
				if vs[k].prep == nil {
					continue
				}
				for _, g := range vs[k].prep.Written() {
					if SameFile(f, g) {
						msgs = append(msgs, fmt.Sprintf("%s and %s both write %s", vs[k].Name, vs[i].Name, f))
					}
				}
			}
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return &RequestError{Field: "outputs", Err: fmt.Errorf("%s (make each variant's output path differ, e.g. path: \"out/{{ id }}.mp4\")", strings.Join(msgs, "; "))}
}

// share counts how the variants' jobs overlap.
func share(vs []*VariantResult) exec.Sharing {
	plans := make([]*plan.Plan, len(vs))
	for i, v := range vs {
		plans[i] = v.prep.Plan
	}
	s := exec.Share(plans)
	for i, v := range vs {
		if i < len(s.Unique) {
			v.Unique = s.Unique[i]
		}
	}
	return s
}

// generatorCalls counts the distinct clips the variants generate.
func generatorCalls(vs []VariantResult) int {
	seen := map[string]bool{}
	n := 0
	for _, v := range vs {
		if v.prep == nil || v.prep.Sources == nil {
			continue
		}
		for _, s := range v.prep.Sources.Scenes {
			if s.State != "generate" && s.State != "regenerate" {
				continue
			}
			if s.Path == "" {
				n++
			} else if !seen[s.Path] {
				seen[s.Path] = true
				n++
			}
		}
	}
	return n
}

// log is the batch's logger, or one that discards.
func (br BatchRequest) log() *slog.Logger {
	if br.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return br.Log
}

// workRoot is the directory work directories are made in.
func workRoot(root string) string {
	if root == "" {
		return os.TempDir()
	}
	return root
}
