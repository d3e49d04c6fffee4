package plan

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/grade"
	"github.com/reel-film/reel/pipeline/spec"
	"github.com/reel-film/reel/pipeline/text"
	"github.com/reel-film/reel/pipeline/timeline"
	"github.com/reel-film/reel/transitions"
)

// Input is everything a plan is built from. Building is pure: the same input
// gives the same plan.
type Input struct {
	Spec    *spec.Spec // the resolved project
	WorkDir string     // where segments and the audio mix go
	// TempOutput is where the first rendition's mux writes (default
	// beside it); TempTag tags the other renditions' temporary names
	// (plan.TempOutput).
	TempOutput string
	TempTag    string
	// ChunkFrames, when above 0, splits each scene body longer than 1.5
	// times it into round(body/ChunkFrames) jobs of near-equal whole-frame
	// lengths (chunks.go), so that no long scene keeps the render waiting
	// at its end. 0: one job per scene.
	ChunkFrames int64
}

// builder carries the state shared by the job constructors.
type builder struct {
	project *config.Project
	target  conform.Target
	tl      timeline.Timeline
	workDir string
	chunk   int64                  // Input.ChunkFrames
	encs    []*encoding            // the distinct video encodings of the segments
	sounds  []*sound               // the distinct audio streams of the mix
	shots   map[string]grade.Stats // shot-matching statistics by scene id
	draft   bool                   // a preview
	text    *text.Metrics          // card text widths
	fonts   *text.LayerFonts       // the text layers' fonts
	fades   []filmFade             // the film's fade in and out, on the timeline
	layers  []layer                // everything drawn over the picture, in drawing order
	// pxScale converts the project's pixel lengths (in its first output's
	// frame) to the film frame's (a preview is smaller).
	pxScale float64
	// rubberband stretches the sound of clips at another speed with
	// FFmpeg's rubberband filter (else atempo).
	rubberband bool
	// warnings collects the jobs' warnings (card layout) for the plan.
	warnings    []string
	fontsWarned bool // the warning that the fonts are unknown was given
}

// Build compiles a project into a plan. Problems in the project that need the
// probed media to see (a trim past the end of a clip, an image without a
// duration) are returned as config.Errors.
func Build(in Input) (*Plan, error) {
	sp := in.Spec
	p := sp.Film
	scenes, errs := resolveScenes(p, sp.Media)
	if len(errs) == 0 {
		errs = checkLengths(p, scenes)
	}
	if len(errs) > 0 {
		return nil, withLayerMedia(errs, p, sp.Media)
	}
	kinds, reqs, trWarns, errs := resolveTransitions(p, sp.Catalogue, sceneIDs(scenes...))
	if len(errs) > 0 {
		return nil, errs
	}
	frames := make([]int64, len(scenes))
	for i, s := range scenes {
		frames[i] = s.frames
	}
	tl, _, err := timeline.Build(p.Output.FPS, sceneIDs(scenes...), frames, reqs)
	if err != nil {
		return nil, err
	}
	fades, fadeWarns := resolveFades(p, tl)
	layers, errs := resolveLayers(p, tl)
	if len(errs) > 0 {
		return nil, errs
	}
	warnings := placed(p.Warnings, trWarns, clampWarnings(p, tl), fadeWarns, crowdedText(layers, tl))
	for _, s := range scenes {
		if w := decodeWarning(s, p.Output.FPS); w != "" {
			warnings = append(warnings, w)
		}
	}
	b := &builder{project: p, tl: tl, workDir: in.WorkDir, chunk: in.ChunkFrames, shots: sp.Shots, draft: sp.Draft, text: sp.Text, fonts: sp.Fonts, fades: fades, layers: layers,
		pxScale: pxScale(sp), rubberband: sp.Rubberband,
		target: conform.Target{Width: p.Output.Width, Height: p.Output.Height, FPS: p.Output.FPS, Draft: sp.Draft}}
	layerWarns, errs := b.placeMedia(layers, sp.Media)
	if len(errs) > 0 {
		return nil, errs
	}
	warnings = append(warnings, placed(layerWarns)...)
	if sp.Fonts != nil {
		b.warnings = append(b.warnings, sp.Fonts.Warnings...)
	}
	b.warnings = append(b.warnings, b.textWarnings()...)
	outs := sp.Renditions
	if len(outs) == 0 && sp.Poster == nil && sp.Thumbnails == nil {
		outs = []config.Output{p.Output}
	}
	outs, filmAt := withFilm(outs, sp, p.Output)
	rends := b.renditions(outs)
	pl := &Plan{
		Project: p.File, Output: firstPath(outs), TempOutput: in.TempOutput, WorkDir: in.WorkDir,
		Width: p.Output.Width, Height: p.Output.Height, FPS: p.Output.FPS,
		Frames: tl.Frames, Samples: tl.Samples(), Seconds: tl.Seconds(tl.Frames),
		Timeline: tl, Warnings: warnings,
	}
	if pl.TempOutput == "" && pl.Output != "" {
		pl.TempOutput = TempOutput(pl.Output, in.TempTag)
	}
	segs := map[*encoding][]Segment{}
	var sceneJobs []*sceneJob
	if len(b.encs) > 0 { // an audio-only render needs no picture
		sceneJobs = make([]*sceneJob, len(scenes))
		for i, s := range scenes {
			sceneJobs[i] = b.sceneJob(i, s, tl.Scenes[i])
			pl.Jobs = append(pl.Jobs, sceneJobs[i].jobs...)
		}
	}
	pl.Warnings = append(append(pl.Warnings, b.warnings...), captionWarnings(p, rends)...)
	for i, sj := range sceneJobs {
		for _, e := range b.encs {
			segs[e] = append(segs[e], sj.body[e]...)
		}
		if i < len(tl.Transitions) && tl.Transitions[i].Frames > 0 {
			j := b.transitionJob(scenes[i], scenes[i+1], sj, sceneJobs[i+1], tl.Transitions[i], kinds[i], p.Scenes[i].Transition)
			pl.Jobs = append(pl.Jobs, j)
			for k, e := range b.encs {
				segs[e] = append(segs[e], Segment{j.Outputs[k], j.Frames})
			}
		}
	}
	var audioOut map[*sound]string
	if len(b.sounds) > 0 {
		audio, err := b.audioJob(scenes, sp.Media, &pl.Warnings)
		if err != nil {
			return nil, err
		}
		pl.Jobs = append(pl.Jobs, audio)
		audioOut = map[*sound]string{}
		for k, snd := range b.sounds {
			audioOut[snd] = audio.Outputs[k]
		}
	}
	if len(b.encs) > 0 {
		pl.Segments = segs[b.encs[0]]
	}
	var deps []string
	for _, j := range pl.Jobs {
		deps = append(deps, j.ID)
	}
	for _, r := range rends {
		if r.enc == nil && r.snd == nil || r.out.Name == filmName {
			continue // made from the finished film, or the film for it: addDerived
		}
		temp := TempOutput(r.out.Path, in.TempTag)
		if r.out.Path == pl.Output {
			temp = pl.TempOutput
		}
		pl.Jobs = append(pl.Jobs, b.muxJob(r, temp, segs[r.enc], audioOut[r.snd], deps))
		pl.Deliver = append(pl.Deliver, Final{Path: r.out.Path, Temp: temp, Job: pl.Jobs[len(pl.Jobs)-1].ID})
	}
	mux := func(r rendition, temp string) Job { return b.muxJob(r, temp, segs[r.enc], audioOut[r.snd], deps) }
	if err := b.addDerived(pl, rends, filmAt, sp, in.TempTag, mux); err != nil {
		return nil, err
	}
	if pl.Output == "" && len(pl.Deliver) > 0 { // only outputs made from the film
		pl.Output, pl.TempOutput = pl.Deliver[0].Path, pl.Deliver[0].Temp
	}
	return pl, nil
}

// pxScale is the film frame's width over the project's first output's.
func pxScale(sp *spec.Spec) float64 {
	if sp.Project == nil || sp.Project.Output.Width == 0 {
		return 1
	}
	return float64(sp.Film.Output.Width) / float64(sp.Project.Output.Width)
}

// placed joins warnings that have a place in the project file, in file
// order, as text.
func placed(lists ...config.Errors) []string {
	var all config.Errors
	for _, l := range lists {
		all = append(all, l...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	out := make([]string, len(all))
	for i, w := range all {
		out[i] = w.Error()
	}
	return out
}

// Segment is one encoded piece of the picture, in film order.
type Segment struct {
	Path   string `json:"path"`
	Frames int64  `json:"frames"`
}

// TempOutput is the in-progress name of an output: a hidden file beside it,
// so the final rename never crosses file systems; tag (e.g. a process id)
// keeps two renders of one output apart.
func TempOutput(output, tag string) string {
	dir, base := filepath.Split(output)
	if tag != "" {
		base += "." + tag
	}
	return filepath.Join(dir, "."+base+".partial")
}

// resolveTransitions looks up every transition and converts its length to
// frames (the timeline clamps it). A transition shorter than half a frame
// rounds to none, a cut: that is said in a warning naming the scenes.
func resolveTransitions(p *config.Project, cat *transitions.Catalogue, ids []string) ([]transitions.Transition, []int64, config.Errors, config.Errors) {
	var kinds []transitions.Transition
	var reqs []int64
	var warns config.Errors
	var errs config.Errors
	fps := p.Output.FPS
	for i := 0; i+1 < len(p.Scenes); i++ {
		spec := p.Scenes[i].Transition
		tr, err := cat.Lookup(spec.Type)
		if err != nil {
			errs = append(errs, spec.Pos.Errorf("%v", err))
			continue
		}
		n := spec.Duration.Frames(fps)
		if tr.Kind == transitions.Cut {
			n = 0
		} else if n < 1 && i+1 < len(ids) {
			warns = append(warns, spec.Pos.Errorf("transition %s → %s: %s of %s rounds to 0 frames at %v fps, so it is a cut; a transition needs at least one frame (1f = %s)",
				ids[i], ids[i+1], spec.Type, spec.Duration, fps, frameMS(fps)))
		}
		kinds = append(kinds, tr)
		reqs = append(reqs, n)
	}
	return kinds, reqs, warns, errs
}

// clampWarnings reports each transition the timeline clamped to half of a
// neighbouring scene, at the line of the transition that asked for more.
func clampWarnings(p *config.Project, tl timeline.Timeline) config.Errors {
	var warns config.Errors
	for _, t := range tl.Transitions {
		if t.Frames == t.Requested {
			continue
		}
		a, b := tl.Scenes[t.From], tl.Scenes[t.From+1]
		spec := p.Scenes[t.From].Transition
		w := fmt.Sprintf("transition %s → %s: %s of %s clamped to %s (at most half of either scene: %s has %s, %s %s)",
			a.ID, b.ID, spec.Type, frameCount(t.Requested), frameCount(t.Frames), a.ID, frameCount(a.Frames), b.ID, frameCount(b.Frames))
		if t.Frames == 0 {
			w += ", so it is a cut"
		}
		warns = append(warns, spec.Pos.Errorf("%s", w))
	}
	return warns
}

// frameCount is "1 frame" or "n frames".
func frameCount(n int64) string {
	if n == 1 {
		return "1 frame"
	}
	return fmt.Sprintf("%d frames", n)
}

// globalArgs start every ffmpeg command.
func (b *builder) globalArgs() []string {
	return []string{"-hide_banner", "-nostdin", "-y", "-loglevel", "error"}
}

// safeName keeps a file name to letters, digits, '.', '_' and '-'.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, s)
}
