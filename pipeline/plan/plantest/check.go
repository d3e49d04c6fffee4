package plantest

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/timeline"
)

// Check returns the properties p breaks of those every plan has: the
// timeline adds up (each scene starts where the previous one ends, less the
// transition between them, no transition is more than asked or than half a
// scene, the film is the scenes less the transitions, its samples are its
// frames' exactly), the segments are the film's frames and each is an
// output of a job, every video job's first output is -frames:v its Frames,
// dependencies name earlier jobs, a job reads work files only from its
// dependencies, each scene's sound is cut to its samples and crossfaded
// over exactly the overlap, every work file is read by a job or delivered
// (a job made from the film writes its file there), a delivered file comes
// from its own job, and mux jobs join every segment and the audio.
func Check(p *plan.Plan) []error {
	var errs []error
	errorf := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	tl := p.Timeline
	var sum int64
	for i, s := range tl.Scenes {
		sum += s.Frames
		if i > 0 {
			tr := tl.Transitions[i-1]
			sum -= tr.Frames
			prev := tl.Scenes[i-1]
			if s.Start != prev.Start+prev.Frames-tr.Frames || tr.Start != s.Start || prev.Out != tr.Frames || s.In != tr.Frames {
				errorf("scene %s at %d (head %d) does not follow %s at %d+%d with a transition of %d at %d (tail %d)",
					s.ID, s.Start, s.In, prev.ID, prev.Start, prev.Frames, tr.Frames, tr.Start, prev.Out)
			}
			if tr.Frames > tr.Requested || 2*tr.Frames > s.Frames || 2*tr.Frames > prev.Frames {
				errorf("transition %s → %s of %d frames (asked %d) is more than asked or than half a scene", prev.ID, s.ID, tr.Frames, tr.Requested)
			}
		}
	}
	if sum != p.Frames || tl.Frames != p.Frames {
		errorf("scenes less transitions = %d frames, timeline %d, plan %d", sum, tl.Frames, p.Frames)
	}
	if want := frac.MulDivRound(p.Frames*p.FPS.Den, timeline.SampleRate, p.FPS.Num); p.Samples != want {
		errorf("samples %d, want %d for %d frames at %v", p.Samples, want, p.Frames, p.FPS)
	}
	written := map[string]string{} // output -> job id
	done := map[string]bool{}
	var segFrames int64
	for _, j := range p.Jobs {
		if done[j.ID] {
			errorf("job id %s twice", j.ID)
		}
		deps := map[string]bool{}
		for _, d := range j.Deps {
			if !done[d] {
				errorf("job %s depends on %s, which is not an earlier job", j.ID, d)
			}
			deps[d] = true
		}
		for _, in := range j.Inputs {
			if by, ok := written[in]; ok && !deps[by] {
				errorf("job %s reads %s of job %s without depending on it", j.ID, filepath.Base(in), by)
			} else if !ok && strings.HasPrefix(in, p.WorkDir+string(filepath.Separator)) {
				errorf("job %s reads %s, which no earlier job writes", j.ID, filepath.Base(in))
			}
		}
		if j.Kind == plan.KindVideo {
			if got := argAfter(j.Args, "-frames:v"); got != fmt.Sprint(j.Frames) {
				errorf("job %s: first -frames:v %s, Frames %d", j.ID, got, j.Frames)
			}
		}
		if j.Kind == plan.KindAudio {
			checkSceneSound(p, argAfter(j.Args, "-filter_complex"), errorf)
		}
		for _, o := range j.Outputs {
			written[o] = j.ID
		}
		done[j.ID] = true
	}
	for _, s := range p.Segments {
		segFrames += s.Frames
		if _, ok := written[s.Path]; !ok {
			errorf("segment %s is written by no job", filepath.Base(s.Path))
		}
	}
	if segFrames != p.Frames {
		errorf("segments add up to %d frames, the film has %d", segFrames, p.Frames)
	}
	// Every work file is read by a job (nothing is made for nothing), and
	// every segment and the audio by a mux.
	read, muxed := map[string]bool{}, map[string]bool{}
	muxes := 0
	for _, j := range p.Jobs {
		for _, in := range j.Inputs {
			read[in] = true
			if j.Kind == plan.KindMux {
				muxed[in] = true
			}
		}
		if j.Kind == plan.KindMux {
			muxes++
		}
	}
	if muxes == 0 {
		errorf("no mux job")
	}
	for _, f := range p.Deliver { // delivered from where its job writes it
		if f.From == "" {
			continue
		}
		read[f.From] = true
		if written[f.From] != f.Job {
			errorf("%s is delivered from %s, which job %s does not write", filepath.Base(f.Path), filepath.Base(f.From), f.Job)
		}
	}
	for out, by := range written {
		if strings.HasPrefix(out, p.WorkDir+string(filepath.Separator)) && !read[out] {
			errorf("job %s writes %s, which no job reads", by, filepath.Base(out))
		}
	}
	for _, s := range p.Segments {
		if !muxed[s.Path] {
			errorf("segment %s is joined by no mux job", filepath.Base(s.Path))
		}
	}
	for _, j := range p.Jobs {
		if j.Kind == plan.KindAudio && !muxed[j.Outputs[0]] {
			errorf("the audio %s is muxed by no job", filepath.Base(j.Outputs[0]))
		}
	}
	return errs
}

// checkSceneSound checks that the audio graph cuts each scene's sound to
// its samples and crossfades neighbours over exactly their overlap, which
// telescopes to the film's samples.
func checkSceneSound(p *plan.Plan, g string, errorf func(string, ...any)) {
	tl := p.Timeline
	var sum int64
	for i := range tl.Scenes {
		from, to := tl.SceneSamples(i)
		sum += to - from
		if !strings.Contains(g, fmt.Sprintf("atrim=end_sample=%d", to-from)) {
			errorf("the sound of scene %s is not cut to its %d samples", tl.Scenes[i].ID, to-from)
		}
		if i > 0 {
			_, prevTo := tl.SceneSamples(i - 1)
			if overlap := prevTo - from; overlap > 0 {
				sum -= overlap
				if !strings.Contains(g, fmt.Sprintf("acrossfade=nb_samples=%d:", overlap)) {
					errorf("no crossfade of %d samples into scene %s", overlap, tl.Scenes[i].ID)
				}
			}
		}
	}
	if sum != p.Samples {
		errorf("the scenes' sound adds up to %d samples, the film has %d", sum, p.Samples)
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
