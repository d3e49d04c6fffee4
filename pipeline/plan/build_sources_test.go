package plan_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/pipeline/probe"
)

// TestBuildStillsAndCards: images are read at the film's rate (only the
// image demuxers take -framerate) and held for exactly their frames;
// placeholder cards read no file, and their text reaches ffmpeg only
// through the script the job writes, never in its arguments.
func TestBuildStillsAndCards(t *testing.T) {
	media := map[string]*probe.Info{
		"logo.png": image(96, 128, "png_pipe"), "photo.jpg": image(320, 240, "image2"), "one.gif": image(64, 64, "gif"),
	}
	p := build(t, film30+`transition: {type: fade, duration: 4f}
fit: contain
scenes:
  - {id: logo, source: logo.png, duration: 1s}
  - {id: photo, source: photo.jpg, duration: 15f, fit: cover}
  - {id: gif, source: one.gif, duration: 0.5s}
  - {id: card, placeholder: {text: "it's [1], a; b: c"}, duration: 20f}
`, media)
	tests := []struct {
		scene   string
		frames  int64  // the scene's
		rate    string // -framerate, "" for none
		hold    string
		inputs  int
		notWant string
	}{
		{"logo", 30, "30", "settb=expr=1/30,setpts=N,tpad=stop_mode=clone:stop=29,trim=end_pts=30", 1, "force_original_aspect_ratio=increase"},
		{"photo", 15, "30", "tpad=stop_mode=clone:stop=14,trim=end_pts=15", 1, "force_original_aspect_ratio=decrease"},
		{"gif", 15, "", "tpad=stop_mode=clone:stop=14,trim=end_pts=15", 1, "-framerate"},
		{"card", 20, "", "gradients=", 0, "it's"},
	}
	for i, tt := range tests {
		j := sceneJob(t, p, tt.scene)
		if s := p.Timeline.Scenes[i]; s.Frames != tt.frames {
			t.Errorf("%s: %d frames, want %d", tt.scene, s.Frames, tt.frames)
		}
		if got := argAfter(j.Args, "-framerate"); got != tt.rate {
			t.Errorf("%s: -framerate %q, want %q", tt.scene, got, tt.rate)
		}
		if n := strings.Count(strings.Join(j.Args, " "), " -i "); n != tt.inputs || len(j.Inputs) != tt.inputs {
			t.Errorf("%s: %d inputs (%v), want %d", tt.scene, n, j.Inputs, tt.inputs)
		}
		wantIn(t, tt.scene+" graph", graph(j), tt.hold)
		wantNotIn(t, tt.scene+" args", strings.Join(j.Args, " "), tt.notWant)
		wantNotIn(t, tt.scene+" args", strings.Join(j.Args, " "), "-ss")
	}
	card := sceneJob(t, p, "card")
	if len(card.Files) != 1 || !strings.HasSuffix(card.Files[0].Path, "s04-card-card.ass") {
		t.Fatalf("card files %v, want its script", card.Files)
	}
	// The event outlasts the card (to the next whole second, plus 2 s).
	wantIn(t, "card script", card.Files[0].Content, `Dialogue: 0,0:00:00.00,0:00:02.00,Card,,0,0,0,,it's [1], a; b: c`)
	wantIn(t, "card graph", graph(card), "ass=filename="+card.Files[0].Path)
}

// TestBuildFades: the film's fades lie on its timeline. Every segment they
// touch, and only those, carries a layer of the fade's colour over exactly
// the faded frames; the raw head and tail a transition reads are never
// faded (the raw part's arguments, its key, leave the fade out); the sound
// fades over the same samples.
func TestBuildFades(t *testing.T) {
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 2, withSound)}
	p := build(t, film30+`fade_in: 15f
fade_out: {duration: 1s, color: white}
audio: {loudness: off}
scenes:
  - {id: a, source: a.mp4, transition: {type: fade, duration: 10f}}
  - {id: b, source: a.mp4, duration: 1s, transition: {type: dip, duration: 4f}}
  - {id: c, source: a.mp4, duration: 20f}
`, media)
	// Film: a [0,60), b [50,80), c [76,96): fade in [0,15), fade out [66,96).
	if p.Frames != 96 {
		t.Fatalf("film of %d frames, want 96", p.Frames)
	}
	a, b, c := sceneJob(t, p, "a"), sceneJob(t, p, "b"), sceneJob(t, p, "c")
	trs := transitionJobs(p)
	tests := []struct {
		job    *plan.Job
		layers []string // colour layers, in order
		raw    bool     // a raw part (head, tail), its args without the fade
		at     string   // where the last layer starts in the segment
	}{
		{a, []string{"color=c=black:s=160x90:r=30,trim=end_frame=15,"}, true, "setpts=N+0[fadecolor0]"}, // body [0,50)
		{trs[0], nil, false, ""}, // [50,60)
		{b, []string{"color=c=white:s=160x90:r=30,trim=end_frame=10,"}, true, "setpts=N+6[fadecolor0]"},      // body [60,76): [66,76)
		{trs[1], []string{"color=c=white:s=160x90:r=30,trim=end_frame=4,"}, false, "setpts=N+0[fadecolor0]"}, // [76,80)
		{c, []string{"color=c=white:s=160x90:r=30,trim=end_frame=16,"}, true, "setpts=N+0[fadecolor0]"},      // body [80,96)
	}
	for _, tt := range tests {
		g := graph(tt.job)
		if n := strings.Count(g, "overlay="); n != len(tt.layers) {
			t.Errorf("%s: %d fade layers, want %d", tt.job.ID, n, len(tt.layers))
		}
		wantIn(t, tt.job.ID+" graph", g, tt.layers...)
		if tt.at != "" {
			wantIn(t, tt.job.ID+" graph", g, tt.at)
		}
		raw := -1
		for k, pt := range tt.job.Parts {
			if pt.Name == "raw" {
				raw = k
			}
		}
		if (raw >= 0) != tt.raw {
			t.Errorf("%s: a raw part %v, want %v", tt.job.ID, raw >= 0, tt.raw)
		}
		if raw >= 0 {
			wantNotIn(t, tt.job.ID+" raw part's args", strings.Join(tt.job.PartArgs(raw), " "), "overlay=", "color=c=")
			for _, o := range tt.job.Parts[raw].Outputs {
				if !strings.HasSuffix(tt.job.Outputs[o], ".nut") {
					t.Errorf("%s: the raw part writes %s", tt.job.ID, tt.job.Outputs[o])
				}
			}
		}
	}
	au := graph(jobOfKind(t, p, plan.KindAudio))
	wantIn(t, "audio graph", au,
		"afade=type=in:start_sample=0:nb_samples=24000",
		fmt.Sprintf("afade=type=out:start_sample=%d:nb_samples=48000", p.Timeline.Sample(66)))
}

// TestBuildAudio: beds, voice-overs, ducking and loudness in the one
// audio job: the files it reads, where each track lands in samples, how
// long a looped bed's period is, and the measuring pass.
func TestBuildAudio(t *testing.T) {
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 2, withSound), "music.wav": wav(2), "vo.wav": wav(1)}
	const scenes = `scenes:
  - {id: a, source: a.mp4}
  - {id: b, source: a.mp4, volume: mute}
`
	tests := []struct {
		name, audio string
		inputs      []string // the audio job's files, by name
		want        []string // in the audio graph
		not         []string
		loud        bool // a measuring pass and a target
		warning     string
	}{
		{"scene sound only", "audio: {loudness: off}\n", []string{"a.mp4"},
			[]string{"[0:a:0]aresample=", "anullsrc=r=48000:cl=stereo,atrim=end_sample=96000"}, []string{"amix", "sidechaincompress"}, false, ""},
		{"a looped bed", "audio:\n  beds:\n    - {source: music.wav, loop: true, trim: {start: 0.5s}, fade_in: 1s}\n", []string{"a.mp4", "music.wav"},
			[]string{"atrim=end_sample=72000,asetpts=N/SR/TB,aloop=loop=-1:size=72000", "afade=t=in:ss=0:ns=48000", "apad=whole_len=192000,atrim=end_sample=192000"},
			[]string{"sidechaincompress"}, true, ""},
		{"a bed from a scene on, not looped", "audio:\n  beds:\n    - {source: music.wav, start: {scene: b, offset: 0.5s}, volume: -6dB}\n", []string{"a.mp4", "music.wav"},
			[]string{"volume=volume=-6dB,adelay=delays=120000S:all=1"}, []string{"aloop"}, true, ""},
		{"voice-overs ducking a synth bed", "audio:\n  beds:\n    - {synth: pad, duck: true}\n  voiceover:\n    - {source: vo.wav, at: {scene: b, offset: 10f}}\n    - {synth: voice, at: 0.5s, duration: 1s}\n  loudness: {target: -16, true_peak: -2}\n",
			[]string{"a.mp4", "vo.wav"},
			[]string{"adelay=delays=112000S:all=1", "adelay=delays=24000S:all=1", "sidechaincompress=", "aevalsrc="}, nil, true, ""},
		{"silence with an audio section", "audio: {loudness: broadcast}\n", nil, nil, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := media
			sc := scenes
			if tt.name == "silence with an audio section" {
				m = map[string]*probe.Info{"a.mp4": clip(fps30, 2)}
				tt.warning = "project.yaml:1: audio: the film has no sound"
				tt.inputs = nil
			}
			p := build(t, tt.audio+film30+sc, m)
			j := jobOfKind(t, p, plan.KindAudio)
			var got []string
			for _, in := range j.Inputs {
				got = append(got, strings.TrimPrefix(in, "/project/"))
			}
			if strings.Join(got, " ") != strings.Join(tt.inputs, " ") {
				t.Errorf("audio job reads %v, want %v", got, tt.inputs)
			}
			if j.Outputs[0] != "/work/audio.m4a" || j.Seconds != 4 {
				t.Errorf("audio job writes %v for %gs", j.Outputs, j.Seconds)
			}
			wantIn(t, "audio graph", graph(j), tt.want...)
			wantNotIn(t, "audio graph", graph(j), tt.not...)
			if (j.Loudness != nil) != tt.loud || (len(j.Measure) > 0) != tt.loud {
				t.Errorf("loudness %v, measure %d args; want loudness %v", j.Loudness, len(j.Measure), tt.loud)
			}
			if tt.loud && strings.Contains(tt.audio, "-16") && (j.Loudness.I != -16 || j.Loudness.TruePeak != -2) {
				t.Errorf("target %+v, want -16 LUFS, -2 dBTP", j.Loudness)
			}
			if tt.warning != "" && (len(p.Warnings) != 1 || !strings.HasPrefix(p.Warnings[0], tt.warning)) {
				t.Errorf("warnings %q, want %q", p.Warnings, tt.warning)
			}
		})
	}
}

// TestBuildDraft: a preview (Spec.Draft) decodes clips without deblocking
// and scales by area averaging, and changes nothing of the timing: the
// same timeline, segments and timing filters.
func TestBuildDraft(t *testing.T) {
	project := []byte(film30 + `scenes:
  - {id: clip, source: a.mp4, trim: {start: 1s}, transition: {type: fade, duration: 5f}}
  - {id: logo, source: logo.png, duration: 10f}
`)
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 3), "logo.png": image(64, 64, "png_pipe")}
	plans := map[bool]*plan.Plan{}
	for _, draft := range []bool{false, true} {
		sp, err := plantest.Spec(project, media, nil)
		if err != nil {
			t.Fatal(err)
		}
		sp.Draft = draft
		p, err := plan.Build(plan.Input{Spec: sp, WorkDir: plantest.WorkDir})
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, p)
		plans[draft] = p
	}
	full, draft := plans[false], plans[true]
	if fmt.Sprint(full.Timeline, full.Segments) != fmt.Sprint(draft.Timeline, draft.Segments) {
		t.Errorf("the preview's timeline or segments differ:\n%v %v\n%v %v", full.Timeline, full.Segments, draft.Timeline, draft.Segments)
	}
	for _, id := range []string{"clip", "logo"} {
		f, d := sceneJob(t, full, id), sceneJob(t, draft, id)
		skip := argAfter(d.Args, "-skip_loop_filter") == "all"
		if skip != (id == "clip") || argAfter(f.Args, "-skip_loop_filter") != "" {
			t.Errorf("%s: -skip_loop_filter in the preview %v, in the render %q", id, skip, argAfter(f.Args, "-skip_loop_filter"))
		}
		wantIn(t, id+" preview graph", graph(d), ":flags=area")
		wantNotIn(t, id+" render graph", graph(f), "flags=area")
		timing := func(g string) string { g, _, _ = strings.Cut(g, "[t0]"); return g }
		if id == "clip" && timing(graph(f)) != timing(graph(d)) {
			t.Errorf("the preview's timing differs:\n%s\n%s", timing(graph(f)), timing(graph(d)))
		}
	}
}

// TestBuildRenditions: more outputs add encodings, not decoding. Each scene
// is still decoded once, by one job, which writes a body per distinct
// video encoding (each a part with its own key) besides the raw frames;
// each transition a window per encoding; the sound is mixed once and
// encoded per audio codec; every rendition has its own mux, reading its
// own segments.
func TestBuildRenditions(t *testing.T) {
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 2, withSound)}
	const scenes = `scenes:
  - {id: a, source: a.mp4, transition: {type: fade, duration: 5f}}
  - {id: b, source: a.mp4, duration: 1s}
`
	one := build(t, film30+scenes, media)
	many := build(t, `outputs:
  - {path: out.mp4, size: 160x90, fps: 30, quality: draft}
  - {path: vertical.mp4, size: 90x160, fit: blur}
  - {path: square.mp4, size: 90x90, fit: cover}
  - {path: small.webm, codec: vp9, size: 96x54}
  - {path: sound.m4a}
`+scenes, media)
	count := func(p *plan.Plan, kind string) int {
		n := 0
		for _, j := range p.Jobs {
			if j.Kind == kind {
				n++
			}
		}
		return n
	}
	if count(many, plan.KindVideo) != count(one, plan.KindVideo) || count(many, plan.KindAudio) != 1 {
		t.Errorf("%d video and %d audio jobs for 5 outputs, %d video for one", count(many, plan.KindVideo), count(many, plan.KindAudio), count(one, plan.KindVideo))
	}
	if n := count(many, plan.KindMux); n != 5 || len(many.Deliver) != 5 {
		t.Errorf("%d mux jobs, %d delivered files; want 5", n, len(many.Deliver))
	}
	for _, id := range []string{"a", "b"} {
		j := sceneJob(t, many, id)
		if n := strings.Count(strings.Join(j.Args, " "), " -i "); n != 1 {
			t.Errorf("scene %s opens its clip %d times", id, n)
		}
		var bodies, raw int
		for _, pt := range j.Parts {
			switch {
			case pt.Name == "raw":
				raw++
			case strings.HasPrefix(pt.Name, "body"):
				bodies++
			}
		}
		if bodies != 4 || raw != 1 {
			t.Errorf("scene %s: %d body parts and %d raw, want 4 encodings and the raw frames", id, bodies, raw)
		}
	}
	if tr := transitionJobs(many); len(tr) != 1 || len(tr[0].Outputs) != 4 {
		t.Errorf("transition jobs %d, want one writing a window per encoding", len(tr))
	}
	au := jobOfKind(t, many, plan.KindAudio)
	if len(au.Outputs) != 2 || len(au.Parts) != 2 {
		t.Errorf("the audio job writes %v in %d parts; want AAC and Opus", au.Outputs, len(au.Parts))
	}
	joins := map[int]int{} // segments joined -> muxes
	for _, j := range many.Jobs {
		if j.Kind != plan.KindMux {
			continue
		}
		videos := 0
		for _, in := range j.Inputs {
			if !strings.Contains(in, "audio.") {
				videos++
			}
		}
		joins[videos]++
	}
	if joins[3] != 4 || joins[0] != 1 {
		t.Errorf("muxes by segments joined: %v; want 4 joining 3 (body, window, body) and the soundtrack's none", joins)
	}
}
