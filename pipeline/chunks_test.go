package pipeline_test

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/plan"
)

// renderChunks renders the project yaml, written to dir/name.yaml, with
// chunks of chunk seconds (0: none), without the cache; it returns the
// render's plan.
func renderChunks(t *testing.T, dir, name, yaml string, chunk float64) *plan.Plan {
	t.Helper()
	p := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	eng := pipeline.NewEngine(tools(), pipeline.Cache{Off: true})
	res, err := eng.Render(context.Background(), pipeline.Request{Path: p, WorkRoot: filepath.Join(dir, "work-"+name), Jobs: 2, ChunkSeconds: chunk})
	if err != nil {
		t.Fatalf("render %s: %v", name, err)
	}
	return res.Plan
}

// chunkStarts are the film frames where the chunks of scene job prefix
// start, from the plan's segments (each chunk's body is one).
func chunkStarts(p *plan.Plan, prefix string) []int {
	var starts []int
	at := int64(0)
	for _, s := range p.Segments {
		if strings.HasPrefix(filepath.Base(s.Path), prefix+"-c") {
			starts = append(starts, int(at))
		}
		at += s.Frames
	}
	return starts
}

// keyFrames says which frames of path's video are keyframes.
func keyFrames(t *testing.T, path string) []bool {
	t.Helper()
	out, err := exec.Command(fftest.FFprobe(), "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame,pict_type",
		"-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var keys []bool
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue // the side data's line
		}
		f := strings.Split(l, ",")
		keys = append(keys, len(f) >= 2 && f[0] == "1" && f[1] == "I")
	}
	return keys
}

// framePSNR is the peak signal-to-noise ratio of b against a, in dB (+Inf when
// they are the same).
func framePSNR(a, b []byte) float64 {
	var se float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(len(a))))
}

// assertChunkedFilm compares the chunked film with the one rendered whole,
// frame by frame (luma): the same number of frames, each the same picture
// within minPSNR dB (or identical), and all the planes on average; and every chunk's first frame a
// keyframe.
func assertChunkedFilm(t *testing.T, whole, chunked *plan.Plan, prefix string, chunks int, minPSNR float64) {
	t.Helper()
	starts := chunkStarts(chunked, prefix)
	if len(starts) != chunks {
		t.Fatalf("chunks start at %v, want %d chunks", starts, chunks)
	}
	if n, m := fftest.FrameCount(t, whole.Output), fftest.FrameCount(t, chunked.Output); n != m || int64(m) != chunked.Frames {
		t.Fatalf("the chunked film has %d frames, the whole %d, the plan %d", m, n, chunked.Frames)
	}
	a, b := fftest.GreyFrames(t, whole.Output, whole.Width, whole.Height), fftest.GreyFrames(t, chunked.Output, chunked.Width, chunked.Height)
	if len(a) != len(b) || int64(len(b)) != chunked.Frames {
		t.Fatalf("decoded %d frames chunked, %d whole; the plan has %d", len(b), len(a), chunked.Frames)
	}
	worst, identical := math.Inf(1), 0
	for f := range a {
		q := framePSNR(a[f], b[f])
		if q < minPSNR {
			t.Errorf("frame %d: PSNR %.1f dB against the whole render, want at least %.0f", f, q, minPSNR)
		}
		if math.IsInf(q, 1) {
			identical++
		}
		worst = min(worst, q)
	}
	if q := psnr(t, whole.Output, chunked.Output); q < minPSNR { // every plane
		t.Errorf("PSNR %.1f dB against the whole render (Y, U and V), want at least %.0f", q, minPSNR)
	}
	t.Logf("%d of %d frames identical to the whole render; the lowest PSNR %.1f dB", identical, len(a), worst)
	keys := keyFrames(t, chunked.Output)
	if len(keys) != len(b) {
		t.Fatalf("ffprobe shows %d frames, want %d", len(keys), len(b))
	}
	for c, f := range starts {
		if !keys[f] {
			t.Errorf("chunk %d starts at frame %d, which is no keyframe", c+1, f)
		}
	}
}

// TestChunkedRender renders a 3 s clip at 30 fps in chunks of a second:
// three chunk jobs whose film has the frames of the film rendered whole,
// every source frame once and in order across the joins (read back from
// the frame index the clip paints), each chunk starting on a keyframe.
func TestChunkedRender(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 3, Pattern: "index"})
	yaml := func(out string) string {
		return "output: {path: " + out + ", size: 160x90, fps: 30}\nscenes:\n  - {id: a, source: a.mp4}\n"
	}
	whole := renderChunks(t, dir, "whole", yaml("whole.mp4"), 0)
	chunked := renderChunks(t, dir, "chunked", yaml("chunked.mp4"), 1)
	var jobs []string
	for _, j := range chunked.Jobs {
		if j.Kind == plan.KindVideo {
			jobs = append(jobs, j.ID)
		}
	}
	if strings.Join(jobs, " ") != "s01-a-c1 s01-a-c2 s01-a-c3" {
		t.Fatalf("video jobs %v, want three chunks", jobs)
	}
	if starts := chunkStarts(chunked, "s01-a"); len(starts) != 3 || starts[1] != 30 || starts[2] != 60 {
		t.Errorf("chunks start at %v, want 0 30 60", starts)
	}
	assertChunkedFilm(t, whole, chunked, "s01-a", 3, 50)
	frames := allFrames(t, chunked.Output, 160, 90)
	for f, img := range frames {
		if got := fftest.FrameIndex(img); got != f%32 {
			t.Errorf("frame %d shows source frame index %d, want %d", f, got, f%32)
		}
	}
}

// TestChunkedSceneMatches renders scenes in chunks, losslessly, and
// whole: the chunks, each built from its own seek with the scene's frame
// numbers (or, for temporal grain, whose noise follows from the frames
// before, from the scene's first frame and cut), make the same pictures.
func TestChunkedSceneMatches(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	tests := []struct {
		name, scenes string
		chunk        float64
		prefix       string
		chunks       int
	}{
		// A body of 60 frames in chunks of 15.
		{"between crossfades, graded, with a Ken Burns motion",
			"  - {id: x, source: b.mp4, transition: {type: crossfade, duration: 10f}}\n" +
				"  - {id: a, source: a.mp4, trim: {start: 5f}, duration: 80f, grade: {preset: warm}, motion: {zoom: [1, 1.4], pan: [center, top-left]}, transition: {type: crossfade, duration: 10f}}\n" +
				"  - {id: y, source: b.mp4}\n", 0.5, "s02-a", 4},
		{"half speed with a freeze", "  - {id: a, source: a.mp4, speed: 0.5, freeze: {at: 1s, duration: 10f}}\n", 1, "s01-a", 6},
		{"temporal grain", "  - {id: a, source: a.mp4, duration: 2s, grade: {grain: 0.5}}\n", 0.5, "s01-a", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 3})
			fftest.Make(t, dir, fftest.Clip{Name: "b.mp4", Seconds: 1, Pattern: "index"})
			yaml := func(out string) string {
				return "output: {path: " + out + ", size: 160x90, fps: 30, crf: 0}\nscenes:\n" + tt.scenes
			}
			whole := renderChunks(t, dir, "whole", yaml("whole.mp4"), 0)
			chunked := renderChunks(t, dir, "chunked", yaml("chunked.mp4"), tt.chunk)
			assertChunkedFilm(t, whole, chunked, tt.prefix, tt.chunks, 50)
		})
	}
}

// TestChunkSecondsRefused: a negative or non-finite chunk length is a
// mistake in the request.
func TestChunkSecondsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writeProject(t, dir, "output: {size: 160x90, fps: 30}\nscenes:\n  - {id: a, placeholder: {}, duration: 1s}\n")
	for _, c := range []float64{-1, math.NaN(), math.Inf(1)} {
		req := request(dir, p)
		req.ChunkSeconds = c
		_, err := pipeline.NewEngine(tools(), pipeline.Cache{Off: true}).Plan(context.Background(), req)
		var re *pipeline.RequestError
		if !errors.As(err, &re) || re.Field != "chunk" {
			t.Errorf("chunk %v: %v, want a request error about the chunk", c, err)
		}
	}
}
