package pipeline_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe/probetest"
)

// tools are the test's FFmpeg and FFprobe.
func tools() pipeline.Tools {
	return pipeline.Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}
}

// request asks for the project at path, with its work directory under
// dir/work.
func request(dir, path string) pipeline.Request {
	return pipeline.Request{Path: path, WorkRoot: filepath.Join(dir, "work")}
}

// prepare plans the project at path without running a job (Engine.Plan
// with the test's tools, the cache beside the project), its work
// directory under dir/work.
func prepare(ctx context.Context, dir, path string) (*pipeline.Prepared, error) {
	return pipeline.NewEngine(tools(), pipeline.Cache{}).Plan(ctx, request(dir, path))
}

// writeProject writes project.yaml into dir.
func writeProject(t *testing.T, dir, yaml string) string {
	t.Helper()
	p := filepath.Join(dir, "project.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// render renders a project through the render API (Engine.Render, two
// jobs at once, the cache beside the project), failing the test on error.
func render(t *testing.T, dir, yaml string) *plan.Plan {
	t.Helper()
	return renderWith(t, dir, yaml, pipeline.Cache{}).Plan
}

// renderWith is render under the cache policy c; it returns what the
// render did.
func renderWith(t *testing.T, dir, yaml string, c pipeline.Cache) *pipeline.Result {
	t.Helper()
	eng := pipeline.NewEngine(tools(), c)
	res, err := eng.Render(context.Background(), pipeline.Request{Path: writeProject(t, dir, yaml), WorkRoot: filepath.Join(dir, "work"), Jobs: 2})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return res
}

// assertStreams checks the output's layout and exact lengths.
func assertStreams(t *testing.T, p *plan.Plan, w, h int, fps string) {
	t.Helper()
	info := probetest.Info(t, p.Output)
	v := info.Video
	if v == nil || info.Audio == nil {
		t.Fatalf("output streams: video %v audio %v", v, info.Audio)
	}
	if v.Width != w || v.Height != h || v.FPS.String() != fps || v.Codec != "h264" {
		t.Errorf("video = %s %dx%d @ %v, want h264 %dx%d @ %s", v.Codec, v.Width, v.Height, v.FPS, w, h, fps)
	}
	if pf := fftest.PixFmt(t, p.Output); pf != "yuv420p" {
		t.Errorf("pix_fmt = %s, want yuv420p", pf)
	}
	if v.ColorSpace != "bt709" || v.ColorRange != "tv" {
		t.Errorf("colour = %s/%s, want bt709/tv", v.ColorSpace, v.ColorRange)
	}
	if n := fftest.FrameCount(t, p.Output); int64(n) != p.Frames {
		t.Errorf("frames = %d, planned %d", n, p.Frames)
	}
	a := fftest.Audio(t, p.Output)
	if a.SampleRate != 48000 || a.Channels != 2 {
		t.Errorf("audio = %d Hz %d ch, want 48000 Hz stereo", a.SampleRate, a.Channels)
	}
	if d := a.Samples - p.Samples; d < -1024 || d > 1024 {
		t.Errorf("audio has %d samples, video needs %d: off by %d (more than one AAC frame)", a.Samples, p.Samples, d)
	}
	if _, err := os.Stat(p.TempOutput); !os.IsNotExist(err) {
		t.Errorf("temporary output %s left behind", p.TempOutput)
	}
	if _, err := os.Stat(p.WorkDir); !os.IsNotExist(err) {
		t.Errorf("work directory %s left behind", p.WorkDir)
	}
}

// TestRenderConformsMismatchedClips renders clips that match in nothing:
// sizes, frame rates (VFR too), rotation, audio or none, a still image.
func TestRenderConformsMismatchedClips(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Width: 320, Height: 180, FPS: "24", Seconds: 1.5, Audio: true})
	fftest.Make(t, dir, fftest.Clip{Name: "b.mp4", Width: 200, Height: 200, FPS: "25", Seconds: 1, Audio: true, SampleRate: 44100, Mono: true})
	fftest.Make(t, dir, fftest.Clip{Name: "rot.mp4", Width: 160, Height: 90, FPS: "30", Seconds: 1, Rotate: 90})
	fftest.Make(t, dir, fftest.Clip{Name: "vfr.mp4", Width: 160, Height: 90, FPS: "30", Seconds: 1.2, VFR: true})
	fftest.Make(t, dir, fftest.Clip{Name: "still.png", Width: 100, Height: 100, Color: "red"})
	p := render(t, dir, `
output: {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}
transition: {type: fade, duration: 0.2s}
scenes:
  - {source: a.mp4, trim: {start: 0.25s}}
  - {source: b.mp4, fit: contain, volume: -6dB}
  - {source: rot.mp4, fit: blur, transition: cut}
  - {source: vfr.mp4, transition: {type: wipeleft, duration: 6f}}
  - {source: still.png, duration: 0.5s, fit: stretch}
`)
	// 38 + 30 + 30 + 36 + 15 frames, minus 6 + 6 + 0 + 6.
	if p.Frames != 131 {
		t.Errorf("planned %d frames, want 131", p.Frames)
	}
	assertStreams(t, p, 160, 90, "30")
	last := fftest.MeanRGB(t, p.Output, int(p.Frames)-1)
	if last[0] < 200 || last[1] > 60 || last[2] > 60 {
		t.Errorf("last frame (the red still, stretched) = %v, want red", last)
	}
}

// TestRenderFrameExact follows source frame numbers through trims, segment
// joins and transitions: every output frame outside a transition must show
// exactly the source frame the timeline says.
func TestRenderFrameExact(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "idx.mp4", FPS: "30", Seconds: 2, Pattern: "index"})
	fftest.Make(t, dir, fftest.Clip{Name: "blue.mp4", FPS: "30", Seconds: 1, Color: "blue"})
	fftest.Make(t, dir, fftest.Clip{Name: "green.mp4", FPS: "30", Seconds: 1, Color: "lime", Audio: true})
	p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: high}
scenes:
  - {id: counted, source: idx.mp4, trim: {start: 10f, end: 40f}, transition: cut}
  - {id: blue, source: blue.mp4, transition: {type: fade, duration: 10f}}
  - {id: green, source: green.mp4}
`)
	// counted: 30 frames (source 10..39); blue: 30; green: 30; one 10-frame fade.
	if p.Frames != 80 {
		t.Fatalf("planned %d frames, want 80", p.Frames)
	}
	assertStreams(t, p, 160, 90, "30")
	for _, f := range []int{0, 5, 17, 29} {
		if got, want := fftest.FrameIndex(fftest.Frame(t, p.Output, f)), (10+f)%32; got != want {
			t.Errorf("output frame %d shows source frame %d (mod 32), want %d", f, got, want)
		}
	}
	// The cut switches on exactly frame 30.
	if c := fftest.MeanRGB(t, p.Output, 30); c[2] < 180 || c[0] > 60 {
		t.Errorf("frame 30 (first of the blue scene after a cut) = %v, want blue", c)
	}
	// The fade runs over frames 50..59: its middle is a blend of both.
	mid := fftest.MeanRGB(t, p.Output, 55)
	if mid[2] < 60 || mid[2] > 200 || mid[1] < 60 || mid[1] > 200 {
		t.Errorf("mid-transition frame 55 = %v, want a blend of blue and green", mid)
	}
	if c := fftest.MeanRGB(t, p.Output, 49); c[2] < 180 || c[1] > 60 {
		t.Errorf("frame 49 (last before the fade) = %v, want pure blue", c)
	}
	if c := fftest.MeanRGB(t, p.Output, 60); c[1] < 180 || c[2] > 60 {
		t.Errorf("frame 60 (first after the fade) = %v, want pure green", c)
	}
}

// TestRenderNTSC checks exact totals at 30000/1001 with mixed transitions,
// a dip through white and placeholders.
func TestRenderNTSC(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", FPS: "30000/1001", Seconds: 1, Audio: true, Freq: 300})
	p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30000/1001, quality: draft}
scenes:
  - {source: a.mp4, transition: {type: dip, color: white, duration: 0.4s}}
  - {placeholder: {text: "Scene: 2, it's [fine]"}, duration: 1s, transition: {type: dissolve, duration: 7f}}
  - {source: a.mp4, duration: 0.7s, volume: mute}
`)
	// 30 + 30 + 21 frames minus 12 and 7.
	if p.Frames != 62 {
		t.Errorf("planned %d frames, want 62", p.Frames)
	}
	assertStreams(t, p, 160, 90, "30000/1001")
	// The dip's middle is white.
	if c := fftest.MeanRGB(t, p.Output, 24); c[0] < 200 || c[1] < 200 || c[2] < 200 {
		t.Errorf("middle of the dip to white = %v, want white", c)
	}
}

// TestRenderAudioSync checks that a scene's sound lands where its pictures do.
func TestRenderAudioSync(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "tone.mp4", FPS: "25", Seconds: 1, Audio: true})
	p := render(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 25, quality: draft}
scenes:
  - {placeholder: {text: quiet}, duration: 1s, transition: cut}
  - {source: tone.mp4}
`)
	assertStreams(t, p, 160, 90, "25")
	a := fftest.Audio(t, p.Output)
	if math.IsInf(a.RMSdB, -1) || a.RMSdB < -30 {
		t.Errorf("the clip's tone is missing: RMS %.1f dB", a.RMSdB)
	}
}

// TestRenderFailuresLeaveNothing covers a job that fails and a cancelled
// render: a clear error, nothing at the output path, an earlier output kept.
func TestRenderFailuresLeaveNothing(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	proj := writeProject(t, dir, `
output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - {placeholder: {text: one}, duration: 1s, transition: fade}
  - {placeholder: {text: two}, duration: 1s}
`)
	prep, err := prepare(context.Background(), dir, proj)
	if err != nil {
		t.Fatal(err)
	}
	good := []byte("an earlier good render")
	if err := os.WriteFile(prep.Plan.Output, good, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("a job fails", func(t *testing.T) {
		pl := *prep.Plan
		pl.Jobs = append([]plan.Job(nil), pl.Jobs...)
		j := &pl.Jobs[0]
		j.Args = append(append([]string(nil), j.Args[:len(j.Args)-1]...), "-vf", "nosuchfilter", j.Args[len(j.Args)-1])
		_, err := exec.Run(context.Background(), &pl, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2})
		if err == nil || !strings.Contains(err.Error(), "job "+j.ID) || !strings.Contains(err.Error(), "ffmpeg said:") {
			t.Fatalf("err = %v, want the job, the command and ffmpeg's words", err)
		}
		assertUntouched(t, &pl, good)
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_, err := exec.Run(ctx, prep.Plan, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, OnEvent: func(ev event.Event) {
			if ev.State == "start" {
				cancel()
			}
		}})
		if err == nil || !strings.Contains(err.Error(), "cancel") {
			t.Fatalf("err = %v, want a cancellation", err)
		}
		assertUntouched(t, prep.Plan, good)
	})
}

// assertUntouched checks that a failed render left the earlier output as it
// was and no temporary files.
func assertUntouched(t *testing.T, p *plan.Plan, good []byte) {
	t.Helper()
	got, err := os.ReadFile(p.Output)
	if err != nil || string(got) != string(good) {
		t.Errorf("the earlier output was replaced or removed (err %v)", err)
	}
	if _, err := os.Stat(p.TempOutput); !os.IsNotExist(err) {
		t.Errorf("temporary output left behind")
	}
	if _, err := os.Stat(p.WorkDir); !os.IsNotExist(err) {
		t.Errorf("work directory left behind")
	}
}

// TestErrorsReportedTogether checks that a corrupt clip is reported in the
// same round as a structural mistake, not after it is fixed.
func TestErrorsReportedTogether(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.mp4"), []byte("not a video at all, just bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	fftest.Make(t, dir, fftest.Clip{Name: "ok.mp4"})
	_, err := prepare(context.Background(), dir, writeProject(t, dir, `
output: {path: out.mp4, size: 160x90}
scenes:
  - source: bad.mp4
  - {source: ok.mp4, transiton: cut}
`))
	var errs config.Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("err = %v, want the corrupt clip and the unknown key together", err)
	}
	if !strings.Contains(errs[0].Error(), "project.yaml:4: scenes[0].source: cannot use this file") ||
		!strings.Contains(errs[1].Error(), `project.yaml:5: scenes[1].transiton: unknown key (did you mean "transition"?)`) {
		t.Errorf("errors = %v", errs)
	}
}

// ranJobs are the jobs of a render that ran (not cache hits), sorted.
func ranJobs(st *exec.Stats) []string {
	var ran []string
	for _, j := range st.Jobs {
		if !j.Cached {
			ran = append(ran, j.Job)
		}
	}
	slices.Sort(ran)
	return ran
}
