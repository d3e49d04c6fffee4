package plan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/pipeline/probe"
)

// chunkedPlan builds project from media with chunks of chunk frames,
// checking the properties every plan has.
func chunkedPlan(t *testing.T, project string, media map[string]*probe.Info, chunk int64) *plan.Plan {
	t.Helper()
	sp, err := plantest.Spec([]byte(project), media, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(plan.Input{Spec: sp, WorkDir: plantest.WorkDir, ChunkFrames: chunk})
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p)
	return p
}

// window is a body chunk in the test's terms: scene-local frames.
type window struct{ from, to int64 }

// TestChunkWindows: a body longer than 1.5 chunks is split into
// round(body/chunk) windows of whole frames whose lengths differ by at
// most one, each its own job in film order (the first writing the head,
// the last the tail, which the transitions wait for), each window a
// segment of the join; a shorter body, or chunks off, is one job as
// before.
func TestChunkWindows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		frames, in, out, chunk int64
		want                   []window // nil: one job
	}{
		{90, 0, 0, 30, []window{{0, 30}, {30, 60}, {60, 90}}},
		{90, 0, 0, 0, nil},
		{90, 0, 0, 1000, nil},
		{45, 0, 0, 30, nil}, // 1.5 chunks: not split
		{46, 0, 0, 30, []window{{0, 23}, {23, 46}}},
		{100, 0, 0, 30, []window{{0, 33}, {33, 66}, {66, 100}}},
		{105, 0, 0, 30, []window{{0, 26}, {26, 52}, {52, 78}, {78, 105}}}, // 3.5: rounded up
		{89, 0, 0, 30, []window{{0, 29}, {29, 59}, {59, 89}}},
		{110, 10, 10, 30, []window{{10, 40}, {40, 70}, {70, 100}}},
		{110, 10, 0, 30, []window{{10, 43}, {43, 76}, {76, 110}}},
		{110, 0, 12, 49, []window{{0, 49}, {49, 98}}},
		{60, 10, 10, 30, nil}, // a body of 40
		{300, 0, 0, 1, nil},   // see below: 300 one-frame chunks
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d frames, %d in, %d out, chunks of %d", tt.frames, tt.in, tt.out, tt.chunk), func(t *testing.T) {
			t.Parallel()
			if tt.chunk == 1 {
				tt.want = make([]window, tt.frames)
				for f := range tt.frames {
					tt.want[f] = window{f, f + 1}
				}
			}
			tr := func(n int64) string {
				if n == 0 {
					return ""
				}
				return fmt.Sprintf(", transition: {type: fade, duration: %df}", n)
			}
			project := film30 + "scenes:\n" +
				"  - {id: x, source: b.mp4, duration: 30f" + tr(tt.in) + "}\n" +
				fmt.Sprintf("  - {id: a, source: a.mp4, duration: %df%s}\n", tt.frames, tr(tt.out)) +
				"  - {id: y, source: b.mp4, duration: 30f}\n"
			media := map[string]*probe.Info{"a.mp4": clip(fps30, 12), "b.mp4": clip(fps30, 2)}
			p := chunkedPlan(t, project, media, tt.chunk)
			var jobs []plan.Job
			for _, j := range p.Jobs {
				if j.Kind == plan.KindVideo && strings.HasPrefix(j.ID, "s02-a") {
					jobs = append(jobs, j)
				}
			}
			head, tail := plantest.WorkDir+"/s02-a-head.nut", plantest.WorkDir+"/s02-a-tail.nut"
			if tt.want == nil {
				if len(jobs) != 1 || jobs[0].ID != "s02-a" {
					t.Fatalf("jobs %v, want one, s02-a", ids(jobs))
				}
				if unchunked := chunkedPlan(t, project, media, 0); !slices.EqualFunc(p.Jobs, unchunked.Jobs, sameJob) {
					t.Error("the plan differs from the plan without chunks")
				}
				return
			}
			if len(jobs) != len(tt.want) {
				t.Fatalf("jobs %v, want %d chunks", ids(jobs), len(tt.want))
			}
			// The join's segments: the chunks' bodies in order, between
			// the transitions (or the neighbours' bodies).
			var segs []plan.Segment
			for _, s := range p.Segments {
				if strings.Contains(s.Path, "/s02-a-c") {
					segs = append(segs, s)
				}
			}
			at := tt.in
			for c, w := range tt.want {
				j := jobs[c]
				id := fmt.Sprintf("s02-a-c%d", c+1)
				if j.ID != id {
					t.Errorf("chunk %d is job %s, want %s", c+1, j.ID, id)
				}
				if w.from != at {
					t.Fatalf("test case: window %d starts at %d, after %d", c, w.from, at)
				}
				at = w.to
				if j.Frames != w.to-w.from {
					t.Errorf("%s: %d frames, want %d", j.ID, j.Frames, w.to-w.from)
				}
				if c >= len(segs) || segs[c].Path != j.Outputs[0] || segs[c].Frames != w.to-w.from {
					t.Errorf("%s: segment %v, want %s of %d frames", j.ID, segs, j.Outputs[0], w.to-w.from)
				}
				if n := w.to - w.from; n > tt.chunk*3/2+1 || (tt.chunk > 1 && 2*n < tt.chunk) {
					t.Errorf("%s: %d frames for chunks of %d", j.ID, n, tt.chunk)
				}
				hasHead, hasTail := slices.Contains(j.Outputs, head), slices.Contains(j.Outputs, tail)
				if hasHead != (c == 0 && tt.in > 0) || hasTail != (c == len(tt.want)-1 && tt.out > 0) {
					t.Errorf("%s: outputs %v", j.ID, j.Outputs)
				}
			}
			if at != tt.frames-tt.out {
				t.Errorf("test case: the windows end at %d, the body at %d", at, tt.frames-tt.out)
			}
			if len(segs) != len(tt.want) {
				t.Errorf("%d segments of the chunks, want %d", len(segs), len(tt.want))
			}
			// Costs per chunk: each its share of the scene's, together
			// about the whole (the executor schedules by them).
			var whole, sum float64
			for _, j := range chunkedPlan(t, project, media, 0).Jobs {
				if j.ID == "s02-a" {
					whole = j.Cost
				}
			}
			for c, j := range jobs {
				w := tt.want[c]
				share := whole * float64(w.to-w.from) / float64(tt.frames)
				if j.Cost < share*0.9 || j.Cost > share*1.1+whole*float64(tt.in+tt.out)/float64(tt.frames) {
					t.Errorf("%s: cost %.0f, the scene's %.0f", j.ID, j.Cost, whole)
				}
				sum += j.Cost
			}
			if sum < whole*0.99 || sum > whole*1.01 {
				t.Errorf("the chunks cost %.0f together, the scene %.0f", sum, whole)
			}
			lens := map[int64]bool{}
			for _, w := range tt.want {
				lens[w.to-w.from] = true
			}
			if len(lens) > 2 {
				t.Errorf("chunk lengths %v differ by more than a frame", lens)
			}
			for _, j := range p.Jobs {
				if strings.HasPrefix(j.ID, "t-fade-x-a") && !slices.Equal(j.Deps, []string{"s01-x", jobs[0].ID}) {
					t.Errorf("%s waits for %v", j.ID, j.Deps)
				}
				if strings.HasPrefix(j.ID, "t-fade-a-y") && !slices.Equal(j.Deps, []string{jobs[len(jobs)-1].ID, "s03-y"}) {
					t.Errorf("%s waits for %v", j.ID, j.Deps)
				}
			}
		})
	}
}

// ids lists the jobs' ids.
func ids(jobs []plan.Job) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.ID)
	}
	return out
}

// sameJob says whether two jobs are the same, argument for argument.
func sameJob(a, b plan.Job) bool {
	return a.ID == b.ID && slices.Equal(a.Args, b.Args) && slices.Equal(a.Outputs, b.Outputs) && slices.Equal(a.Inputs, b.Inputs) &&
		a.Frames == b.Frames && a.Cost == b.Cost && len(a.Parts) == len(b.Parts)
}

// chunkKeys builds project with chunks of chunk frames and keys it; it
// returns the keys of the video jobs' parts by "job part" (a transition's
// by its id alone; a job of one part, a body, by "job body film").
func chunkKeys(t *testing.T, project string, chunk int64, files map[string]string) map[string]string {
	t.Helper()
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 5), "b.mp4": clip(fps30, 2)}
	p := chunkedPlan(t, project, media, chunk)
	fk := map[string]string{}
	for name, k := range files {
		fk[plantest.Dir+"/"+name] = k
	}
	if err := p.ApplyCache(plan.Cache{Dir: "/cache", FFmpegVersion: "ffmpeg version 5.1.6", FileKeys: fk}); err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, j := range p.Jobs {
		if j.Kind != plan.KindVideo {
			continue
		}
		if strings.HasPrefix(j.ID, "t-") {
			keys[j.ID] = j.Key
			continue
		}
		for _, pt := range j.Parts {
			name := pt.Name
			if name == "" { // the job's one part
				name = "body film"
			}
			keys[j.ID+" "+name] = pt.Key
		}
	}
	return keys
}

// TestChunkKeys: each chunk is keyed by its own window, so a change
// redoes the chunks it touches: a fade-in only the first chunk; other
// chunk lengths the bodies of the scene, not its raw tail, the transition
// reading it or the next scene; a change to the next scene nothing of
// this one.
func TestChunkKeys(t *testing.T) {
	t.Parallel()
	const base = film30 + `fade_in: 10f
scenes:
  - {id: a, source: a.mp4, duration: 100f, transition: {type: fade, duration: 10f}}
  - {id: b, source: b.mp4, duration: 40f}
`
	files := map[string]string{"a.mp4": "ka", "b.mp4": "kb"}
	want := chunkKeys(t, base, 30, files)
	names := []string{"s01-a-c1 body film", "s01-a-c2 body film", "s01-a-c3 body film", "s01-a-c3 raw", "t-fade-a-b", "s02-b body film", "s02-b raw"}
	for _, n := range names {
		if want[n] == "" {
			t.Fatalf("no key for %s in %v", n, want)
		}
	}
	if len(want) != len(names) {
		t.Fatalf("keys %v, want %v", want, names)
	}
	tests := []struct {
		name    string
		project string
		chunk   int64
		files   map[string]string
		changed []string // the parts whose keys change (or that are gone)
	}{
		{"the same", base, 30, files, nil},
		{"a longer fade-in", strings.Replace(base, "fade_in: 10f", "fade_in: 12f", 1), 30, files, []string{"s01-a-c1 body film"}},
		{"chunks of 45", base, 45, files, []string{"s01-a-c1 body film", "s01-a-c2 body film", "s01-a-c3 body film", "s01-a-c3 raw"}},
		{"b's source", base, 30, map[string]string{"a.mp4": "ka", "b.mp4": "kb2"}, []string{"t-fade-a-b", "s02-b body film", "s02-b raw"}},
		{"a's source", base, 30, map[string]string{"a.mp4": "ka2", "b.mp4": "kb"}, []string{"s01-a-c1 body film", "s01-a-c2 body film", "s01-a-c3 body film", "s01-a-c3 raw", "t-fade-a-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chunkKeys(t, tt.project, tt.chunk, tt.files)
			for _, n := range names {
				if changed := got[n] != want[n]; changed != slices.Contains(tt.changed, n) {
					t.Errorf("%s: key changed %v, want %v", n, changed, !changed)
				}
			}
		})
	}
	// Chunks of 45: two, the second writing the tail, whose key is the
	// tail's alone (the window of the part it keys).
	got := chunkKeys(t, base, 45, files)
	if got["s01-a-c2 raw"] != want["s01-a-c3 raw"] {
		t.Errorf("the raw tail's key changed with the chunks: %v", got)
	}
}

// TestChunkFiles: the files the executor writes for a chunk's job (a
// placeholder's script, the text layers' scripts) are the chunk's own, so
// chunks running side by side never write what another reads; a
// placeholder, timed over the whole scene, is built by each chunk from its
// first frame.
func TestChunkFiles(t *testing.T) {
	t.Parallel()
	project := film30 + `layers:
  - {text: "Title", start: 5f, end: 80f}
scenes:
  - {id: p, placeholder: {text: "Part one"}, duration: 90f}
`
	p := chunkedPlan(t, project, nil, 30)
	written := map[string]string{}
	var chunks int
	for _, j := range p.Jobs {
		if strings.HasPrefix(j.ID, "s01-p-c") {
			chunks++
			if !strings.Contains(strings.Join(j.Args, " "), "trim=start_pts=") && j.ID != "s01-p-c1" {
				t.Errorf("%s builds the placeholder without cutting its window", j.ID)
			}
		}
		for _, f := range j.Files {
			if other, ok := written[f.Path]; ok {
				t.Errorf("%s and %s both write %s", other, j.ID, f.Path)
			}
			written[f.Path] = j.ID
		}
	}
	if chunks != 3 {
		t.Errorf("%d chunks, want 3", chunks)
	}
	if len(written) != 7 { // each chunk's card and text scripts, the join's list
		t.Errorf("files written %v, want a card and a text script per chunk", written)
	}
}

// TestChunkRenditions: with several encodings each chunk's job encodes its
// window once per encoding (a part each), and every rendition's join
// lists the chunks in order.
func TestChunkRenditions(t *testing.T) {
	t.Parallel()
	project := `outputs:
  - {path: out.mp4, size: 160x90, fps: 30, quality: draft}
  - {path: small.webm, codec: vp9, size: 96x54}
scenes:
  - {id: a, source: a.mp4, duration: 90f}
`
	p := chunkedPlan(t, project, map[string]*probe.Info{"a.mp4": clip(fps30, 5)}, 30)
	var chunks []plan.Job
	for _, j := range p.Jobs {
		if strings.HasPrefix(j.ID, "s01-a-c") {
			chunks = append(chunks, j)
			if len(j.Outputs) != 2 || len(j.Parts) != 2 {
				t.Errorf("%s: outputs %v, %d parts; want a body per encoding, each a part", j.ID, j.Outputs, len(j.Parts))
			}
		}
	}
	if len(chunks) != 3 {
		t.Fatalf("chunk jobs %v, want 3", ids(chunks))
	}
	muxes := 0
	for _, j := range p.Jobs {
		if j.Kind != plan.KindMux {
			continue
		}
		muxes++
		var want []string
		for _, c := range chunks {
			for _, o := range c.Outputs {
				if slices.Contains(j.Inputs, o) {
					want = append(want, o)
				}
			}
		}
		if len(want) != 3 || !slices.Equal(j.Inputs[:3], want) || strings.Count(j.Files[0].Content, "duration 1.000000\n") != 3 {
			t.Errorf("%s joins %v (%q), want the three chunks of its encoding in order", j.ID, j.Inputs, j.Files[0].Content)
		}
	}
	if muxes != 2 {
		t.Errorf("%d joins, want 2", muxes)
	}
}
