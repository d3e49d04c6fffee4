package plan_test

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/timeline"
)

// Fixed probe data for the tests that build plans without FFmpeg.

// clip is a progressive BT.709 H.264 clip of 160x90 at fps, secs long,
// starting at 0, without sound; opts change it.
func clip(fps frac.Rational, secs float64, opts ...func(*probe.Info)) *probe.Info {
	i := &probe.Info{Format: "mov,mp4,m4a,3gp,3g2,mj2", Duration: secs, Size: 1 << 20,
		Video: &probe.Video{Codec: "h264", Width: 160, Height: 90, DisplayWidth: 160, DisplayHeight: 90,
			SAR: frac.New(1, 1), FPS: fps, Frames: int64(math.Round(secs * fps.Float())), FramesExact: true,
			Duration: secs, TimeBase: frac.New(1, 15360), PixFmt: "yuv420p", ColorRange: "tv", ColorSpace: "bt709",
			FieldOrder: "progressive"}}
	for _, o := range opts {
		o(i)
	}
	return i
}

// withSound gives a clip stereo AAC sound as long as its pictures.
func withSound(i *probe.Info) {
	i.Audio = &probe.Audio{Index: 1, Codec: "aac", SampleRate: 48000, Channels: 2, Layout: "stereo",
		Duration: i.Video.Duration, TimeBase: frac.New(1, 48000), StreamDuration: true}
}

// soundFirst makes the pictures start lead seconds after the sound (a
// phone's recording): the container starts with the sound.
func soundFirst(lead float64) func(*probe.Info) {
	return func(i *probe.Info) {
		withSound(i)
		v := i.Video
		v.StartTime = lead
		v.StartPTS = int64(math.Round(lead * float64(v.TimeBase.Den) / float64(v.TimeBase.Num)))
		i.Audio.Duration = v.Duration + lead
		i.Duration = v.Duration + lead
	}
}

// image is a still picture of w x h.
func image(w, h int, format string) *probe.Info {
	return &probe.Info{Format: format, Size: 4096, Video: &probe.Video{Codec: "png", Width: w, Height: h,
		DisplayWidth: w, DisplayHeight: h, SAR: frac.New(1, 1), FPS: frac.New(25, 1), Frames: 1,
		TimeBase: frac.New(1, 25), PixFmt: "rgba", Still: true, Alpha: true}}
}

// wav is a sound file of secs seconds.
func wav(secs float64) *probe.Info {
	return &probe.Info{Format: "wav", Duration: secs, Size: 1 << 16, Audio: &probe.Audio{Codec: "pcm_s16le",
		SampleRate: 48000, Channels: 2, Layout: "stereo", Duration: secs, TimeBase: frac.New(1, 48000), StreamDuration: true}}
}

// build plans project from media, failing the test on an error, and
// checks the properties every plan has.
func build(t *testing.T, project string, media map[string]*probe.Info) *plan.Plan {
	t.Helper()
	p, err := plantest.Build([]byte(project), media, nil)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	checkPlan(t, p)
	return p
}

// checkPlan checks what holds for every plan: the timeline adds up (each
// scene starts where the previous one ends, less the transition between
// them; the film is the scenes less the transitions), the segments are
// the film's frames in order and each is an output of a job, every job's
// first encoded output is -frames:v its Frames, dependencies name earlier
// jobs, a job reads work files only from its dependencies, the audio mix
// is cut to the film's samples, and the mux joins every segment.
func checkPlan(t *testing.T, p *plan.Plan) {
	t.Helper()
	tl := p.Timeline
	var sum int64
	for i, s := range tl.Scenes {
		sum += s.Frames
		if i > 0 {
			tr := tl.Transitions[i-1]
			sum -= tr.Frames
			prev := tl.Scenes[i-1]
			if s.Start != prev.Start+prev.Frames-tr.Frames || tr.Start != s.Start || prev.Out != tr.Frames || s.In != tr.Frames {
				t.Errorf("scene %s at %d (head %d) does not follow %s at %d+%d with a transition of %d at %d (tail %d)",
					s.ID, s.Start, s.In, prev.ID, prev.Start, prev.Frames, tr.Frames, tr.Start, prev.Out)
			}
			if tr.Frames > tr.Requested || 2*tr.Frames > s.Frames || 2*tr.Frames > prev.Frames {
				t.Errorf("transition %s → %s of %d frames (asked %d) is more than asked or than half a scene", prev.ID, s.ID, tr.Frames, tr.Requested)
			}
		}
	}
	if sum != p.Frames || tl.Frames != p.Frames {
		t.Errorf("scenes less transitions = %d frames, timeline %d, plan %d", sum, tl.Frames, p.Frames)
	}
	if want := frac.MulDivRound(p.Frames*p.FPS.Den, timeline.SampleRate, p.FPS.Num); p.Samples != want {
		t.Errorf("samples %d, want %d for %d frames at %v", p.Samples, want, p.Frames, p.FPS)
	}
	written := map[string]string{} // output -> job id
	done := map[string]bool{}
	var segFrames int64
	for _, j := range p.Jobs {
		if done[j.ID] {
			t.Errorf("job id %s twice", j.ID)
		}
		deps := map[string]bool{}
		for _, d := range j.Deps {
			if !done[d] {
				t.Errorf("job %s depends on %s, which is not an earlier job", j.ID, d)
			}
			deps[d] = true
		}
		for _, in := range j.Inputs {
			if by, ok := written[in]; ok && !deps[by] {
				t.Errorf("job %s reads %s of job %s without depending on it", j.ID, filepath.Base(in), by)
			} else if !ok && strings.HasPrefix(in, plantest.WorkDir) {
				t.Errorf("job %s reads %s, which no earlier job writes", j.ID, filepath.Base(in))
			}
		}
		if j.Kind == plan.KindVideo {
			if got := argAfter(j.Args, "-frames:v"); got != fmt.Sprint(j.Frames) {
				t.Errorf("job %s: first -frames:v %s, Frames %d", j.ID, got, j.Frames)
			}
		}
		if j.Kind == plan.KindAudio {
			checkSceneSound(t, p, graph(&j))
		}
		for _, o := range j.Outputs {
			written[o] = j.ID
		}
		done[j.ID] = true
	}
	for _, s := range p.Segments {
		segFrames += s.Frames
		if _, ok := written[s.Path]; !ok {
			t.Errorf("segment %s is written by no job", filepath.Base(s.Path))
		}
	}
	if segFrames != p.Frames {
		t.Errorf("segments add up to %d frames, the film has %d", segFrames, p.Frames)
	}
	mux := p.Jobs[len(p.Jobs)-1]
	if mux.Kind != plan.KindMux || len(mux.Deps) != len(p.Jobs)-1 || len(mux.Inputs) != len(p.Segments)+1 {
		t.Errorf("the last job is %s (%s) with %d deps and %d inputs; want the mux of %d segments and the audio after every job",
			mux.ID, mux.Kind, len(mux.Deps), len(mux.Inputs), len(p.Segments))
	}
}

// checkSceneSound checks that the audio graph cuts each scene's sound to
// its samples and crossfades neighbours over exactly their overlap, which
// telescopes to the film's samples.
func checkSceneSound(t *testing.T, p *plan.Plan, g string) {
	t.Helper()
	tl := p.Timeline
	var sum int64
	for i := range tl.Scenes {
		from, to := tl.SceneSamples(i)
		sum += to - from
		if !strings.Contains(g, fmt.Sprintf("atrim=end_sample=%d", to-from)) {
			t.Errorf("the sound of scene %s is not cut to its %d samples", tl.Scenes[i].ID, to-from)
		}
		if i > 0 {
			_, prevTo := tl.SceneSamples(i - 1)
			if overlap := prevTo - from; overlap > 0 {
				sum -= overlap
				if !strings.Contains(g, fmt.Sprintf("acrossfade=nb_samples=%d:", overlap)) {
					t.Errorf("no crossfade of %d samples into scene %s", overlap, tl.Scenes[i].ID)
				}
			}
		}
	}
	if sum != p.Samples {
		t.Errorf("the scenes' sound adds up to %d samples, the film has %d", sum, p.Samples)
	}
}

// argAfter returns the argument after the first flag, or "".
func argAfter(args []string, flag string) string {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == flag {
			return args[i+1]
		}
	}
	return ""
}

// graph is a job's filter graph.
func graph(j *plan.Job) string { return argAfter(j.Args, "-filter_complex") }

// sceneJob is the job that decodes scene id.
func sceneJob(t *testing.T, p *plan.Plan, id string) *plan.Job {
	t.Helper()
	for i, j := range p.Jobs {
		if j.Kind == plan.KindVideo && len(j.Scenes) == 1 && j.Scenes[0] == id {
			return &p.Jobs[i]
		}
	}
	t.Fatalf("no job of scene %s", id)
	return nil
}

// transitionJobs are the jobs that render a transition (two scenes).
func transitionJobs(p *plan.Plan) []*plan.Job {
	var out []*plan.Job
	for i, j := range p.Jobs {
		if j.Kind == plan.KindVideo && len(j.Scenes) == 2 {
			out = append(out, &p.Jobs[i])
		}
	}
	return out
}

// jobOfKind is the one job of kind.
func jobOfKind(t *testing.T, p *plan.Plan, kind string) *plan.Job {
	t.Helper()
	for i, j := range p.Jobs {
		if j.Kind == kind {
			return &p.Jobs[i]
		}
	}
	t.Fatalf("no %s job", kind)
	return nil
}

// wantIn fails unless s holds each of the parts.
func wantIn(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, part := range parts {
		if !strings.Contains(s, part) {
			t.Errorf("%s lacks %q:\n%s", what, part, s)
		}
	}
}

// wantNotIn fails if s holds any of the parts.
func wantNotIn(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, part := range parts {
		if strings.Contains(s, part) {
			t.Errorf("%s has %q:\n%s", what, part, s)
		}
	}
}

// buildErr plans project from media and returns the error.
func buildErr(project string, media map[string]*probe.Info) (*plan.Plan, error) {
	return plantest.Build([]byte(project), media, nil)
}
