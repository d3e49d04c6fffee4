package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/cache"
)

// batchTemplate is a two-scene template: a shared clip, then a card whose
// title and length come from the row; the output path from its id.
const batchTemplate = `fields:
  id: {}
  name: {default: friend}
  len: {default: 1s}
output: {path: "out/{{ id }}.mp4", size: 160x90, fps: 25, codec: h264, preset: ultrafast}
transition: {type: fade, duration: 0.2s}
scenes:
  - source: a.mp4
  - background: "#203040"
    duration: "{{ len }}"
    layers: [{text: "{{ name }}", style: title}]
`

// batchDir writes the template and its clip in a fresh directory.
func batchDir(t *testing.T) (dir, tpl string) {
	t.Helper()
	fftest.Require(t)
	dir = t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 1, FPS: "25", Audio: true})
	tpl = filepath.Join(dir, "promo.yaml")
	if err := os.WriteFile(tpl, []byte(batchTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, tpl
}

// variants are requests for the template, one per row of values.
func variants(dir, tpl string, rows ...map[string]string) []pipeline.Request {
	var out []pipeline.Request
	for i, r := range rows {
		vals := config.Values{}
		for k, v := range r {
			vals[k] = config.Value{Text: v}
		}
		out = append(out, pipeline.Request{Path: tpl, Values: vals, Row: fmt.Sprintf("rows.csv:%d (row %d)", i+2, i+1), WorkRoot: filepath.Join(dir, "work")})
	}
	return out
}

// events collects a batch's events.
type events struct {
	mu  sync.Mutex
	all []pipeline.Event
}

func (e *events) add(ev pipeline.Event) { e.mu.Lock(); e.all = append(e.all, ev); e.mu.Unlock() }

// starts counts the jobs started, by job id.
func (e *events) starts() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := map[string]int{}
	for _, ev := range e.all {
		if ev.State == "start" {
			n[ev.Job]++
		}
	}
	return n
}

func TestBatchSharesJobsAndSkipsWhatIsUpToDate(t *testing.T) {
	t.Parallel()
	dir, tpl := batchDir(t)
	names := []string{"Ada", "Zoë", "李雷", "Grace", "O'Brien, Jr."}
	var rows []map[string]string
	for i, n := range names {
		rows = append(rows, map[string]string{"id": fmt.Sprintf("v%d", i), "name": n})
	}
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Dir: filepath.Join(dir, "cache")})
	ctx := context.Background()

	bp, err := eng.PlanBatch(ctx, pipeline.BatchRequest{Variants: variants(dir, tpl, rows...)})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, v := range bp.Variants {
		if v.Status != pipeline.VariantRender {
			t.Fatalf("%s: %s %s, want render", v.Name, v.Status, v.Error)
		}
		total += v.Jobs
	}
	if bp.Sharing.Shared < 2 || bp.Sharing.Jobs >= total {
		t.Fatalf("sharing %+v of %d jobs: want the clip's scene and the audio shared", bp.Sharing, total)
	}

	var ev events
	res, err := eng.Batch(ctx, pipeline.BatchRequest{Variants: variants(dir, tpl, rows...), Jobs: 2, OnEvent: ev.add})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Variants {
		if v.Status != pipeline.VariantRendered {
			t.Fatalf("%s: %s: %s", v.Name, v.Status, v.Error)
		}
		// 25 frames of the clip and 25 of the card, 5 crossfaded.
		if n := fftest.FrameCount(t, v.Outputs[0]); n != 45 {
			t.Errorf("%s: %d frames, want 45", v.Name, n)
		}
	}
	// Cold: every distinct job ran once, the clip's scene among them.
	if res.Stats.Ran != bp.Sharing.Jobs || res.Stats.Collapsed != total-bp.Sharing.Jobs {
		t.Errorf("stats %+v, want %d jobs run and %d collapsed", res.Stats, bp.Sharing.Jobs, total-bp.Sharing.Jobs)
	}
	for id, n := range ev.starts() {
		if n != 1 && (strings.HasPrefix(id, "s01") || id == "audio") {
			t.Errorf("shared job %s started %d times, want once", id, n)
		}
	}
	// The titles differ where they are drawn, the clip is the same.
	a := fftest.Frame(t, res.Variants[0].Outputs[0], 40)
	b := fftest.Frame(t, res.Variants[1].Outputs[0], 40)
	if fftest.Mean(a, 1) == fftest.Mean(b, 1) {
		t.Errorf("the cards of two names look the same")
	}
	if fftest.MeanRGB(t, res.Variants[0].Outputs[0], 5) != fftest.MeanRGB(t, res.Variants[1].Outputs[0], 5) {
		t.Errorf("the shared clip differs between variants")
	}

	// Again: nothing runs.
	ev = events{}
	again, err := eng.Batch(ctx, pipeline.BatchRequest{Variants: variants(dir, tpl, rows...), OnEvent: ev.add})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range again.Variants {
		if v.Status != pipeline.VariantUpToDate {
			t.Errorf("%s: %s on a re-run, want up-to-date", v.Name, v.Status)
		}
	}
	if len(ev.starts()) != 0 || again.Stats.Ran != 0 {
		t.Errorf("a re-run ran jobs: %v", ev.starts())
	}

	// One row changed: only its variant renders, and only its own jobs.
	rows[2]["name"] = "Lei"
	before, _ := os.Stat(res.Variants[0].Outputs[0])
	ev = events{}
	third, err := eng.Batch(ctx, pipeline.BatchRequest{Variants: variants(dir, tpl, rows...), OnEvent: ev.add})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range third.Variants {
		want := pipeline.VariantUpToDate
		if i == 2 {
			want = pipeline.VariantRendered
		}
		if v.Status != want {
			t.Errorf("%s: %s, want %s", v.Name, v.Status, want)
		}
	}
	for id := range ev.starts() {
		if strings.HasPrefix(id, "s01") || id == "audio" {
			t.Errorf("the changed row ran the shared job %s", id)
		}
	}
	if after, _ := os.Stat(res.Variants[0].Outputs[0]); !os.SameFile(before, after) {
		t.Errorf("an up-to-date variant's output was replaced")
	}

	// An output replaced by hand is not up to date, whatever its time.
	out := res.Variants[3].Outputs[0]
	if err := os.WriteFile(out, []byte("not a film"), 0o644); err != nil {
		t.Fatal(err)
	}
	fourth, err := eng.Batch(ctx, pipeline.BatchRequest{Variants: variants(dir, tpl, rows...)})
	if err != nil {
		t.Fatal(err)
	}
	if s := fourth.Variants[3].Status; s != pipeline.VariantRendered || fftest.FrameCount(t, out) != 45 {
		t.Errorf("a damaged output: %s, want rendered again", s)
	}
}

func TestBatchGoesOnAfterAFailedVariant(t *testing.T) {
	t.Parallel()
	dir, tpl := batchDir(t)
	rows := []map[string]string{
		{"id": "a", "name": "Ada"},
		{"name": "no id"}, // id has no default: this row fails
		{"id": "c", "len": "three"},
		{"id": "d", "len": "2s"},
	}
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Off: true})
	res, err := eng.Batch(context.Background(), pipeline.BatchRequest{Variants: variants(dir, tpl, rows...)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{pipeline.VariantRendered, pipeline.VariantFailed, pipeline.VariantFailed, pipeline.VariantRendered}
	for i, v := range res.Variants {
		if v.Status != want[i] {
			t.Errorf("%s: %s (%s), want %s", v.Name, v.Status, v.Error, want[i])
		}
	}
	if res.Failed() != 2 {
		t.Errorf("Failed() = %d, want 2", res.Failed())
	}
	for _, c := range []struct {
		i    int
		want []string
	}{
		{1, []string{"rows.csv:3 (row 2)", `"id"`}},
		{2, []string{"rows.csv:4 (row 3)", "promo.yaml:10", "three"}},
	} {
		for _, w := range c.want {
			if !strings.Contains(res.Variants[c.i].Error, w) {
				t.Errorf("row %d's error %q does not say %q", c.i+1, res.Variants[c.i].Error, w)
			}
		}
	}
	if n := fftest.FrameCount(t, filepath.Join(dir, "out", "d.mp4")); n != 70 {
		t.Errorf("row 4 (len 2s): %d frames, want 70", n)
	}
	// --no-cache: no record is kept, so nothing is ever up to date.
	if _, err := os.Stat(filepath.Join(dir, "out", ".a.mp4.reel")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a batch without the cache recorded its outputs (%v)", err)
	}
}

func TestBatchRefusesTwoVariantsWritingOnePath(t *testing.T) {
	t.Parallel()
	dir, tpl := batchDir(t)
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Off: true})
	_, err := eng.Batch(context.Background(), pipeline.BatchRequest{Variants: variants(dir, tpl,
		map[string]string{"id": "same"}, map[string]string{"id": "other"}, map[string]string{"id": "Same/../same"})})
	var re *pipeline.RequestError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "rows.csv:2 (row 1) and rows.csv:4 (row 3) both write") {
		t.Fatalf("err = %v, want a request error naming both rows", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("something was written before the batch was refused")
	}
}

func TestBatchCancelledLeavesOnlyCompleteOutputs(t *testing.T) {
	t.Parallel()
	dir, tpl := batchDir(t)
	var rows []map[string]string
	for i := range 6 {
		rows = append(rows, map[string]string{"id": fmt.Sprintf("v%d", i), "name": fmt.Sprintf("N%d", i), "len": "2s"})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := 0
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Dir: filepath.Join(dir, "cache")})
	res, err := eng.Batch(ctx, pipeline.BatchRequest{Variants: variants(dir, tpl, rows...), Jobs: 2, OnEvent: func(ev pipeline.Event) {
		if ev.State == "start" {
			if started++; started == 4 {
				cancel()
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".partial") || strings.HasSuffix(e.Name(), ".previous") {
			t.Errorf("a temporary was left: %s", e.Name())
		}
	}
	cancelled := 0
	for _, v := range res.Variants {
		switch v.Status {
		case pipeline.VariantRendered:
			if n := fftest.FrameCount(t, v.Outputs[0]); n != 70 {
				t.Errorf("%s delivered %d frames, want 70", v.Name, n)
			}
		case pipeline.VariantFailed:
			cancelled++
			if !errors.Is(v.Err, context.Canceled) {
				t.Errorf("%s: %v, want the cancellation", v.Name, v.Err)
			}
		}
	}
	if cancelled == 0 {
		t.Fatalf("nothing was cancelled")
	}
	for i, v := range res.Variants {
		if v.Status == pipeline.VariantFailed {
			if _, err := os.Stat(filepath.Join(dir, "out", fmt.Sprintf("v%d.mp4", i))); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("cancelled %s left a file at its path", v.Name)
			}
		}
	}
}

// TestPartlyCachedJobHoldsOnlyWhatItWrites renders a variant whose card
// shares its raw frames with an earlier variant's (only the title over
// its body differs): while the card's job renders its body, the entry of
// the raw frames it found complete is not locked, so another variant's
// job needing that entry does not wait for it.
func TestPartlyCachedJobHoldsOnlyWhatItWrites(t *testing.T) {
	t.Parallel()
	dir, tpl := batchDir(t)
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Dir: filepath.Join(dir, "cache")})
	ctx := context.Background()
	reqs := variants(dir, tpl, map[string]string{"id": "a", "name": "Ada"}, map[string]string{"id": "b", "name": "Bea"})
	if _, err := eng.Render(ctx, reqs[0]); err != nil {
		t.Fatal(err)
	}
	prep, err := eng.Plan(ctx, reqs[1])
	if err != nil {
		t.Fatal(err)
	}
	var job, raw string
	for _, j := range prep.Plan.Jobs {
		for _, pt := range j.Parts {
			if pt.Name == "raw" && cache.Complete(pt.CacheDir) && len(j.Parts) > 1 {
				job, raw = j.ID, pt.CacheDir
			}
		}
	}
	if raw == "" {
		t.Fatal("no job of the second variant has complete raw frames beside a part to render")
	}
	var lockErr error
	seen := false
	req := reqs[1]
	req.OnEvent = func(ev pipeline.Event) {
		if ev.Job != job || ev.State != "start" {
			return
		}
		seen = true
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		unlock, err := cache.Lock(c, raw)
		if lockErr = err; err == nil {
			unlock()
		}
	}
	if _, err := eng.Render(ctx, req); err != nil {
		t.Fatal(err)
	}
	if !seen || lockErr != nil {
		t.Errorf("job %s ran (%v) holding the complete entry %s: %v", job, seen, filepath.Base(raw), lockErr)
	}
}
