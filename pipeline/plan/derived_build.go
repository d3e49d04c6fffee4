package plan

import (
	"errors"
	"path/filepath"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/spec"
)

// addDerived adds to pl the jobs made from the finished film (the derived
// renditions, the poster, the thumbnails) and what they deliver. The film
// is the first rendition's temporary output when that is MP4 or MOV,
// whose edit lists start its picture and sound at 0 as the frame rule
// counts; otherwise (Matroska and WebM start the picture after AAC's
// priming) mux writes a stream copy of the same segments and sound into
// the work directory (film.mp4, film.mov for ProRes), which is not
// delivered.
func (b *builder) addDerived(pl *Plan, rends []rendition, sp *spec.Spec, tag string, mux func(rendition, string) Job) error {
	var outs []config.Output
	need := sp.Poster != nil || sp.Thumbnails != nil
	for _, r := range rends {
		outs = append(outs, r.out)
		need = need || Derived(r.out, b.project.Output)
	}
	if !need {
		return nil
	}
	first := rends[0]
	if first.enc == nil || len(pl.Deliver) == 0 || pl.Deliver[0].Path != first.out.Path {
		return errors.New("plan: the outputs made from the film need the film's own output (the first) rendered too")
	}
	film := filmFile{Path: pl.Deliver[0].Temp, Job: pl.Deliver[0].Job, Frames: b.tl.Frames, FPS: b.target.FPS,
		Width: b.target.Width, Height: b.target.Height, Audio: first.snd != nil}
	if c := first.out.Container; c != "mp4" && c != "mov" {
		r := first
		r.out.Name, r.out.Container = "reel-film", "mp4"
		if first.out.Codec == "prores" {
			r.out.Container = "mov"
		}
		j := mux(r, filepath.Join(b.workDir, "film."+r.out.Container))
		pl.Jobs = append(pl.Jobs, j)
		film.Path, film.Job = j.Outputs[0], j.ID
	}
	jobs, finals, err := b.derivedJobs(film, outs, sp.Poster, sp.Thumbnails, func(path string) string { return TempOutput(path, tag) })
	if err != nil {
		return err
	}
	pl.Jobs = append(pl.Jobs, jobs...)
	pl.Deliver = append(pl.Deliver, finals...)
	return nil
}
