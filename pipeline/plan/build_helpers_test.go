package plan_test

import (
	"math"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/pipeline/probe"
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

// checkPlan fails the test for each property the plan breaks
// (plantest.Check).
func checkPlan(t *testing.T, p *plan.Plan) {
	t.Helper()
	for _, e := range plantest.Check(p) {
		t.Error(e)
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

// graph is a job's filter graph, with the references to its files
// expanded to their paths.
func graph(j *plan.Job) string {
	env := plan.JobEnv(j, 0)
	env.Keep, env.NoThreads = true, true
	g, err := plan.ExpandString(argAfter(j.Args, "-filter_complex"), env)
	if err != nil {
		panic(err)
	}
	return g
}

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
