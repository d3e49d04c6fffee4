package exec

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan"
)

// testBatch makes the plans of a batch's variants: one cache, one work
// directory per variant, outputs in out/.
type testBatch struct {
	t          *testing.T
	dir, cache string
}

func newTestBatch(t *testing.T) *testBatch {
	dir := t.TempDir()
	return &testBatch{t: t, dir: dir, cache: filepath.Join(dir, "cache")}
}

// film says what a variant's film is made of.
type film struct {
	name  string // the variant's: its work directory and its output out/<name>.mp4
	scene string // the first second: a lavfi graph ("" testsrc), or a file (a path)
	title string // the second second: a colour, or a file (a path)
	mux   []string
	work  string // the work directory's name ("" the variant's)
	loud  bool   // with a sound job of its own whose mix peaks over full scale (a warning)
}

// out is where variant name's film is delivered.
func (tb *testBatch) out(name string) string { return filepath.Join(tb.dir, "out", name+".mp4") }

// plan plans f by hand as the planner would, keyed into the batch's cache:
// a 1-second scene (identical in every variant made with the same scene),
// a 1-second title of the variant's own colour, 160x90 at 25 fps, encoded
// into segments that a mux joins by stream copy into the output (50
// frames). Extra mux arguments (f.mux) go before its output.
func (tb *testBatch) plan(f film) *plan.Plan {
	tb.t.Helper()
	work := filepath.Join(tb.dir, "work-"+f.name)
	if f.work != "" {
		work = filepath.Join(tb.dir, "work-"+f.work)
	}
	out := tb.out(f.name)
	global := []string{"-hide_banner", "-nostdin", "-y", "-loglevel", "error"}
	encode := []string{"-frames:v", "25", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
		"-threads", plan.Threads, "-f", "matroska", plan.Out(0)}
	segment := func(id, src, lavfi string, cost float64) plan.Job {
		j := plan.Job{ID: id, Kind: plan.KindVideo, Scenes: []string{id}, Outputs: []string{filepath.Join(work, id+".mkv")},
			Frames: 25, Seconds: 1, Cost: cost}
		j.Args = append([]string(nil), global...)
		if strings.HasPrefix(src, "/") {
			j.Args = append(j.Args, "-i", plan.In(0))
			j.Inputs = []string{src}
		} else {
			j.Args = append(j.Args, "-f", "lavfi", "-i", lavfi)
		}
		j.Args = append(j.Args, encode...)
		return j
	}
	scene := f.scene
	if scene == "" {
		scene = "testsrc=size=160x90:rate=25:duration=1"
	}
	temp := plan.TempOutput(out, strconv.Itoa(os.Getpid()))
	mux := plan.Job{ID: "mux", Kind: plan.KindMux, Deps: []string{"scene", "title"}, Seconds: 2, Cost: 1,
		Files: []plan.File{{Path: filepath.Join(work, "segments.txt"),
			Content: "ffconcat version 1.0\n" + plan.InConcat(0) + "\nduration 1\n" + plan.InConcat(1) + "\nduration 1\n"}},
		Args: append(append(append([]string(nil), global...), "-f", "concat", "-safe", "0", "-i", plan.FileRef(0),
			"-map", "0:v:0", "-c", "copy"), f.mux...),
		Inputs: []string{filepath.Join(work, "scene.mkv"), filepath.Join(work, "title.mkv")}, Outputs: []string{temp}}
	mux.Args = append(mux.Args, "-movflags", "+faststart", "-f", "mp4", plan.Out(0))
	p := &plan.Plan{Project: f.name, Output: out, TempOutput: temp, WorkDir: work, Width: 160, Height: 90, Frames: 50, Seconds: 2,
		Deliver: []plan.Final{{Path: out, Temp: temp, Job: "mux"}},
		Jobs: []plan.Job{
			segment("scene", scene, scene, 10),
			segment("title", f.title, "color=c="+f.title+":size=160x90:rate=25:duration=1", 5),
			mux,
		}}
	if f.loud {
		p.Jobs = append(p.Jobs, plan.Job{ID: "audio", Kind: plan.KindAudio, Seconds: 1, Cost: 1,
			Args: append(append([]string(nil), global...), "-f", "lavfi", "-i", "aevalsrc=2*sin(2*PI*440*t):s=48000:d=1",
				"-c:a", "aac", "-b:a", "128k", "-f", "adts", plan.Out(0)),
			Outputs: []string{filepath.Join(work, "audio.aac")}})
	}
	keys := map[string]string{}
	for _, in := range p.ExternalInputs() {
		keys[in] = "test-key-of-" + in
	}
	if err := p.ApplyCache(plan.Cache{Dir: tb.cache, FFmpegVersion: "test", FileKeys: keys}); err != nil {
		tb.t.Fatal(err)
	}
	return p
}

// variants plans films, named as they are.
func (tb *testBatch) variants(films ...film) []Variant {
	var vs []Variant
	for _, f := range films {
		vs = append(vs, Variant{Name: f.name, Plan: tb.plan(f)})
	}
	return vs
}

// missing is a file that does not exist.
func (tb *testBatch) missing() string { return filepath.Join(tb.dir, "missing.mkv") }

// assertClean fails on temporaries left beside the outputs, and on work
// directories left.
func (tb *testBatch) assertClean() {
	tb.t.Helper()
	leftovers(tb.t, filepath.Join(tb.dir, "out"), ".partial", ".previous")
	dirs, _ := filepath.Glob(filepath.Join(tb.dir, "work-*"))
	for _, d := range dirs {
		tb.t.Errorf("work directory %s left", filepath.Base(d))
	}
}
