package plan_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/probe"
)

const film30 = "output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}\n"

var fps30, fps24, ntsc = frac.New(30, 1), frac.New(24, 1), frac.New(30000, 1001)

// TestBuildTransitions builds cuts, xfade transitions of several families
// and spellings, and dips, on fixed probe data: the transition jobs, their
// frames and dependencies (the jobs of the two scenes, matched by scene),
// and the filters that make each window.
func TestBuildTransitions(t *testing.T) {
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 2), "b.mp4": clip(fps30, 2)}
	tests := []struct {
		name, scenes string
		frames       int64    // of the film
		windows      []int64  // frames of each transition job, in order
		want         []string // in the transition jobs' graphs, in order
	}{
		{"cut", `  - {id: a, source: a.mp4, transition: cut}
  - {id: b, source: b.mp4}`, 120, nil, nil},
		{"cut aliases", `  - {id: a, source: a.mp4, transition: none}
  - {id: b, source: b.mp4, transition: {type: HardCut, duration: 1s}}
  - {id: c, source: a.mp4}`, 180, nil, nil},
		{"fade", `  - {id: a, source: a.mp4, transition: {type: fade, duration: 10f}}
  - {id: b, source: b.mp4}`, 110, []int64{10},
			[]string{"tpad=stop_mode=clone:stop=2[pad0]", "xfade=transition=fade:duration=0.333333:offset=0,trim=end_frame=10,format=pix_fmts=yuv420p"}},
		{"wipe, slide and an alias", `  - {id: a, source: a.mp4, transition: {type: wipeleft, duration: 0.2s}}
  - {id: b, source: b.mp4, transition: {type: SlideUp, duration: 7f}}
  - {id: c, source: a.mp4, transition: {type: crossfade, duration: 100ms}}
  - {id: d, source: b.mp4}`, 240 - 6 - 7 - 3, []int64{6, 7, 3},
			[]string{"xfade=transition=wipeleft:duration=0.200000:", "xfade=transition=slideup:duration=0.233333:", "xfade=transition=fade:duration=0.100000:"}},
		{"project default", `transition: {type: fade, duration: 0.5s}
scenes:
  - {id: a, source: a.mp4}
  - {id: b, source: b.mp4}`, 105, []int64{15}, []string{"xfade=transition=fade:duration=0.500000:offset=0,trim=end_frame=15"}},
		{"dips, odd and of one frame", `  - {id: a, source: a.mp4, transition: {type: dip, color: white, duration: 7f}}
  - {id: b, source: b.mp4, transition: {type: dip, duration: 1f}}
  - {id: c, source: a.mp4}`, 180 - 8, []int64{7, 1},
			[]string{"trim=end_pts=3,fade=type=out:start_frame=0:nb_frames=3:color=white", "trim=start_pts=3,setpts=PTS-STARTPTS,fade=type=in:start_frame=0:nb_frames=4:color=white", "concat=n=2:v=1:a=0",
				"trim=start_pts=0,setpts=PTS-STARTPTS,fade=type=in:start_frame=0:nb_frames=1:color=black,format=pix_fmts=yuv420p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scenes := tt.scenes
			if !strings.HasPrefix(scenes, "transition:") {
				scenes = "scenes:\n" + scenes
			}
			p := build(t, film30+scenes+"\n", media)
			if p.Frames != tt.frames {
				t.Errorf("film of %d frames, want %d", p.Frames, tt.frames)
			}
			trs := transitionJobs(p)
			if len(trs) != len(tt.windows) {
				t.Fatalf("%d transition jobs, want %d", len(trs), len(tt.windows))
			}
			for k, j := range trs {
				if j.Frames != tt.windows[k] {
					t.Errorf("transition %s: %d frames, want %d", j.ID, j.Frames, tt.windows[k])
				}
				a, b := sceneJob(t, p, j.Scenes[0]), sceneJob(t, p, j.Scenes[1])
				if strings.Join(j.Deps, " ") != a.ID+" "+b.ID {
					t.Errorf("transition %s waits for %v, want the jobs of its scenes %s %s", j.ID, j.Deps, a.ID, b.ID)
				}
				if len(j.Inputs) != 2 || !strings.HasSuffix(j.Inputs[0], "-tail.nut") || !strings.HasSuffix(j.Inputs[1], "-head.nut") {
					t.Errorf("transition %s reads %v, want a tail and a head", j.ID, j.Inputs)
				}
				// The tail a's job writes is exactly the window.
				for k, o := range a.Outputs {
					if o == j.Inputs[0] {
						if n := frameArgs(a.Args)[k]; n != fmt.Sprint(j.Frames) {
							t.Errorf("%s writes a tail of %s frames for a window of %d", a.ID, n, j.Frames)
						}
					}
				}
			}
			k := 0
			for _, w := range tt.want {
				for k < len(trs) && !strings.Contains(graph(trs[k]), w) {
					k++
				}
				if k == len(trs) {
					t.Errorf("no transition job (in order) has %q", w)
					k = 0
				}
			}
		})
	}
}

// frameArgs are the values of every -frames:v, one per output.
func frameArgs(args []string) []string {
	var out []string
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "-frames:v" {
			out = append(out, args[i+1])
		}
	}
	return out
}

// TestBuildClamps: a transition longer than half a neighbouring scene is
// clamped to half of the shorter one, and one on a scene of a single frame
// (or shorter than half a frame) becomes a cut; each is said in a warning
// at the transition's line, and the film's length follows the clamped
// windows.
func TestBuildClamps(t *testing.T) {
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 2)}
	tests := []struct {
		name, scenes string
		windows      []int64
		warnings     []string
	}{
		{"half the next scene", `  - {id: a, source: a.mp4, transition: {type: fade, duration: 2s}}
  - {id: b, source: a.mp4, duration: 21f}`, []int64{10},
			[]string{"project.yaml:4: scenes[0].transition: transition a → b: fade of 60 frames clamped to 10 frames (at most half of either scene: a has 60 frames, b 21 frames)"}},
		{"half the previous scene", `  - {id: a, source: a.mp4, duration: 9f, transition: {type: dip, duration: 1s}}
  - {id: b, source: a.mp4}`, []int64{4},
			[]string{"project.yaml:4: scenes[0].transition: transition a → b: dip of 30 frames clamped to 4 frames"}},
		{"a one-frame scene", `  - {id: a, source: a.mp4, duration: 1f, transition: {type: wipeup, duration: 5f}}
  - {id: b, source: a.mp4}`, nil,
			[]string{"project.yaml:4: scenes[0].transition: transition a → b: wipeup of 5 frames clamped to 0 frames (at most half of either scene: a has 1 frame, b 60 frames), so it is a cut"}},
		{"under half a frame", `  - {id: a, source: a.mp4, transition: {type: fade, duration: 16ms}}
  - {id: b, source: a.mp4}`, nil,
			[]string{"project.yaml:4: scenes[0].transition: transition a → b: fade of 16ms rounds to 0 frames at 30 fps, so it is a cut"}},
		{"both sides of a short scene", `  - {id: a, source: a.mp4, transition: {type: fade, duration: 1s}}
  - {id: b, source: a.mp4, duration: 10f, transition: {type: fade, duration: 1s}}
  - {id: c, source: a.mp4}`, []int64{5, 5},
			[]string{"project.yaml:4: scenes[0].transition: transition a → b: fade of 30 frames clamped to 5 frames",
				"project.yaml:5: scenes[1].transition: transition b → c: fade of 30 frames clamped to 5 frames"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := build(t, film30+"transition: cut\nscenes:\n"+tt.scenes+"\n", media)
			var got []int64
			for _, j := range transitionJobs(p) {
				got = append(got, j.Frames)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.windows) {
				t.Errorf("windows %v, want %v", got, tt.windows)
			}
			if len(p.Warnings) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %d", p.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !strings.HasPrefix(p.Warnings[i], w) {
					t.Errorf("warning %q, want it to start %q", p.Warnings[i], w)
				}
			}
		})
	}
}

// TestBuildFrameRates: clips at other rates are conformed by timestamp to
// the film's rate (fps filter), and lengths, samples and the join's
// durations are exact at rational rates.
func TestBuildFrameRates(t *testing.T) {
	tests := []struct {
		name, output string
		info         *probe.Info
		scene        string
		frames       int64  // of the scene and the film
		samples      int64  // of the film
		concat       string // the segment's duration in the mux's list
		want         []string
	}{
		{"24 to 30", "fps: 30", clip(fps24, 2), "{id: s, source: c.mp4}", 60, 96000, "duration 2.000000",
			[]string{"fps=fps=30,tpad=stop_mode=clone:stop=60,trim=start_pts=0:end_pts=60", "settb=expr=1/30"}},
		{"30 to 24", "fps: 24", clip(fps30, 1.5), "{id: s, source: c.mp4}", 36, 72000, "duration 1.500000",
			[]string{"fps=fps=24,"}},
		{"29.97 to 29.97", "fps: 29.97", clip(ntsc, 2.002), "{id: s, source: c.mp4}", 60, 96096, "duration 2.002000",
			[]string{"fps=fps=30000/1001,tpad=stop_mode=clone:stop=60,trim=start_pts=0:end_pts=60", "settb=expr=1001/30000"}},
		{"25 to 30000/1001, 1s", "fps: 30000/1001", clip(frac.New(25, 1), 3), "{id: s, source: c.mp4, duration: 1s}", 30, 48048, "duration 1.001000",
			[]string{"fps=fps=30000/1001,"}},
		{"59.94 to 25, trimmed by frames", "fps: 25", clip(frac.New(60000, 1001), 3), "{id: s, source: c.mp4, trim: {start: 3f, duration: 1s}}", 25, 48000, "duration 1.000000",
			// 3 film frames are 0.12 s: 1843.2 ticks of 1/15360, rounded.
			[]string{"setpts=PTS-1843,fps=fps=25,"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := build(t, "output: {path: out.mp4, size: 160x90, "+tt.output+"}\nscenes:\n  - "+tt.scene+"\n", map[string]*probe.Info{"c.mp4": tt.info})
			if p.Frames != tt.frames || p.Timeline.Scenes[0].Frames != tt.frames || p.Samples != tt.samples {
				t.Errorf("film %d frames, %d samples; want %d, %d", p.Frames, p.Samples, tt.frames, tt.samples)
			}
			wantIn(t, "scene graph", graph(sceneJob(t, p, "s")), tt.want...)
			wantIn(t, "concat list", jobOfKind(t, p, plan.KindMux).Files[0].Content, tt.concat)
		})
	}
}

// TestBuildTrims: the seek and the origin of trimmed clips and of clips
// whose sound starts before their pictures. The seek opens 0.5 s before
// the trim point, from the container's start (so the lead of the sound is
// added); the origin, in ticks of the video's time base, puts time zero at
// the trim point, and the sound is cut at the same origin.
func TestBuildTrims(t *testing.T) {
	tests := []struct {
		name  string
		info  *probe.Info
		scene string
		seek  string // -ss of the scene job, "" for none
		video string // the timing filters
		audio string // the sound's conform, "" for none
	}{
		{"no trim", clip(fps30, 3, withSound), "{id: s, source: c.mp4}", "",
			"setpts=PTS-0,fps=fps=30,tpad=stop_mode=clone:stop=90,trim=start_pts=0:end_pts=90,setpts=PTS-STARTPTS", "[0:a:0]aresample="},
		{"a trim inside the margin", clip(fps30, 3, withSound), "{id: s, source: c.mp4, trim: {start: 0.4s}}", "",
			"setpts=PTS-6144,fps=fps=30,tpad=stop_mode=clone:stop=78,trim=start_pts=0:end_pts=78", "asetpts=PTS-0.4/TB,aresample="},
		{"start", clip(fps30, 3, withSound), "{id: s, source: c.mp4, trim: {start: 1.5s}}", "1.000",
			"setpts=PTS-23040,fps=fps=30,tpad=stop_mode=clone:stop=45,trim=start_pts=0:end_pts=45", "asetpts=PTS-1.5/TB,"},
		{"end", clip(fps30, 3), "{id: s, source: c.mp4, trim: {end: 1s}}", "",
			"setpts=PTS-0,fps=fps=30,tpad=stop_mode=clone:stop=30,trim=start_pts=0:end_pts=30", ""},
		{"start and duration, in frames", clip(fps30, 3), "{id: s, source: c.mp4, trim: {start: 45f, duration: 10f}}", "1.000",
			"setpts=PTS-23040,fps=fps=30,tpad=stop_mode=clone:stop=10,trim=start_pts=0:end_pts=10", ""},
		{"sound 0.5s first", clip(fps30, 3, soundFirst(0.5)), "{id: s, source: c.mp4}", "",
			"setpts=PTS-7680,fps=fps=30,tpad=stop_mode=clone:stop=90", "asetpts=PTS-0.5/TB,"},
		{"sound 0.5s first, trimmed", clip(fps30, 3, soundFirst(0.5)), "{id: s, source: c.mp4, trim: {start: 1s}}", "1.000",
			"setpts=PTS-23040,fps=fps=30,tpad=stop_mode=clone:stop=60", "asetpts=PTS-1.5/TB,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := build(t, film30+"audio: {loudness: off}\nscenes:\n  - "+tt.scene+"\n", map[string]*probe.Info{"c.mp4": tt.info})
			j := sceneJob(t, p, "s")
			if got := argAfter(j.Args, "-ss"); got != tt.seek {
				t.Errorf("scene seek %q, want %q", got, tt.seek)
			}
			if tt.seek != "" && argAfter(j.Args, "-noaccurate_seek") != "-ss" {
				t.Errorf("the seek is not -noaccurate_seek: %q", j.Args)
			}
			wantIn(t, "scene graph", graph(j), tt.video)
			a := jobOfKind(t, p, plan.KindAudio)
			if tt.audio == "" {
				wantNotIn(t, "audio graph", graph(a), "[0:a:0]")
				return
			}
			wantIn(t, "audio graph", graph(a), tt.audio)
			if got := argAfter(a.Args, "-ss"); got != tt.seek {
				t.Errorf("audio seek %q, want the scene's %q", got, tt.seek)
			}
		})
	}
}

// TestBuildErrors: problems only the media show are project errors at the
// field, naming the file and its length, all at once; nothing is planned.
func TestBuildErrors(t *testing.T) {
	media := map[string]*probe.Info{"c.mp4": clip(fps30, 3), "logo.png": image(64, 64, "png_pipe"), "song.wav": wav(2)}
	tests := []struct {
		name, project string
		want          []string
	}{
		{"trims past the end", film30 + `scenes:
  - {id: a, source: c.mp4, trim: {start: 3s}}
  - {id: b, source: c.mp4, trim: {end: 3.5s}}
  - {id: c, source: c.mp4, trim: {start: 2s, duration: 1.1s}}
  - {id: d, source: c.mp4, trim: {start: 1s}, duration: 2.2s}
  - {id: e, source: c.mp4, duration: 3.2s}
`, []string{
			"project.yaml:3: scenes[0].trim: trim starts at 3s but /project/c.mp4 is only 3.000s long",
			"project.yaml:4: scenes[1].trim: trim ends at 3.5s but /project/c.mp4 is only 3.000s long",
			"project.yaml:5: scenes[2].trim: trim takes 1.1s from 2.000s but /project/c.mp4 is only 3.000s long",
			"project.yaml:6: scenes[3].duration: 2.2s is longer than the 2.000s of /project/c.mp4 that remain after trimming",
			"project.yaml:7: scenes[4].duration: 3.2s is longer than the 3.000s of /project/c.mp4",
		}},
		{"an image without a duration", film30 + "scenes:\n  - {id: logo, source: logo.png}\n",
			[]string{"project.yaml:3: scenes[0]: an image needs a duration (add e.g. `duration: 3s`)"}},
		{"a sound file as a scene", film30 + "scenes:\n  - {id: s, source: song.wav, duration: 1s}\n",
			[]string{"project.yaml:3: scenes[0].source: /project/song.wav has no video stream"}},
		{"a bed trimmed past its end", film30 + `scenes:
  - {id: a, source: c.mp4}
audio:
  beds:
    - {source: song.wav, trim: {start: 2.5s}}
`, []string{"project.yaml:6: audio.beds[0].trim: trim starts at 2.5s but /project/song.wav is only 2.000s long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := buildErr(tt.project, media)
			var errs config.Errors
			if !errors.As(err, &errs) || p != nil {
				t.Fatalf("plan %v, error %v; want config.Errors", p != nil, err)
			}
			if len(errs) != len(tt.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(errs), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(errs[i].Error(), w) {
					t.Errorf("error %q\nwant it to start %q", errs[i].Error(), w)
				}
			}
		})
	}
}
